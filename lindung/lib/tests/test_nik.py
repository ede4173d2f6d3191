from datetime import date
from decimal import Decimal

import pytest

from lindung.lib.nik import (
    NikError,
    NikInfo,
    clean_nik,
    compare_nik,
    mask_nik,
    parse_nik,
)

TODAY = date(2026, 3, 1)
MAN = "6402061205800003"  # Tenggarong, 12 May 1980
WOMAN = "6402065205800003"  # Tenggarong, 12 May 1980, day + 40


def error_code(value, **kwargs):
    with pytest.raises(NikError) as caught:
        parse_nik(value, today=TODAY, **kwargs)
    return caught.value.code


def test_male_nik_gives_district_birth_date_sex_and_serial():
    info = parse_nik(MAN, today=TODAY)
    assert info == NikInfo(
        nik=MAN,
        district_code="64.02.06",
        birth_date=date(1980, 5, 12),
        sex="L",
        serial="0003",
    )


def test_female_day_offset_gives_sex_p():
    info = parse_nik(WOMAN, today=TODAY)
    assert info.sex == "P"
    assert info.birth_date == date(1980, 5, 12)


def test_day_41_is_the_first_of_the_month_for_a_woman():
    assert parse_nik("6402064101900001", today=TODAY).birth_date == date(1990, 1, 1)


def test_day_71_is_the_31st_for_a_woman():
    assert parse_nik("6402067101900001", today=TODAY).birth_date == date(1990, 1, 31)


def test_two_digit_year_in_the_past_of_this_century_is_2000s():
    assert parse_nik("6402061205050003", today=TODAY).birth_date == date(2005, 5, 12)


def test_two_digit_year_in_the_future_falls_back_to_1900s():
    assert parse_nik("6402061205300003", today=TODAY).birth_date == date(1930, 5, 12)


def test_birthday_later_this_year_is_a_century_ago():
    # 12 Dec 2026 is after "today" (1 Mar 2026).
    assert parse_nik("6402061212260003", today=TODAY).birth_date == date(1926, 12, 12)


def test_birth_date_equal_to_today_stays_in_this_century():
    assert parse_nik("6402060103260003", today=TODAY).birth_date == date(2026, 3, 1)


def test_century_follows_the_given_today():
    nik = "6402061205300003"
    assert parse_nik(nik, today=date(2031, 1, 1)).birth_date == date(2030, 5, 12)


def test_29_february_2000_is_accepted():
    assert parse_nik("6402062902000003", today=TODAY).birth_date == date(2000, 2, 29)


def test_29_february_of_a_non_leap_year_is_refused():
    assert error_code("6402062902010003") == "nik_tanggal_salah"


def test_29_february_takes_the_other_century_when_the_chosen_one_has_no_such_day():
    # In 2101, YY=00 first means 2100, which has no 29 Feb.
    info = parse_nik("6402062902000003", today=date(2101, 1, 1))
    assert info.birth_date == date(2000, 2, 29)


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
def test_day_outside_both_ranges_is_refused(day):
    assert error_code(f"640206{day}05800003") == "nik_tanggal_salah"


@pytest.mark.parametrize("month", ["00", "13"])
def test_month_outside_1_to_12_is_refused(month):
    assert error_code(f"64020612{month}800003") == "nik_tanggal_salah"


def test_31_april_is_refused():
    assert error_code("6402063104800003") == "nik_tanggal_salah"


def test_serial_0000_is_refused():
    assert error_code("6402061205800000") == "nik_nomor_urut_salah"


def test_unknown_district_is_refused_with_its_code_in_the_message():
    with pytest.raises(NikError) as caught:
        parse_nik(MAN, today=TODAY, district_known=lambda code: code == "64.02.01")
    assert caught.value.code == "nik_wilayah_tidak_dikenal"
    assert "64.02.06" in caught.value.message


def test_known_district_callback_receives_dotted_code():
    seen = []
    parse_nik(MAN, today=TODAY, district_known=lambda code: seen.append(code) or True)
    assert seen == ["64.02.06"]


def test_error_text_is_the_message():
    with pytest.raises(NikError) as caught:
        clean_nik("")
    assert caught.value.code == "nik_kosong"
    assert str(caught.value) == caught.value.message


@pytest.mark.parametrize("value", [None, "", "   ", "\u00a0", "'", float("nan")])
def test_empty_values_are_nik_kosong(value):
    with pytest.raises(NikError) as caught:
        clean_nik(value)
    assert caught.value.code == "nik_kosong"


@pytest.mark.parametrize(
    "value",
    [
        " 6402061205800003 ",
        "'6402061205800003",
        "\u2019 6402061205800003",
        "\u00a06402061205800003\u202f",
        "\u20076402061205800003",
        "\u200b6402061205800003\ufeff",
        "6402 0612 0580 0003",
        "64.02.06.120580.0003",
        "640206-120580-0003",
        "640206;1205800003",
        "６４０２０６１２０５８００００３",
    ],
)
def test_text_noise_around_and_inside_the_digits_is_cleaned(value):
    assert clean_nik(value) == MAN


@pytest.mark.parametrize("value", ["6.40206E+15", "6,40206E+15", "6.40206e15", "6,402061205E+15", "6E+15"])
def test_scientific_notation_text_is_refused_in_both_locales(value):
    with pytest.raises(NikError) as caught:
        clean_nik(value)
    assert caught.value.code == "nik_notasi_ilmiah"
    assert "Teks" in caught.value.message
    assert "16 digit" in caught.value.message


def test_non_integer_float_is_scientific_notation():
    with pytest.raises(NikError) as caught:
        clean_nik(6402061205.8)
    assert caught.value.code == "nik_notasi_ilmiah"


def test_int_with_sixteen_digits_not_ending_in_zero_is_kept():
    assert clean_nik(6402061205800003) == MAN


def test_integral_float_and_decimal_are_read_like_ints():
    assert clean_nik(6402061205800003.0) == MAN
    assert clean_nik(Decimal(6402061205800003)) == MAN


@pytest.mark.parametrize(
    "value",
    [
        6402061205800000,
        6402061205800000.0,
        Decimal("6.40206120580E+15"),
        640206120580000,
    ],
)
def test_number_that_lost_its_last_digit_is_nik_terpotong(value):
    with pytest.raises(NikError) as caught:
        clean_nik(value)
    assert caught.value.code == "nik_terpotong"
    assert "Teks" in caught.value.message


def test_float_written_out_as_text_goes_through_the_number_rules():
    assert clean_nik("6402061205800003.0") == MAN
    with pytest.raises(NikError) as caught:
        clean_nik("6402061205800000.0")
    assert caught.value.code == "nik_terpotong"


def test_sixteen_digit_text_ending_in_zero_is_not_suspected():
    assert clean_nik("6402061205800010") == "6402061205800010"


@pytest.mark.parametrize("value", ["640206120580000", "64020612058000031", 640206, 0])
def test_wrong_number_of_digits_is_nik_panjang_salah(value):
    with pytest.raises(NikError) as caught:
        clean_nik(value)
    assert caught.value.code == "nik_panjang_salah"


@pytest.mark.parametrize(
    "value",
    [
        "64020612058O0003",
        "NIK 6402061205800003",
        "6402061205800003/1",
        -6402061205800003,
        True,
    ],
)
def test_letters_and_signs_are_nik_bukan_angka(value):
    with pytest.raises(NikError) as caught:
        clean_nik(value)
    assert caught.value.code == "nik_bukan_angka"


def test_arabic_indic_digits_are_not_accepted_as_digits():
    with pytest.raises(NikError) as caught:
        clean_nik("٦٤٠٢٠٦١٢٠٥٨٠٠٠٠٣")
    assert caught.value.code == "nik_bukan_angka"


def test_bukan_angka_message_names_the_offending_character():
    with pytest.raises(NikError) as caught:
        clean_nik("64020612058O0003")
    assert "O" in caught.value.message


def test_clean_nik_does_not_check_the_date():
    assert clean_nik("6402063205800003") == "6402063205800003"


def test_matching_entered_data_gives_no_discrepancy():
    info = parse_nik(WOMAN, today=TODAY)
    assert compare_nik(info, birth_date=date(1980, 5, 12), sex="P") == []


def test_missing_entered_data_is_not_compared():
    info = parse_nik(WOMAN, today=TODAY)
    assert compare_nik(info, birth_date=None, sex=None) == []


def test_century_difference_is_not_a_discrepancy():
    info = parse_nik("6402061205250003", today=TODAY)  # read as 2025
    assert compare_nik(info, birth_date=date(1925, 5, 12), sex="L") == []


@pytest.mark.parametrize("entered", [date(1980, 5, 13), date(1980, 6, 12), date(1981, 5, 12)])
def test_different_day_month_or_year_is_nik_beda_tanggal_lahir(entered):
    info = parse_nik(MAN, today=TODAY)
    [discrepancy] = compare_nik(info, birth_date=entered, sex="L")
    assert discrepancy.code == "nik_beda_tanggal_lahir"


def test_date_discrepancy_message_names_both_dates_in_indonesian():
    info = parse_nik(MAN, today=TODAY)
    [discrepancy] = compare_nik(info, birth_date=date(1980, 8, 17), sex=None)
    assert "17 Agustus 1980" in discrepancy.message
    assert "12 Mei 1980" in discrepancy.message


def test_date_discrepancy_shows_the_nik_date_in_the_entered_century():
    info = parse_nik("6402061205250003", today=TODAY)  # read as 2025
    [discrepancy] = compare_nik(info, birth_date=date(1925, 5, 13), sex=None)
    assert "12 Mei 1925" in discrepancy.message


def test_different_sex_is_nik_beda_jenis_kelamin_naming_both():
    info = parse_nik(WOMAN, today=TODAY)
    [discrepancy] = compare_nik(info, birth_date=None, sex="L")
    assert discrepancy.code == "nik_beda_jenis_kelamin"
    assert "laki-laki" in discrepancy.message
    assert "perempuan" in discrepancy.message


def test_both_discrepancies_are_reported_together():
    info = parse_nik(MAN, today=TODAY)
    found = compare_nik(info, birth_date=date(1979, 5, 12), sex="p")
    assert [d.code for d in found] == [
        "nik_beda_tanggal_lahir",
        "nik_beda_jenis_kelamin",
    ]


def test_mask_keeps_only_the_province_and_regency_digits():
    assert mask_nik(MAN) == "6402************"


def test_mask_gives_nothing_a_list_with_village_and_birth_date_does_not_already_show():
    # A sponsor's decree file shows village and birth date beside the mask: the kecamatan and
    # date digits are known, so the mask must not add the serial, the one part left to guess.
    shown = mask_nik(MAN)
    assert MAN[12:] not in shown[4:]
    assert set(shown[4:]) == {"*"}


@pytest.mark.parametrize("value", ["", "640206", "64020612058000031"])
def test_mask_of_a_malformed_value_hides_everything(value):
    assert mask_nik(value) == "*" * len(value)


def test_date_discrepancy_picks_the_century_that_makes_a_living_worker():
    # Born 23 July 2002 by the NIK; the clerk typed 1980. 1902 would be a 124-year-old.
    info = parse_nik("6402062307020003", today=date(2026, 12, 1))
    [discrepancy] = compare_nik(info, birth_date=date(1980, 5, 12), sex=None, today=date(2026, 12, 1))
    assert "menurut NIK 23 Juli 2002" in discrepancy.message
    assert "1902" not in discrepancy.message
