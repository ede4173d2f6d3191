"""Tiny .ods and .xls files that claim huge grids, built byte by byte for the tests and benchmarks.hostile.

Each is a few hundred bytes to a few kilobytes and says "this row a million
times" (ODS) or "a cell at IV65536" (XLS); an office suite, and calamine, would
expand it to a grid of millions of cells. `small_ods` and `small_xls` build
ordinary files the same way, so a test can show that the builder, not the
limit, is what a refusal is about.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

# -- ODS ---------------------------------------------------------------------------

_CONTENT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    "<office:document-content"
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
_CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>"
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def text_cell(text: str, *, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{repeated}><text:p>{text}</text:p></table:table-cell>'


def empty_cells(repeat: int) -> str:
    return f'<table:table-cell table:number-columns-repeated="{repeat}"/>'


def row(*cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"


def ods(path: Path, sheets: dict[str, str], *, prologue: str = "") -> Path:
    """Write an .ods whose sheets are the given rows (as `row` makes them)."""
    tables = "".join(f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in sheets.items())
    content = _CONTENT_HEAD + tables + _CONTENT_TAIL
    if prologue:
        content = content.replace("?>", "?>" + prologue, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
    return path


def small_ods(path: Path) -> Path:
    header = row(text_cell("NIK"), text_cell("Nama"))
    person = row(text_cell("6402061205800001"), text_cell("Budi Santoso"))
    # What LibreOffice writes below every table: a million blank rows, said once.
    tail = row(empty_cells(1024), repeat=1_048_574)
    return ods(path, {"Data": header + person + tail})


def ods_rows_bomb(path: Path) -> Path:
    """One row of 200 filled cells, repeated 400,000 times: 80 million cells in under a kilobyte."""
    return ods(path, {"Data": row(text_cell("x", repeat=200), repeat=400_000)})


def ods_far_cell(path: Path) -> Path:
    """A table and, a million blank rows below, one cell in column GR: the grid runs from A1 to GR1048576."""
    rows = row(text_cell("NIK"), text_cell("Nama")) + row(empty_cells(1024), repeat=1_048_574)
    return ods(path, {"Data": rows + row(empty_cells(199), text_cell("x"))})


def ods_wide(path: Path) -> Path:
    return ods(path, {"Data": row(text_cell("NIK"), text_cell("x", repeat=16_000))})


def ods_many_sheets(path: Path, *, sheets: int = 8, rows: int = 700_000) -> Path:
    """Sheets each under the limit, together far over it (calamine loads them all when the file opens)."""
    return ods(path, {f"Lembar {i}": row(text_cell("x"), repeat=rows) for i in range(1, sheets + 1)})


def ods_entities(path: Path) -> Path:
    """Billion laughs in content.xml."""
    entities = '<!ENTITY a "hahahahahaha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    return ods(path, {"Data": row(text_cell("&i;"))}, prologue=f"<!DOCTYPE office:document-content [{entities}]>")


# -- XLS (BIFF8 in an OLE2 compound file) ----------------------------------------------


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0006))


_EOF = _record(0x000A, b"")


def _label(row_: int, col: int, text: str) -> bytes:
    # LABEL with a BIFF8 string: length, flags (0 = one byte a character), the characters.
    return _record(0x0204, struct.pack("<HHHHB", row_, col, 15, len(text), 0) + text.encode("latin-1"))


def _number(row_: int, col: int, value: float) -> bytes:
    return _record(0x0203, struct.pack("<HHHd", row_, col, 15, value))


def _sheet_stream(cells: list[tuple[int, int, object]], *, dimension: tuple[int, int] | None) -> bytes:
    rows = max((r for r, _, _ in cells), default=-1) + 1
    cols = max((c for _, c, _ in cells), default=-1) + 1
    last_row, last_col = dimension or (rows, cols)
    body = _bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, last_row, 0, last_col, 0))
    for r, c, value in cells:
        body += _label(r, c, value) if isinstance(value, str) else _number(r, c, float(value))
    return body + _EOF


def _workbook_stream(sheets: dict[str, list], *, dimension, shared_strings: int | None, hidden, encrypted) -> bytes:
    # The globals: BOF, the number of the code page, fonts and formats calamine looks up, one BOUNDSHEET a sheet.
    globals_ = _bof(0x0005)
    if encrypted:
        # FILEPASS: what follows is RC4-encrypted (here it is not; the record is what a reader goes by).
        globals_ += _record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\0" * 48)
    globals_ += _record(0x0042, struct.pack("<H", 1200))
    for _ in range(5):
        globals_ += _record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + b"\x05\x00Arial")
    for _ in range(16):
        globals_ += _record(0x00E0, struct.pack("<HHHHHHIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0x20C0))
    if shared_strings is not None:
        # SST: total and unique counts, then the strings (none: the counts are the lie).
        globals_ += _record(0x00FC, struct.pack("<II", shared_strings, shared_strings))
    streams = [_sheet_stream(cells, dimension=dimension) for cells in sheets.values()]
    boundsheets_len = sum(4 + 8 + len(name) for name in sheets)
    offset = len(globals_) + boundsheets_len + len(_EOF)
    for name, stream in zip(sheets, streams, strict=True):
        state = 1 if name in hidden else 0
        globals_ += _record(0x0085, struct.pack("<IBBBB", offset, state, 0, len(name), 0) + name.encode("latin-1"))
        offset += len(stream)
    return globals_ + _EOF + b"".join(streams)


_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _dir_entry(name: str, kind: int, *, child: int = _FREE, start: int = _END, size: int = 0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _FREE, _FREE, child)
        + b"\0" * 16  # CLSID
        + struct.pack("<I", 0)  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<III", start, size, 0)
    )


def _compound_file(stream: bytes) -> bytes:
    """An OLE2 compound file holding one stream, Workbook: one FAT sector, one directory sector, the stream."""
    # Under 4,096 bytes a stream would go to the mini stream; padding with zeros keeps one layout.
    stream = stream.ljust(max(4096, -(-len(stream) // _SECTOR) * _SECTOR), b"\0")
    sectors = len(stream) // _SECTOR
    assert sectors + 2 <= _SECTOR // 4, "one FAT sector covers 128 sectors"
    fat = [_FAT, _END] + [2 + i + 1 for i in range(sectors - 1)] + [_END]
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *([_FREE] * 108))
    )
    directory = (
        _dir_entry("Root Entry", 5, child=1)
        + _dir_entry("Workbook", 2, start=2, size=len(stream))
        + _dir_entry("", 0)
        + _dir_entry("", 0)
    )
    return header + struct.pack(f"<{_SECTOR // 4}I", *fat) + directory + stream


def xls(
    path: Path,
    sheets: dict[str, list[tuple[int, int, object]]],
    *,
    dimension: tuple[int, int] | None = None,
    shared_strings: int | None = None,
    hidden: tuple[str, ...] = (),
    encrypted: bool = False,
) -> Path:
    """Write an .xls whose sheets hold the given (row, column, value) cells, rows and columns from 0."""
    stream = _workbook_stream(
        sheets, dimension=dimension, shared_strings=shared_strings, hidden=hidden, encrypted=encrypted
    )
    path.write_bytes(_compound_file(stream))
    return path


def small_xls(path: Path) -> Path:
    return xls(path, {"Data": [(0, 0, "NIK"), (0, 1, "Nama"), (1, 0, "6402061205800001"), (1, 1, "Budi Santoso")]})


def xls_far_cell(path: Path) -> Path:
    """A table and one cell at CV65536: 6.6 million cells, with a DIMENSIONS record that says A1:B2."""
    cells = [(0, 0, "NIK"), (0, 1, "Nama"), (65535, 99, "x")]
    return xls(path, {"Data": cells}, dimension=(2, 2))


def xls_wide(path: Path) -> Path:
    return xls(path, {"Data": [(0, 0, "NIK"), (0, 255, "x")]})


def xls_many_sheets(path: Path, *, sheets: int = 8) -> Path:
    """Sheets each with one cell at T65536 (1.3 million cells): under the limit alone, far over it together."""
    return xls(path, {f"Lembar {i}": [(0, 0, "NIK"), (65535, 19, "x")] for i in range(1, sheets + 1)})


def xls_shared_strings(path: Path) -> Path:
    """A shared string table that claims two billion strings."""
    return xls(path, {"Data": [(0, 0, "NIK")]}, shared_strings=2_000_000_000)
