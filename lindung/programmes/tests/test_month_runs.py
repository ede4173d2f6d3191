"""A year's months in a mask, as the invoices, the decree and the explanations name them."""

from datetime import date

from lindung.programmes.models import ProgrammeYear

YEAR = ProgrammeYear(year=2021, period_start=date(2021, 10, 1), months=12)


def _mask(*months: int) -> int:
    return sum(1 << (m - 1) for m in months)


def test_consecutive_months_run_together_and_a_gap_starts_a_new_run():
    assert YEAR.month_runs(_mask(1, 2, 3, 5, 11, 12)) == [(1, 3), (5, 5), (11, 12)]
    assert YEAR.month_runs(0) == []


def test_bits_past_the_period_are_not_months_of_it():
    assert YEAR.month_runs(_mask(12) | 1 << 12) == [(12, 12)]


def test_the_label_names_each_run_across_the_new_year():
    assert YEAR.mask_label(_mask(1, 2, 3, 5)) == "Oktober 2021 – Desember 2021, Februari 2022"
    assert YEAR.mask_label(0) == ""
