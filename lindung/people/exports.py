"""The registry as an XLSX workbook, streamed row by row in constant memory."""

import io
from collections.abc import Callable
from functools import cache

import xlsxwriter

from lindung.lib.nik import mask_nik
from lindung.lib.safe_cells import safe

HEADERS = [
    "No",
    "NIK",
    "No. KK",
    "Nama",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Kecamatan",
    "Desa/Kelurahan",
    "Kode Desa",
    "RT",
    "RW",
    "Alamat",
    "No. HP",
    "Pekerjaan",
    "Segmen",
    "Penghasilan (Rp)",
    "Status",
    "Peringatan",
]


def people_xlsx(qs, *, full_nik: bool | Callable[[str], bool]) -> tuple[bytes, int]:
    """Write the people of a queryset to an XLSX file; returns (bytes, row count).

    full_nik is True or False for every row, or a test of the village code that says where whole NIKs may show.
    """
    whole = cache(full_nik) if callable(full_nik) else (lambda village_code: full_nik)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Pekerja")
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    text = book.add_format({"num_format": "@"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    money = book.add_format({"num_format": "#,##0"})
    widths = [6, 20, 20, 30, 13, 16, 13, 20, 24, 15, 5, 5, 30, 16, 22, 7, 14, 13, 40]
    for col, (title, width) in enumerate(zip(HEADERS, widths, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, bold)
    row = 0
    for row, p in enumerate(qs.iterator(chunk_size=2000), start=1):
        sheet.write_number(row, 0, row)
        # NIK and KK as text: a number cell would lose the 16th digit.
        full = whole(p.village_id)
        sheet.write_string(row, 1, p.nik if full else mask_nik(p.nik), text)
        sheet.write_string(row, 2, (p.kk_number if full else mask_nik(p.kk_number)) if p.kk_number else "", text)
        sheet.write_string(row, 3, safe(p.name))
        sheet.write_string(row, 4, safe(p.get_sex_display()))
        sheet.write_string(row, 5, safe(p.birth_place))
        sheet.write_datetime(row, 6, p.birth_date, day)
        sheet.write_string(row, 7, safe(p.village.parent.name if p.village.parent_id else ""))
        sheet.write_string(row, 8, safe(p.village.name))
        sheet.write_string(row, 9, safe(p.village_id), text)
        sheet.write_string(row, 10, safe(p.rt), text)
        sheet.write_string(row, 11, safe(p.rw), text)
        sheet.write_string(row, 12, safe(p.street))
        sheet.write_string(row, 13, safe(p.phone), text)
        sheet.write_string(row, 14, safe(p.occupation_shown))
        sheet.write_string(row, 15, safe(p.segment))
        sheet.write_number(row, 16, p.declared_income, money)
        sheet.write_string(row, 17, safe(p.get_status_display()))
        sheet.write_string(row, 18, safe("; ".join(w["message"] for w in p.warnings)))
    sheet.autofilter(0, 0, max(row, 1), len(HEADERS) - 1)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue(), row
