"""Cells written to XLSX or CSV never start a formula.

A name, street or funder typed as `=HYPERLINK("http://…","Klik")` must reach the office suite
as text. Every writer of user-typed text passes it through `safe` (or a whole row through
`safe_row`): a string starting with = + - @ tab or CR gets a leading apostrophe, which
spreadsheets read as "this is text" (and lindung's own import strips again); numbers, dates
and empty cells are left as they are. A workbook meant to come back (the error workbook)
keeps the typed value and marks such cells "quote prefix" instead (`looks_like_formula`).
"""

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe(value):
    """The value as a spreadsheet cell that cannot be a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe(v) for v in values]
