"""Read an uploaded reference list into plain rows for the linkage engine.

Uses the spreadsheet reader of the import work (lib.sheets finds the format
safely, lib.tables finds the header and guesses each column), so a reference
list is read exactly like a village list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lindung.errors import DomainError
from lindung.lib.cells import CellError, is_blank, sex_from_ticks, split_place_date, text_of
from lindung.lib.sheets import SheetError, open_workbook
from lindung.lib.tables import read_tables

MAX_REFERENCE_ROWS = 200_000


@dataclass
class ReferenceRowData:
    line: int
    nik: str = ""
    kk_number: str = ""
    name: str = ""
    sex: str = ""
    birth_date: str = ""  # DD-MM-YYYY, or as written when unreadable
    village_code: str = ""
    phone: str = ""
    extra: dict = field(default_factory=dict)


def _date_text(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return text_of(value)


def read_reference_file(path: str | Path, *, filename: str = "") -> list[ReferenceRowData]:
    """Return the people rows of the first sheet that holds a table of people."""
    try:
        book = open_workbook(path, filename=filename)
    except SheetError as exc:
        raise DomainError(exc.message) from None
    today = date.today()
    for sheet in book.sheets:
        table, rows = read_tables(sheet.rows)
        if table is None:
            continue
        fields = table.fields
        if "nik" not in fields and "name" not in fields:
            continue
        out: list[ReferenceRowData] = []
        for number, cells in rows:
            values = {f: cells[i] if i < len(cells) else None for i, f in enumerate(fields) if f}
            if all(is_blank(v) for v in values.values()):
                continue
            row = ReferenceRowData(line=number)
            row.nik = text_of(values.get("nik"))[:40]
            row.kk_number = text_of(values.get("kk_number"))[:40]
            row.name = text_of(values.get("name"))[:200]
            row.phone = text_of(values.get("phone"))[:30]
            village = text_of(values.get("village")).replace(".", "")
            row.village_code = village if village.isdigit() and len(village) == 10 else ""
            if village and not row.village_code:
                row.extra["desa"] = text_of(values.get("village"))[:100]
            try:
                if "sex" in values:
                    row.sex = text_of(values["sex"])[:10]
                elif "sex_male" in values or "sex_female" in values:
                    row.sex = sex_from_ticks(values.get("sex_male"), values.get("sex_female")) or ""
                if "birth_date" in values:
                    row.birth_date = _date_text(values["birth_date"])[:20]
                elif "birth_place_date" in values:
                    _place, born = split_place_date(values["birth_place_date"], today=today)
                    row.birth_date = born.strftime("%d-%m-%Y") if born else ""
            except CellError as exc:
                # A reference row is evidence, not a registration: keep it with what was readable.
                row.extra["catatan"] = exc.message
            out.append(row)
            if len(out) > MAX_REFERENCE_ROWS:
                raise DomainError(
                    f"Daftar pembanding terlalu panjang (lebih dari {MAX_REFERENCE_ROWS:,} baris). "
                    "Pecah menjadi beberapa berkas lalu unggah satu per satu.".replace(",", ".")
                )
        if out:
            return out
    raise DomainError(
        "Tidak ditemukan tabel berisi NIK atau nama di berkas ini. Pastikan baris judul kolom memuat "
        "“NIK” dan “Nama”, lalu unggah lagi."
    )
