from datetime import date, datetime
from decimal import Decimal

import pytest

from lindung.lib.formatting import (
    BULAN,
    age_on,
    parse_month_name,
    rupiah,
    tanggal,
    tanggal_waktu,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1786176000, "Rp 1.786.176.000"),
        (0, "Rp 0"),
        (999, "Rp 999"),
        (1000, "Rp 1.000"),
        (-5000, "-Rp 5.000"),
        (Decimal("16800.00"), "Rp 16.800"),
        (Decimal("1234.5"), "Rp 1.234,50"),
        (Decimal("-1234.567"), "-Rp 1.234,57"),
        (Decimal("-0.001"), "Rp 0"),
    ],
)
def test_rupiah_uses_dot_thousands_and_comma_decimals(amount, text):
    assert rupiah(amount) == text


def test_tanggal_uses_indonesian_month_names():
    assert tanggal(date(2024, 5, 12)) == "12 Mei 2024"
    assert tanggal(date(2024, 8, 1)) == "1 Agustus 2024"


def test_tanggal_of_none_is_empty():
    assert tanggal(None) == ""
    assert tanggal_waktu(None) == ""


def test_tanggal_waktu_writes_time_with_a_dot():
    assert tanggal_waktu(datetime(2024, 5, 12, 14, 5)) == "12 Mei 2024 14.05"


def test_bulan_has_twelve_months_from_januari():
    assert len(BULAN) == 12
    assert (BULAN[0], BULAN[4], BULAN[11]) == ("Januari", "Mei", "Desember")


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("Januari", 1),
        ("jan", 1),
        ("FEB", 2),
        ("Mei", 5),
        ("May", 5),
        ("Agu", 8),
        ("Agt", 8),
        ("Ags.", 8),
        ("Aug", 8),
        ("Agustus", 8),
        ("Okt", 10),
        ("Oct", 10),
        ("Des", 12),
        ("Dec", 12),
        (" desember ", 12),
    ],
)
def test_parse_month_name_accepts_indonesian_and_english(text, month):
    assert parse_month_name(text) == month


@pytest.mark.parametrize("text", ["", "Mai", "13", "Ju"])
def test_parse_month_name_returns_none_for_unknown_text(text):
    assert parse_month_name(text) is None


def test_age_counts_whole_years():
    assert age_on(date(1980, 5, 12), date(2024, 5, 11)) == 43
    assert age_on(date(1980, 5, 12), date(2024, 5, 12)) == 44


def test_29_february_birthday_counts_on_1_march_in_non_leap_years():
    born = date(2000, 2, 29)
    assert age_on(born, date(2023, 2, 28)) == 22
    assert age_on(born, date(2023, 3, 1)) == 23
    assert age_on(born, date(2024, 2, 29)) == 24
