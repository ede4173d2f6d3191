"""From a village's file to tables and data rows: what the file holds, before any rule is applied.

`read_structure` finds each sheet's table, `guessed_mapping` proposes (or
recalls) which column is which, and `data_sheets` walks the data rows of a
stored file, skipping titles, headers repeated after a page break, totals and
signatures. Reading the cells of a row and checking it are the services'
business; nothing here touches the registry.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import islice

from lindung.errors import DomainError
from lindung.imports.models import ColumnMapping
from lindung.lib import cells as C
from lindung.lib.sheets import MAX_WORKBOOK_BYTES, SheetError, open_workbook
from lindung.lib.tables import SCAN_ROWS, Table, classify, find_table, read_tables, title_places


class ImportRefused(DomainError):
    """The file cannot be imported at all; nothing was written."""

    def __init__(self, message: str, code: str = "berkas_tidak_terbaca"):
        super().__init__(message)
        self.code = code


def read_structure(
    path, *, filename: str = "", max_bytes: int | None = MAX_WORKBOOK_BYTES
) -> tuple[str, list[dict], list]:
    """Open the file and find each sheet's table; raise ImportRefused when nothing can be read."""
    try:
        workbook = open_workbook(path, filename=filename, max_bytes=max_bytes)
        tables, skipped = [], [list(s) for s in workbook.skipped]
        for sheet in workbook.sheets:
            head = list(islice(sheet.rows, SCAN_ROWS))
            table = find_table(head) if head else None
            if table is None:
                empty = not any(not C.is_blank(c) for _, row in head for c in row)
                skipped.append([sheet.name, "lembar kosong" if empty else "tidak ada tabel dengan kolom NIK atau Nama"])
                continue
            tables.append(_table_dict(sheet.name, table))
    except SheetError as exc:
        raise ImportRefused(exc.message, exc.code) from None
    if not tables:
        if skipped and any("tabel" in why for _, why in skipped):
            raise ImportRefused(
                "Tidak ditemukan tabel pekerja di berkas ini: tidak ada baris judul kolom berisi NIK dan Nama. "
                "Gunakan templat impor, atau pastikan judul kolom NIK dan Nama ada di atas tabel.",
                "tabel_tidak_ditemukan",
            )
        raise ImportRefused(
            "Berkas tidak berisi data (semua lembar kosong atau tersembunyi). Isi daftar pekerja lalu unggah lagi.",
            "berkas_kosong",
        )
    return workbook.kind, tables, skipped


def _table_dict(sheet: str, table: Table) -> dict:
    return {
        "sheet": sheet,
        "signature": table.signature,
        "labels": table.labels,
        "fields": table.fields,
        "header_rows": table.header_rows,
        "title": table.title[:500],
        "samples": table.samples,
    }


def guessed_mapping(tables: list[dict]) -> dict[str, list[str]]:
    """Per distinct header: the remembered mapping when one was confirmed, else the guess."""
    mapping = {}
    remembered = {m.signature: m for m in ColumnMapping.objects.filter(signature__in={t["signature"] for t in tables})}
    for t in tables:
        sig = t["signature"]
        if sig in mapping:
            continue
        known = remembered.get(sig)
        if known and len(known.fields) == len(t["labels"]):
            mapping[sig] = list(known.fields)
        else:
            mapping[sig] = list(t["fields"])
    return mapping


def place_hints(table: dict, villages: C.VillageIndex) -> tuple[str | None, str | None]:
    """The village and district a sheet's title names, as codes, for rows that do not say."""
    village_name, district_name = title_places(table.get("title", ""))
    district = villages.district_code(district_name) if district_name else None
    village = None
    if village_name:
        try:
            village = villages.find(village_name, title_district=district)
        except C.CellError:
            village = None
    return village, district


@dataclass
class DataSheet:
    """A sheet on which the batch found a table, its data rows still to be read."""

    name: str
    table: dict  # as read_structure found it
    at: dict[str, int]  # field -> column, by the mapping
    rows: Iterator[tuple[int, list]]  # (row number as the office suite shows it, cells) of data rows only


class _Wanted:
    """Which data rows to hand over, counted across sheets (all when `positions` is None)."""

    __slots__ = ("done", "last", "position", "positions")

    def __init__(self, positions: Collection[int] | None):
        self.positions = positions
        self.last = max(positions, default=0) if positions is not None else None
        self.position = 0
        self.done = False


def data_sheets(
    path,
    batch_tables: list[dict],
    mapping: dict,
    *,
    filename: str = "",
    max_bytes=None,
    positions: Collection[int] | None = None,
) -> Iterator[DataSheet]:
    """Each sheet of the file with a table the batch knows, mapped by `mapping`, with its data rows.

    With `positions` (1-based, counting data rows across sheets), only those rows: the
    others are found but not handed over, and reading stops after the last one.
    """
    try:
        workbook = open_workbook(path, filename=filename, max_bytes=max_bytes)
    except SheetError as exc:
        raise ImportRefused(exc.message, exc.code) from None
    by_sheet = {t["sheet"]: t for t in batch_tables}
    wanted = _Wanted(positions)
    for sheet in workbook.sheets:
        if wanted.done:
            return
        known = by_sheet.get(sheet.name)
        try:
            table, rows = read_tables(sheet.rows)
        except SheetError as exc:
            raise ImportRefused(exc.message, exc.code) from None
        if table is None or known is None:
            continue
        fields = mapping.get(known["signature"]) or known["fields"]
        table.fields = list(fields) + [""] * (len(table.labels) - len(fields))
        at = {name: col for col, name in enumerate(table.fields) if name}
        yield DataSheet(sheet.name, known, at, _data_rows(rows, table, wanted))


def _data_rows(rows: Iterator[tuple[int, list]], table: Table, wanted: _Wanted) -> Iterator[tuple[int, list]]:
    try:
        for number, cells in rows:
            if classify(cells, table) != "data":
                continue
            if wanted.positions is not None:
                wanted.position += 1
                if wanted.position > wanted.last:
                    wanted.done = True
                    return
                if wanted.position not in wanted.positions:
                    continue
            yield number, cells
    except SheetError as exc:
        raise ImportRefused(exc.message, exc.code) from None
