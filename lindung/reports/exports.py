"""Dashboard tables as XLSX, with the same numbers as the page (numbers stay numbers)."""

import io

import xlsxwriter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    # Typed text never becomes a live formula in the regent's spreadsheet.
    return "'" + value if value.startswith(FORMULA_START) else value


def table_xlsx(title: str, headers: list[str], rows: list[list], *, notes: list[str] = ()) -> bytes:
    """One sheet: a title, the headers, the rows; percentages are numbers with a % format."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Laporan")
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True})
    number = book.add_format({"num_format": "#,##0"})
    percent = book.add_format({"num_format": "0.0"})
    sheet.write_string(0, 0, _text(title), bold)
    for i, note in enumerate(notes, start=1):
        sheet.write_string(i, 0, _text(note))
    top = 2 + len(notes)
    for c, h in enumerate(headers):
        sheet.write_string(top, c, h, head)
        sheet.set_column(c, c, 14 if c else 28)
    for r, row in enumerate(rows, start=top + 1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, float):
                sheet.write_number(r, c, round(value, 1), percent)
            elif isinstance(value, int):
                sheet.write_number(r, c, value, number)
            else:
                sheet.write_string(r, c, _text(str(value)))
    sheet.freeze_panes(top + 1, 1)
    book.close()
    return out.getvalue()
