"""Reading the spreadsheets villages send: xlsx, xls, ods and csv, refused quickly when unsafe.

Every check that can refuse a file runs before the file is parsed, so a
renamed PDF, an encrypted workbook, a zip bomb or a sheet 16,000 columns wide
costs a few kilobytes of reading, never the machine's memory. Formulas are
never evaluated: a workbook gives the value its office suite saved.
"""

from __future__ import annotations

import codecs
import copy
import csv
import html
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# A workbook's sheet is loaded whole by calamine as a dense grid from its first to its last
# filled cell, about 32 bytes a cell whatever the file's size: so the grid (rows x columns)
# is bounded, not only the bytes. A village's 52,000 rows x 20 columns are 1 million cells.
# A CSV is streamed row by row and has no limit of its own.
MAX_WORKBOOK_BYTES = 40 * 1024 * 1024
MAX_CELLS = 5_000_000
MAX_SHARED_STRINGS = 2_000_000
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 100  # real xlsx sheets compress 5-20 times; bombs compress thousands of times
MAX_MEMBERS = 10_000  # a workbook has a few dozen parts; each one costs a look
_SMALL_MEMBER = 1024 * 1024  # below this a high ratio is a tiny repetitive part, not a bomb
_INFLATE_CHUNK = 1024 * 1024
MAX_COLUMNS = 200
MAX_ROWS = 1_100_000
MAX_CSV_FIELD = 10_000

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOT_SPREADSHEETS = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
    (b"BM", None),  # checked further below: "BM" also starts text
    (b"Rar!", "arsip RAR"),
    (b"7z\xbc\xaf", "arsip 7z"),
    (b"\x1f\x8b", "arsip gzip"),
    (b"MZ", "program Windows"),
    (b"\x7fELF", "program"),
    (b"RIFF", "berkas media"),
)
_SEND_AGAIN = "Simpan ulang dari Excel atau LibreOffice sebagai .xlsx, .ods, .xls atau .csv, lalu unggah lagi."

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')


class SheetError(ValueError):
    """A file that cannot be read at all, with a message the user can act on."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Sheet:
    name: str  # "" for a CSV
    rows: Iterator[tuple[int, list]]  # (row number as the office suite shows it, cells)
    hidden: bool = False


@dataclass
class Workbook:
    kind: str  # xlsx, xls, ods, csv
    sheets: list[Sheet] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why) for the report


def sniff(head: bytes, filename: str = "") -> str:
    """Tell the real format from the first bytes, whatever the file is called."""
    if not head.strip():
        raise SheetError("berkas_kosong", "Berkas kosong (0 byte). " + _SEND_AGAIN)
    if head.startswith(_OLE2):
        return "ole2"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    for magic, what in _NOT_SPREADSHEETS:
        if head.startswith(magic) and what:
            raise SheetError(
                "bukan_spreadsheet",
                f"Berkas ini adalah {what}, bukan spreadsheet, walaupun namanya {filename}. " + _SEND_AGAIN,
            )
    if b"\x00" in head[:4096] and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SheetError("bukan_spreadsheet", "Berkas ini bukan spreadsheet atau CSV. " + _SEND_AGAIN)
    lowered = head[:2048].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        raise SheetError("bukan_spreadsheet", "Berkas ini adalah halaman web (HTML), bukan spreadsheet. " + _SEND_AGAIN)
    return "text"


def open_workbook(path: str | Path, *, filename: str = "", max_bytes: int | None = MAX_WORKBOOK_BYTES) -> Workbook:
    """Open a spreadsheet or CSV after the safety checks; rows are read lazily per sheet."""
    path = Path(path)
    filename = filename or path.name
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(8192)
    kind = sniff(head, filename)
    if kind == "text":
        return _open_csv(path)
    if max_bytes is not None and size > max_bytes:
        raise SheetError(
            "berkas_terlalu_besar",
            f"Berkas terlalu besar ({size / 1024 / 1024:.0f} MB; paling besar {max_bytes // 1024 // 1024} MB). "
            "Pecah menjadi beberapa berkas, misalnya satu berkas per desa, atau simpan sebagai CSV.",
        )
    if kind == "ole2":
        _refuse_encrypted_ole2(path)
        _check_xls(path)
        return _open_calamine(path, "xls")
    return _open_calamine(path, _check_zip(path))


def _refuse_encrypted_ole2(path: Path) -> None:
    # An encrypted xlsx is an OLE2 container holding these streams; the directory
    # names are UTF-16, and the directory sits near the start of small files.
    with path.open("rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise _encrypted()


def _encrypted() -> SheetError:
    return SheetError(
        "berkas_terkunci",
        "Berkas dilindungi kata sandi. Buka di Excel atau LibreOffice, hapus kata sandinya "
        "(Simpan sebagai tanpa kata sandi), lalu unggah lagi.",
    )


def _check_zip(path: Path) -> str:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise SheetError("berkas_rusak", "Berkas rusak atau tidak lengkap. " + _SEND_AGAIN) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _bomb()
        names = {info.filename for info in infos}
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _bomb()
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _bomb()
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            kind = "xlsx"
        elif "content.xml" in names and "mimetype" in names:
            mimetype = archive.read("mimetype")[:100]
            if b"spreadsheet" not in mimetype:
                raise SheetError(
                    "bukan_spreadsheet", "Berkas ini dokumen teks atau presentasi, bukan spreadsheet. " + _SEND_AGAIN
                )
            kind = "ods"
        elif "word/document.xml" in names:
            raise SheetError("bukan_spreadsheet", "Berkas ini dokumen Word, bukan spreadsheet. " + _SEND_AGAIN)
        else:
            raise SheetError("bukan_spreadsheet", "Berkas ini arsip ZIP, bukan spreadsheet. " + _SEND_AGAIN)
        _check_real_sizes(archive, infos)
        if kind == "xlsx":
            for name in sorted(names):
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with archive.open(name) as fh:
                        _check_dimension(fh.read(4096))
                    _check_extent(archive, name)
            if "xl/sharedStrings.xml" in names:
                _check_shared_strings(archive, "xl/sharedStrings.xml")
        else:
            _check_ods(archive)
    return kind


def _check_real_sizes(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Inflate every member, a chunk at a time and capped, to learn the sizes it really has.

    The sizes in the central directory are whatever the file's maker wrote: a
    crafted zip declares a few kilobytes while its deflate stream expands to
    gigabytes. The zip reader under python-calamine happens to stop at the
    declared size today, but the refusal must not hang on another library's
    version, and the village should hear why. zipfile stops reading at the
    declared size, so each member is opened with a size declared a chunk above
    its cap: reading then ends where the stream really ends (where zipfile
    checks the CRC), or at most a chunk past the cap. Memory is one chunk; the
    work is bounded by the total cap.
    """
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        cap = min(max(_SMALL_MEMBER, MAX_RATIO * info.compress_size), MAX_UNCOMPRESSED_BYTES - total)
        if info.flag_bits & 0x1:
            # A member locked with the zip's own password: say so, as for a locked workbook.
            raise _encrypted()
        probe = copy.copy(info)
        probe.file_size = cap + _INFLATE_CHUNK + 1
        size = 0
        try:
            with archive.open(probe) as member:
                while chunk := member.read(_INFLATE_CHUNK):
                    size += len(chunk)
                    if size > cap:
                        raise _bomb()
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            # A stream that does not end where it should, a bad checksum, an unknown compression.
            raise SheetError("berkas_rusak", "Berkas rusak atau tidak lengkap. " + _SEND_AGAIN) from None
        total += size


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def _check_dimension(head: bytes) -> None:
    match = _DIMENSION.search(head)
    if not match:
        return
    last_col, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
    if last_col and _column_number(last_col) > MAX_COLUMNS:
        raise _too_wide(_column_number(last_col))
    if last_row and int(last_row) > MAX_ROWS:
        raise _too_many_rows(int(last_row))
    if last_col and last_row and int(last_row) * _column_number(last_col) > MAX_CELLS:
        raise _too_many_cells(int(last_row), _column_number(last_col))


_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_SHARED_COUNT = re.compile(rb'<(?:\w+:)?sst\b[^>]*?\buniqueCount="([0-9]+)"')
_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si[\s>/]")
_TAIL = 256  # a cell reference cut between two chunks is found in the next one


def _matches(archive: zipfile.ZipFile, name: str, pattern: re.Pattern) -> Iterator[re.Match]:
    """Each match of `pattern` in the member, read a chunk at a time: memory is one chunk."""
    tail = b""
    with archive.open(name) as fh:
        while chunk := fh.read(_INFLATE_CHUNK):
            data = tail + chunk
            for match in pattern.finditer(data):
                # One that ends inside the tail was found in the previous chunk.
                if match.end() > len(tail):
                    yield match
            tail = data[-_TAIL:]


def _check_extent(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a sheet whose filled cells span more than MAX_CELLS, whatever its dimension claims.

    The rows are read from A1 to the last filled cell, so that cell is what
    counts: one cell at GR1048576 is a grid of 209 million.
    """
    bottom = right = 0
    for match in _matches(archive, name, _CELL_REF):
        bottom, right = max(bottom, int(match.group(2))), max(right, _column_number(match.group(1)))
    _check_grid(bottom, right)


def _check_shared_strings(archive: zipfile.ZipFile, name: str) -> None:
    # Every shared string is held in memory while the workbook is read.
    with archive.open(name) as fh:
        declared = _SHARED_COUNT.search(fh.read(4096))
    if declared and int(declared.group(1)) > MAX_SHARED_STRINGS:
        raise _too_many_strings()
    for count, _ in enumerate(_matches(archive, name, _SHARED_ITEM), start=1):
        if count > MAX_SHARED_STRINGS:
            raise _too_many_strings()


# -- ODS: the grid content.xml would expand to -----------------------------------

# calamine matches these elements by their written names (a file that binds the table
# namespace to another prefix reads as empty), so the same bytes are looked for here.
# Attribute values are skipped whole: a formula may hold ">".
_ODS_TAG = re.compile(
    rb"<(/?)table:(table-cell|covered-table-cell|table-row|table)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
)
_ODS_REPEAT = re.compile(rb"\btable:number-(rows|columns)-repeated\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ODS_VALUE_TYPE = re.compile(rb"\boffice:value-type\s*=")


def _ods_repeat(attrs: bytes) -> tuple[int, int]:
    """(rows repeated, columns repeated) of a start tag, 1 where it does not say."""
    rows = cols = 1
    for match in _ODS_REPEAT.finditer(attrs):
        text = html.unescape((match.group(2) or match.group(3) or b"").decode("utf-8", "replace")).strip()
        if not text.isdigit():
            raise SheetError("berkas_rusak", "Berkas rusak atau tidak lengkap. " + _SEND_AGAIN)
        if match.group(1) == b"rows":
            rows = max(int(text), 1)
        else:
            cols = max(int(text), 1)
    return rows, cols


_ODS_EVENT = re.compile(rb"<table:table-row(?=[\s/>])|<table:table(?=[\s/>])|</table:table>")
_MAX_ROW_BYTES = 16 * 1024 * 1024


class _OdsGrid:
    """Follow content.xml's tables, rows and cells with their repeats, refusing as soon as a limit is passed.

    An ODS says "this row 1,000,000 times" or "this cell 16,000 times" in one
    attribute, and calamine expands every sheet into a dense grid from A1 to its
    last filled cell when the file is opened, hidden sheets included: 750 bytes
    claiming 400,000 rows of 200 filled cells took it 10 GB. A cell counts as
    filled, as calamine counts it, when it has an office:value-type; the empty
    repeats (the 1,048,576 blank rows LibreOffice writes below every table) are
    not expanded. Nothing is kept but counters.

    A row without repeats is measured by counting (in C) the cell tags before
    its last value; only rows with repeats are walked cell by cell. Counting
    may see a tag inside a text or an attribute and so count a cell too many,
    never one too few.
    """

    def __init__(self) -> None:
        self.total = 0  # cells of the sheets done so far
        self.tables = 0
        self.bottom = self.right = self.row = 0

    def feed(self, data: bytes, *, final: bool) -> int:
        """Measure the rows and tables in `data`; return where the unfinished part starts (len when final)."""
        events = [m.start() for m in _ODS_EVENT.finditer(data)]
        if not final:
            if not events:
                return 0
            last = events.pop()  # what follows it may not have arrived yet
        else:
            last = len(data)
        for at, until in zip(events, [*events[1:], last], strict=True):
            if data.startswith(b"<table:table-row", at):
                self._row(data, at, until)
            elif data.startswith(b"</", at):
                self.tables = max(self.tables - 1, 0)
                if not self.tables:
                    self.total += self.bottom * self.right
            else:
                tag = _ODS_TAG.match(data, at)
                if tag and not tag.group(3).endswith(b"/"):
                    self.tables += 1
                    if self.tables == 1:
                        self.bottom = self.right = self.row = 0
        return last

    def _row(self, data: bytes, at: int, until: int) -> None:
        tag = _ODS_TAG.match(data, at, until)
        if tag is None:
            raise SheetError("berkas_rusak", "Berkas rusak atau tidak lengkap. " + _SEND_AGAIN)
        attrs = tag.group(3)
        repeat = _ods_repeat(attrs)[0] if b"repeated" in attrs else 1
        right = 0
        if not attrs.endswith(b"/"):
            start = tag.end()
            if data.find(b"-repeated", start, until) < 0:
                last_value = data.rfind(b"office:value-type", start, until)
                if last_value >= 0:
                    right = data.count(b"<table:table-cell", start, last_value) + data.count(
                        b"<table:covered-table-cell", start, last_value
                    )
            else:
                col = 0
                for cell in _ODS_TAG.finditer(data, start, until):
                    closing, name, cell_attrs = cell.groups()
                    if closing or name not in (b"table-cell", b"covered-table-cell"):
                        continue
                    col += _ods_repeat(cell_attrs)[1] if b"repeated" in cell_attrs else 1
                    if _ODS_VALUE_TYPE.search(cell_attrs):
                        right = col
        if right > MAX_COLUMNS:
            raise _too_wide(right)
        self.row += repeat
        if right:
            self.bottom, self.right = self.row, max(self.right, right)
            _check_grid(self.bottom, self.right)
            if self.total + self.bottom * self.right > MAX_CELLS:
                raise _too_many_cells_in_workbook(self.total + self.bottom * self.right)


def _check_ods(archive: zipfile.ZipFile) -> None:
    """Refuse an ODS whose sheets would expand past the limits, reading content.xml a chunk at a time."""
    grid = _OdsGrid()
    tail = b""
    with archive.open("content.xml") as fh:
        while chunk := fh.read(_INFLATE_CHUNK):
            data = tail + chunk
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                # content.xml never declares one; it is there for entities (billion laughs, XXE).
                raise SheetError(
                    "berkas_mencurigakan",
                    "Berkas berisi deklarasi entitas XML yang tidak pernah ditulis Excel atau LibreOffice "
                    "(berkas rusak atau berbahaya), sehingga tidak dibuka. " + _SEND_AGAIN,
                )
            tail = data[grid.feed(data, final=False) :]
            if len(tail) > _MAX_ROW_BYTES:
                raise SheetError(
                    "berkas_rusak",
                    "Satu baris lembar kerja berisi lebih dari 16 MB data, jauh melebihi daftar pekerja mana pun "
                    "(berkas rusak). " + _SEND_AGAIN,
                )
    grid.feed(tail, final=True)


# -- XLS: the grid the BIFF records would fill -------------------------------------

# Records that put a value in a cell, each starting with its row and column (two
# little-endian 16-bit numbers). Blank formatted cells (BLANK, MULBLANK) are not
# kept by calamine, so they do not count.
_BIFF_CELLS = frozenset({
    0x0203,  # NUMBER
    0x027E,  # RK
    0x00FD,  # LABELSST
    0x0204,  # LABEL
    0x00D6,  # RSTRING
    0x0205,  # BOOLERR
    0x0006,  # FORMULA
    0x0206,  # FORMULA (BIFF3)
    0x0406,  # FORMULA (BIFF4)
})  # fmt: skip
_BIFF_MULRK = 0x00BD  # several RK cells of one row: first column at the start, last one at the end
_BIFF_BOF = (0x0809, 0x0409, 0x0209, 0x0009)
_BIFF_EOF = 0x000A
_BIFF_SST = 0x00FC
_BIFF_FILEPASS = 0x002F
_BIFF_WORKSHEET = 0x0010
_RECORD = struct.Struct("<HH")
_ROW_COL = struct.Struct("<HH")


def _check_xls(path: Path) -> None:
    """Refuse an .xls whose sheets would expand past the limits, from its records, before calamine loads it.

    calamine reads every sheet of an .xls when the file is opened, each as a
    dense grid from A1 to its last filled cell, hidden sheets too: a 16 KB file
    with one cell at IV65536 took 1 GB. The DIMENSIONS record can lie (calamine
    ignores it), so the records themselves are walked: a few bytes of header
    each, the row and column of each cell.
    """
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = next((name for name in ("Workbook", "Book") if ole.exists(name)), None)
            if stream is None:
                raise SheetError(
                    "bukan_spreadsheet", "Berkas ini dokumen Office lain, bukan spreadsheet. " + _SEND_AGAIN
                )
            # A stream is stored in the file's own sectors: one larger than the file is a lie.
            if ole.get_size(stream) > path.stat().st_size:
                raise SheetError("berkas_rusak", "Berkas rusak atau tidak lengkap. " + _SEND_AGAIN)
            data = ole.openstream(stream).read()
    except (OSError, ValueError, IndexError, struct.error) as exc:
        if isinstance(exc, SheetError):
            raise
        raise SheetError("berkas_rusak", "Berkas rusak atau tidak dapat dibaca. " + _SEND_AGAIN) from None
    _check_biff(data)


def _check_biff(data: bytes) -> None:
    total = 0
    depth = 0
    worksheet = False
    bottom = right = 0
    pos, end = 0, len(data) - 4
    unpack_record, unpack_cell = _RECORD.unpack_from, _ROW_COL.unpack_from
    cells = _BIFF_CELLS
    while pos <= end:
        kind, length = unpack_record(data, pos)
        body = pos + 4
        pos = body + length
        if kind in cells:
            if worksheet and depth == 1 and length >= 4:
                row, col = unpack_cell(data, body)
                if row >= bottom:
                    bottom = row + 1
                if col >= right:
                    right = col + 1
        elif kind == _BIFF_MULRK:
            if worksheet and depth == 1 and length >= 6:
                row = unpack_cell(data, body)[0]
                last = struct.unpack_from("<H", data, pos - 2)[0]
                bottom, right = max(bottom, row + 1), max(right, last + 1)
        elif kind in _BIFF_BOF:
            depth += 1
            if depth == 1:
                worksheet = length >= 4 and unpack_cell(data, body)[1] == _BIFF_WORKSHEET
                bottom = right = 0
        elif kind == _BIFF_EOF and depth:
            depth -= 1
            if depth == 0 and worksheet:
                _check_grid(bottom, right)
                total += bottom * right
                if total > MAX_CELLS:
                    raise _too_many_cells_in_workbook(total)
                worksheet = False
        elif kind == _BIFF_FILEPASS:
            raise _encrypted()
        elif kind == _BIFF_SST and length >= 8 and struct.unpack_from("<I", data, body + 4)[0] > MAX_SHARED_STRINGS:
            # calamine reads as many strings as the record says.
            raise _too_many_strings()
    if worksheet:  # a sheet cut off before its EOF is still read as far as it goes
        _check_grid(bottom, right)
        if total + bottom * right > MAX_CELLS:
            raise _too_many_cells_in_workbook(total + bottom * right)


def _check_grid(bottom: int, right: int) -> None:
    if right > MAX_COLUMNS:
        raise _too_wide(right)
    if bottom > MAX_ROWS:
        raise _too_many_rows(bottom)
    if bottom * right > MAX_CELLS:
        raise _too_many_cells(bottom, right)


def _too_many_rows(rows: int) -> SheetError:
    return SheetError(
        "terlalu_banyak_baris",
        f"Lembar kerja berisi {_number(rows)} baris, melebihi batas {_number(MAX_ROWS)} baris. Hapus baris kosong "
        "di bawah tabel atau pecah berkasnya.",
    )


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _too_many_cells(rows: int, columns: int) -> SheetError:
    return SheetError(
        "terlalu_banyak_sel",
        f"Lembar kerja terisi dari A1 sampai sel terakhir selebar {_number(columns)} kolom dan setinggi "
        f"{_number(rows)} baris ({_number(rows * columns)} sel), melebihi batas {_number(MAX_CELLS)} sel. "
        "Biasanya ada isian tersesat jauh di bawah atau di kanan tabel: tekan Ctrl+End untuk menemukannya, "
        "hapus baris dan kolom kosong di sekitarnya, simpan, lalu unggah lagi. Daftar yang memang sebesar itu: "
        "pecah per desa atau simpan sebagai CSV.",
    )


def _too_many_cells_in_workbook(cells: int) -> SheetError:
    return SheetError(
        "terlalu_banyak_sel",
        f"Semua lembar berkas ini (termasuk yang tersembunyi) terisi {_number(cells)} sel bila dihitung dari A1 "
        f"sampai sel terakhir tiap lembar, melebihi batas {_number(MAX_CELLS)} sel. Hapus lembar yang tidak "
        "dipakai dan isian tersesat di bawah atau di kanan tabel (Ctrl+End menunjukkan sel terakhir), "
        "atau pecah berkasnya per desa, lalu unggah lagi.",
    )


def _too_many_strings() -> SheetError:
    return SheetError(
        "terlalu_banyak_teks",
        f"Berkas berisi lebih dari {_number(MAX_SHARED_STRINGS)} teks berbeda, melebihi batas. "
        "Pecah berkasnya per desa atau simpan sebagai CSV.",
    )


def _too_wide(columns: int) -> SheetError:
    return SheetError(
        "terlalu_banyak_kolom",
        f"Lembar kerja terisi sampai kolom ke-{_number(columns)}, padahal tabel pekerja paling banyak {MAX_COLUMNS} "
        "kolom. Hapus kolom kosong di kanan tabel (pilih kolom, klik kanan, Hapus), simpan, lalu unggah lagi.",
    )


def _bomb() -> SheetError:
    return SheetError(
        "berkas_mencurigakan",
        "Isi berkas jauh lebih besar daripada ukurannya (berkas rusak atau berbahaya), sehingga tidak dibuka. "
        + _SEND_AGAIN,
    )


# Summary sheets carry totals per RT or village, never people.
_SUMMARY_NAMES = re.compile(r"^\s*(rekap|rekapitulasi|ringkasan|summary|resume|grafik|chart)", re.I)


def _open_calamine(path: Path, kind: str) -> Workbook:
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise _encrypted() from None
    except Exception as exc:  # calamine raises several types for damaged files
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise _encrypted() from None
        raise SheetError("berkas_rusak", "Berkas rusak atau tidak dapat dibaca. " + _SEND_AGAIN) from None
    workbook = Workbook(kind=kind)
    for meta in book.sheets_metadata:
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue
        if meta.visible != calamine.SheetVisibleEnum.Visible:
            workbook.skipped.append((meta.name, "lembar tersembunyi"))
            continue
        if _SUMMARY_NAMES.match(meta.name):
            workbook.skipped.append((meta.name, "lembar rekap, bukan daftar pekerja"))
            continue
        workbook.sheets.append(Sheet(name=meta.name, rows=_calamine_rows(book, meta.name)))
    return workbook


def _calamine_rows(book, name: str) -> Iterator[tuple[int, list]]:
    try:
        sheet = book.get_sheet_by_name(name)
    except Exception:
        raise SheetError("berkas_rusak", f"Lembar {name} rusak dan tidak dapat dibaca. " + _SEND_AGAIN) from None
    if sheet.end is not None and sheet.end[1] + 1 > MAX_COLUMNS:
        raise _too_wide(sheet.end[1] + 1)
    if sheet.end is not None and sheet.end[0] + 1 > MAX_ROWS:
        raise _too_many_rows(sheet.end[0] + 1)
    if sheet.end is not None and (sheet.end[0] + 1) * (sheet.end[1] + 1) > MAX_CELLS:
        raise _too_many_cells(sheet.end[0] + 1, sheet.end[1] + 1)
    if sheet.start is None:
        return
    # A row at a time: the whole sheet as Python lists would hold every empty cell up to the last
    # one at once. iter_rows starts at row 1 but at the first filled column; padded to start at A,
    # so that row and column are the ones the office suite shows.
    pad = [""] * sheet.start[1]
    for index, row in enumerate(sheet.iter_rows()):
        yield index + 1, pad + row if pad else row


# -- CSV ---------------------------------------------------------------------


def _open_csv(path: Path) -> Workbook:
    with path.open("rb") as fh:
        sample = fh.read(1024 * 1024)
    encoding = detect_encoding(sample)
    text = sample.decode(encoding, errors="replace")
    delimiter = detect_delimiter(text)
    return Workbook(kind="csv", sheets=[Sheet(name="", rows=_csv_rows(path, encoding, delimiter))])


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without BOM) when it decodes, else Windows-1252 (an Indonesian-locale Excel's CSV)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A sample cut in the middle of a character is still UTF-8.
        if exc.start < len(sample) - 3:
            return "cp1252"
    return "utf-8"


def detect_delimiter(text: str) -> str:
    """`;` from an Indonesian-locale office suite (its decimal comma), `,` otherwise, tab if so."""
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    lines = 0
    for char in text[:200_000]:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            if char in counts:
                counts[char] += 1
            elif char == "\n":
                lines += 1
                if lines > 50:
                    break
    best = max(counts, key=lambda c: (counts[c], c == ","))
    return best if counts[best] else ","


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list]]:
    csv.field_size_limit(MAX_CSV_FIELD * 10)
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        # strict: a quote that never closes is an error, not the rest of the file read as one cell.
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        number = 0
        while True:
            # A record starts on the line after the previous one ended (a quoted cell may span lines).
            starts_at = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                raise _csv_broken(starts_at) from None
            number += 1
            if len(row) > MAX_COLUMNS:
                # A ragged tail of empty fields is harmless; real width is not.
                while row and not row[-1].strip():
                    row.pop()
                if len(row) > MAX_COLUMNS:
                    raise _too_wide(len(row))
            yield number, row


def _csv_broken(line: int) -> SheetError:
    return SheetError(
        "csv_rusak",
        f'Berkas CSV rusak di baris {_number(line)}: tanda kutip (") yang dibuka di baris itu tidak ditutup, '
        'atau isiannya terlalu panjang. Buka berkasnya, perbaiki tanda kutip di baris tersebut (tutup dengan " '
        "atau hapus), lalu unggah lagi.",
    )


def csv_from_text(text: str) -> Workbook:
    """A CSV given as text (tests and pasted data)."""
    delimiter = detect_delimiter(text)
    rows = ((n, r) for n, r in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))
    return Workbook(kind="csv", sheets=[Sheet(name="", rows=rows)])
