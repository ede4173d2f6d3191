"""An export profile's typed headers pass through the one formula-safe writer (lindung.lib.safe_cells)."""

import pytest

from lindung.enrolment import exports


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x")', "+62 811", "-1", "@SUM(A1)"])
def test_a_header_typed_like_a_formula_is_stored_as_text(typed):
    column, _ = exports.check_columns([{"field": "nik", "header": typed}, {"field": "name", "header": "Nama"}])
    assert column["header"] == "'" + typed


def test_a_plain_header_is_left_as_typed():
    (column,) = exports.check_columns([{"field": "nik", "header": "  NO   KTP "}])
    assert column["header"] == "NO KTP"
