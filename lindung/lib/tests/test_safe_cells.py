from datetime import date

import pytest

from lindung.lib.safe_cells import safe, safe_row


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://evil.example","Klik")', "+62 812 3456", "-1+1", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_that_could_start_a_formula_gets_an_apostrophe(typed):
    assert safe(typed) == "'" + typed


@pytest.mark.parametrize("value", ["Ahmad Fauzi", "Jl. Mawar = 5", "", None, 0, -5, 12.5, date(2024, 5, 12)])
def test_plain_text_numbers_and_dates_stay_as_they_are(value):
    assert safe(value) == value


def test_a_row_is_neutralised_cell_by_cell():
    assert safe_row(["=1", 2, "x"]) == ["'=1", 2, "x"]
