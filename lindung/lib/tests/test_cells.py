"""Cells to values: dates in the ways villages write them, sex, ticks, villages by name."""

from datetime import date, datetime

import pytest

from lindung.lib.cells import (
    CellError,
    VillageIndex,
    VillageRecord,
    parse_date,
    parse_occupation,
    parse_sex,
    sex_from_ticks,
    split_place_date,
)

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    "cell",
    [
        date(1980, 5, 12),
        datetime(1980, 5, 12, 0, 0),
        29353,
        29353.0,
        "29353",
        "12-05-1980",
        "12/05/1980",
        "12.05.1980",
        "12/05/80",
        "12 Mei 1980",
        "12 MEI 1980",
        "12-Mei-1980",
        "12 Mei 80",
        "1980-05-12",
        "1980-05-12 00:00:00",
        " 12-05-1980\u00a0",
    ],
)
def test_a_birth_date_is_read_in_every_way_villages_write_it(cell):
    assert parse_date(cell, today=TODAY) == date(1980, 5, 12)


def test_two_digit_years_give_a_living_workers_age():
    assert parse_date("01/02/05", today=TODAY) == date(2005, 2, 1)
    assert parse_date("01/02/15", today=TODAY) == date(1915, 2, 1)
    assert parse_date("01/02/62", today=TODAY) == date(1962, 2, 1)


def test_a_date_that_is_not_in_the_calendar_says_so():
    with pytest.raises(CellError) as exc:
        parse_date("31-02-1980", today=TODAY)
    assert exc.value.code == "tgl_lahir_tidak_ada" and "tanggal-bulan-tahun" in exc.value.message


def test_unreadable_text_and_a_nik_in_the_date_column_are_refused():
    for cell in ("kemarin", 6402061205800001.0, "12 Mai 1980"):
        with pytest.raises(CellError) as exc:
            parse_date(cell, today=TODAY)
        assert exc.value.code == "tgl_lahir_tidak_terbaca"


def test_blank_date_is_none():
    assert parse_date("  ", today=TODAY) is None


@pytest.mark.parametrize(
    "cell,sex",
    [("L", "L"), ("Laki-laki", "L"), ("LK", "L"), ("Pria", "L"), ("laki laki", "L"), ("P", "P"),
     ("Perempuan", "P"), ("PR", "P"), ("Wanita", "P"), ("PEREMPUAN", "P")],
)  # fmt: skip
def test_sex_is_read_from_the_words_villages_use(cell, sex):
    assert parse_sex(cell) == sex


def test_unknown_sex_says_what_to_write():
    with pytest.raises(CellError) as exc:
        parse_sex("X")
    assert "L untuk laki-laki" in exc.value.message


def test_tick_columns_give_the_sex_and_both_ticked_is_refused():
    assert sex_from_ticks("v", "") == "L"
    assert sex_from_ticks(None, "\u2713") == "P"
    assert sex_from_ticks(1.0, "") == "L"
    assert sex_from_ticks("", "") is None
    with pytest.raises(CellError) as exc:
        sex_from_ticks("v", "v")
    assert exc.value.code == "jk_ganda"


def test_combined_place_and_date_is_split():
    assert split_place_date("Tenggarong, 12-05-1980", today=TODAY) == ("Tenggarong", date(1980, 5, 12))
    assert split_place_date("Loa Kulu / 12 Mei 1980", today=TODAY) == ("Loa Kulu", date(1980, 5, 12))
    assert split_place_date("Samarinda 12/05/80", today=TODAY) == ("Samarinda", date(1980, 5, 12))


def test_occupations_are_mapped_by_wording_and_others_kept_as_lainnya():
    assert parse_occupation("Tukang Ojek") == ("ojek", "")
    assert parse_occupation("buruh_harian_lepas") == ("buruh_harian_lepas", "")
    assert parse_occupation("Imam/marbot masjid") == ("imam_marbot", "")
    assert parse_occupation("PENCARI ROTAN") == ("lainnya", "PENCARI ROTAN")
    assert parse_occupation("") == ("", "")


@pytest.fixture
def villages():
    return VillageIndex(
        [
            VillageRecord("64.02.06.1008", "Kampung Baru", "64.02.06", "Tenggarong"),
            VillageRecord("64.02.13.1005", "Kampung Baru", "64.02.13", "Samboja"),
            VillageRecord("64.02.06.1010", "Mangkurawang", "64.02.06", "Tenggarong"),
        ]
    )


def test_village_found_by_name_or_code(villages):
    assert villages.find("Desa Mangkurawang") == "64.02.06.1010"
    assert villages.find("KEL. MANGKURAWANG") == "64.02.06.1010"
    assert villages.find("6402061010") == "64.02.06.1010"
    assert villages.find("64.02.06.1010") == "64.02.06.1010"


def test_a_namesake_village_is_told_apart_by_the_district_in_the_row_or_the_title(villages):
    assert villages.find("Kampung Baru", district="Kec. Samboja") == "64.02.13.1005"
    assert villages.find("Kampung Baru", title_district="64.02.06") == "64.02.06.1008"
    with pytest.raises(CellError) as exc:
        villages.find("Kampung Baru")
    assert exc.value.code == "desa_ambigu" and "Samboja" in exc.value.message and "Tenggarong" in exc.value.message


def test_an_unknown_village_is_refused(villages):
    for cell in ("Antah Berantah", "64.02.02.9999"):
        with pytest.raises(CellError) as exc:
            villages.find(cell)
        assert exc.value.code == "desa_tidak_dikenal"


def test_a_birth_place_without_a_date_is_a_place_and_no_date():
    assert split_place_date("Balikpapan", today=TODAY) == ("Balikpapan", None)


def test_the_occupations_kukar_funds_have_their_own_categories():
    from lindung.lib.cells import parse_occupation

    assert parse_occupation("Tukang Pijat") == ("tukang_pijat", "")
    assert parse_occupation("Guru Ngaji") == ("guru_ngaji", "")
    assert parse_occupation("PEMULUNG") == ("pemulung", "")
    assert parse_occupation("Penjaga Tambak") == ("penjaga_tambak", "")
