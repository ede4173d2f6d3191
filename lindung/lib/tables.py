"""Finding the table of people in a sheet: the header row(s), the columns' meaning, the data rows.

Villages put titles above the table, headers over two rows (a merged
"Jenis Kelamin" over L | P, "Tempat/Tgl Lahir" over Tempat | Tanggal), a
row of column numbers under the header, the header again after each page
break, and totals and signatures below. This module tells them apart from
the rows that are people.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lindung.lib.cells import is_blank, text_of

SCAN_ROWS = 30

# The fields a column can carry. "" is a column nobody needs (No., Keterangan).
FIELD_LABELS = {
    "": "(abaikan)",
    "nik": "NIK",
    "name": "Nama",
    "sex": "Jenis kelamin (L/P)",
    "sex_male": "Centang L (laki-laki)",
    "sex_female": "Centang P (perempuan)",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir",
    "birth_place_date": "Tempat, tanggal lahir",
    "village": "Desa/kelurahan (nama atau kode)",
    "district": "Kecamatan",
    "kk_number": "No. KK",
    "rt": "RT",
    "rw": "RW",
    "rt_rw": "RT/RW",
    "street": "Alamat",
    "phone": "No. HP",
    "occupation": "Pekerjaan",
}
PERSON_FIELDS = frozenset(FIELD_LABELS) - {"", "district"}


def _key(text) -> str:
    return " ".join(re.sub(r"[^a-z0-9/]+", " ", text_of(text).lower()).split())


# Ordered: the first rule that matches wins, so narrower wordings come first.
_RULES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("", r"^(no|nomor|no urut|nomor urut|urut|#)$"),
        ("name", r"^nama\b"),
        ("kk_number", r"\b(kk|kartu keluarga)\b"),
        ("nik", r"\b(nik|ktp|nomor induk kependudukan|no induk kependudukan|n i k)\b"),
        (
            "birth_place_date",
            r"^(ttl|tempat\s*/?\s*(dan\s*)?(tgl|tanggal)\s*/?\s*(lahir)?|tempat\s*/?\s*tgl\s*/?\s*lahir)",
        ),
        ("birth_place", r"^tempat( lahir)?$|\btempat lahir\b"),
        ("birth_date", r"^(tanggal|tgl)( lahir)?$|\b(tanggal|tgl|tahun|thn) lahir\b|^lahir$"),
        ("sex_male", r"^(jenis kelamin|jk|kelamin|l/p) (l|lk|laki laki|laki)$"),
        ("sex_female", r"^(jenis kelamin|jk|kelamin|l/p) (p|pr|perempuan)$"),
        ("sex", r"\b(jenis kelamin|kelamin|jk|l/p|lp|gender|sex)\b"),
        ("district", r"\b(kecamatan|kec)\b"),
        ("village", r"\b(desa|kelurahan|kel|desa/kel|desa/kelurahan|kode desa|kode wilayah)\b"),
        ("phone", r"\b(hp|telp|telepon|tlp|wa|whatsapp|handphone|no hp|kontak|ponsel|telpon)\b"),
        ("occupation", r"\b(pekerjaan|profesi|mata pencaharian|pekerjaan utama|jenis usaha)\b"),
        ("rt_rw", r"^rt\s*/\s*rw$"),
        ("rt", r"^rt$"),
        ("rw", r"^rw$"),
        ("street", r"\b(alamat|jalan|dusun)\b"),
        ("name", r"\bnama\b"),
    )
)
_SUB_LABELS = frozenset({"l", "p", "lk", "pr", "tempat", "tanggal", "tgl", "laki laki", "perempuan", "rt", "rw"})
# A name column with these words is about someone else.
_NOT_PERSON_NAME = re.compile(
    r"\b(ibu|ayah|desa|kecamatan|kelurahan|usaha|ahli waris|suami|istri|pendamping|kepala keluarga|kk|petugas)\b"
)


def guess_field(label: str) -> str:
    """The field a column header most likely holds; "" when none."""
    key = _key(label)
    if not key:
        return ""
    # Sub-columns of a two-row header, joined as "<upper> <lower>": "Tempat/Tgl Lahir Tempat",
    # "Kelahiran Tanggal", "Data Lahir Tgl", "Alamat RT".
    if re.match(r"^(ttl|tempat|kelahiran|lahir)\b", key) or re.search(r"\b(lahir|kelahiran)\b \S+$", key):
        if key != "tempat" and re.search(r" tempat( lahir)?$", key):
            return "birth_place"
        if re.search(r" (tanggal|tgl)( lahir)?$", key):
            return "birth_date"
    if re.search(r"\b(alamat|domisili|tempat tinggal)\b", key):
        for sub, name in ((r" rt\s*/\s*rw$", "rt_rw"), (r" rt$", "rt"), (r" rw$", "rw")):
            if re.search(sub, key):
                return name
    for name, pattern in _RULES:
        if pattern.search(key):
            if name == "name" and _NOT_PERSON_NAME.search(key):
                continue
            return name
    return ""


@dataclass
class Table:
    header_rows: list[int]  # row numbers (1-based) of the header
    labels: list[str]  # one per column, two-row headers joined ("Jenis Kelamin L")
    fields: list[str]  # guessed field per column
    title: str = ""  # text above the header (village and district named there)
    data_start: int = 0  # first row number after the header (and column-number row)
    notes: list[str] = field(default_factory=list)
    samples: list[list[str]] = field(default_factory=list)  # the first data rows, as text, for the mapping page

    @property
    def nik_column(self) -> int | None:
        return self.fields.index("nik") if "nik" in self.fields else None

    @property
    def signature(self) -> str:
        """Same headers, same signature: a confirmed mapping is remembered by it."""
        joined = "|".join(_key(label) for label in self.labels).rstrip("|")
        return hashlib.sha1(joined.encode()).hexdigest()[:20]


def _score(row: list) -> tuple[int, set[str]]:
    found = {guess_field(text_of(c)) for c in row if isinstance(c, str) and len(c) < 80}
    found.discard("")
    return len(found), found


def find_table(head: list[tuple[int, list]]) -> Table | None:
    """Find the header among the first rows; None when the sheet holds no table of people."""
    best = None
    for position, (_, row) in enumerate(head[:SCAN_ROWS]):
        score, found = _score(row)
        if ("nik" in found or "name" in found) and score >= 2 and (best is None or score > best[0]):
            best = (score, position)
    if best is None:
        return None
    position = best[1]
    number, upper = head[position]
    width = max(len(r) for _, r in head)
    upper = list(upper) + [""] * (width - len(upper))
    labels = [text_of(c) for c in upper]
    header_rows = [number]
    below = head[position + 1][1] if position + 1 < len(head) else []
    below = list(below) + [""] * (width - len(below))
    if _is_sub_header(below, labels):
        # A merged upper cell is stored in its first column only; carry it right over its sub-columns.
        current = ""
        for col in range(width):
            if labels[col]:
                current = labels[col]
                if not is_blank(below[col]):
                    labels[col] = f"{labels[col]} {text_of(below[col])}"
            elif not is_blank(below[col]):
                labels[col] = f"{current} {text_of(below[col])}".strip()
        header_rows.append(head[position + 1][0])
        position += 1
    fields = [guess_field(label) for label in labels]
    fields = _settle(fields)
    data_start = head[position + 1][0] if position + 1 < len(head) else number + 1
    if position + 1 < len(head) and is_column_numbers(head[position + 1][1]):
        data_start = head[position + 1][0] + 1
    title = " ".join(text_of(c) for _, r in head[: header_rows[0] - head[0][0]] for c in r if not is_blank(c))
    while len(labels) > 1 and not labels[-1] and not fields[-1]:
        labels.pop()
        fields.pop()
    table = Table(header_rows=header_rows, labels=labels, fields=fields, title=title, data_start=data_start)
    table.samples = _samples(head, table)
    return table


SAMPLES = 5


def _samples(head: list[tuple[int, list]], table: Table) -> list[list[str]]:
    """The first data rows among the rows read, each cell as the user would read it."""
    found = []
    for number, row in head:
        if number < table.data_start or classify(row, table) != RowKind.DATA:
            continue
        cells = list(row) + [None] * (len(table.labels) - len(row))
        found.append([sample_text(c)[:60] for c in cells[: len(table.labels)]])
        if len(found) == SAMPLES:
            break
    return found


def sample_text(value) -> str:
    """A cell shown on the mapping page: dates the Indonesian way, numbers without a trailing .0."""
    if hasattr(value, "year") and hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return text_of(value)


def _is_sub_header(row: list, upper_labels: list[str]) -> bool:
    cells = [_key(c) for c in row if not is_blank(c)]
    if not cells:
        return False
    if any(re.fullmatch(r"\d{6,}", c.replace(" ", "")) for c in cells):
        return False
    return any(c in _SUB_LABELS for c in cells) and all(len(c) < 30 for c in cells)


def _settle(fields: list[str]) -> list[str]:
    """Keep each field on one column: the first wins, later ones are left for the user to map."""
    seen: set[str] = set()
    settled = []
    for name in fields:
        if name and name in seen:
            settled.append("")
        else:
            settled.append(name)
            seen.add(name)
    return settled


def is_column_numbers(row: list) -> bool:
    """A row of 1 2 3 ... (or (1) (2) (3)) that numbers the columns under a header."""
    values = [text_of(c).strip("()") for c in row if not is_blank(c)]
    if len(values) < 3:
        return False
    try:
        numbers = [int(float(v)) for v in values]
    except ValueError:
        return False
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] in (0, 1)


_NIK_LIKE = re.compile(r"\s*['\u2018\u2019`]?\s*\d{4}")
_TOTAL = re.compile(r"^\s*(jumlah|total|jml|sub ?total|grand total)\b", re.I)
_SIGNATURE = re.compile(
    r"^\s*(mengetahui|menyetujui|kepala desa|kades|lurah|sekretaris|camat|ttd|nip\b|dibuat oleh|petugas|"
    r"operator|pendamping|an\.|a\.n\.|catatan|keterangan\s*:)",
    re.I,
)
_DATE_LINE = re.compile(r"^[A-Za-z .'-]+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}$")
# A signatory's name carries titles: "Drs. H. Abdul Rahman, M.Si", "Hj. Siti Aminah, S.E.", "Ir. Budi, MT".
_TITLED_NAME = re.compile(
    r"^(drs?|dra|dr|ir|h|hj|prof|kh|ust)\.\s|,\s*(s|m|a|d)\.?\s?[a-z]{1,4}\.?(\s*,|\s*$)|,\s*(mt|mm|ma|ba)\.?\s*$",
    re.I,
)


@dataclass
class RowKind:
    DATA = "data"
    BLANK = "blank"
    HEADER = "header"
    NUMBERS = "numbers"
    TOTAL = "total"
    SIGNATURE = "signature"
    EMPTY_NUMBERED = "empty_numbered"


def classify(row: list, table: Table) -> str:
    """What a row under the header is: a person, or one of the rows villages put around them."""
    # Nearly every row is a person with a NIK-like cell; no header, total or column-number row has one.
    nik_col = table.nik_column
    if nik_col is not None and nik_col < len(row):
        value = row[nik_col]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 1e9:
            return RowKind.DATA
        if isinstance(value, str) and len(value) >= 10 and _NIK_LIKE.match(value):
            return RowKind.DATA
    cells = [c for c in row if not is_blank(c)]
    if not cells:
        return RowKind.BLANK
    texts = [text_of(c) for c in cells]
    if any(_TOTAL.match(t) for t in texts[:3]):
        return RowKind.TOTAL
    if is_column_numbers(row):
        return RowKind.NUMBERS
    labels_here = sum(
        1
        for col, c in enumerate(row)
        if col < len(table.labels) and table.labels[col] and _key(c) == _key(table.labels[col])
    )
    if labels_here >= 2 or (labels_here and _score(row)[0] >= 2):
        return RowKind.HEADER
    # The lower row of a two-row header repeated after a page break: only "L", "P", "Tempat", "Tanggal".
    if all(_key(t) in _SUB_LABELS for t in texts):
        return RowKind.HEADER
    person = [
        col
        for col, c in enumerate(row)
        if not is_blank(c) and col < len(table.fields) and table.fields[col] in PERSON_FIELDS
    ]
    nik_cols = [col for col, name in enumerate(table.fields) if name == "nik"]
    has_nik = any(col < len(row) and not is_blank(row[col]) for col in nik_cols)
    if not has_nik and (any(_SIGNATURE.match(t) for t in texts) or any(_DATE_LINE.match(t) for t in texts)):
        return RowKind.SIGNATURE
    if not person:
        return RowKind.EMPTY_NUMBERED
    if not has_nik and len(person) == 1 and len(cells) <= 2:
        only = text_of(row[person[0]])
        # A lone name-like cell under the table is a signature name ("( Budi Santoso )", "NIP. ...").
        if only.startswith("(") or (only.isupper() and len(cells) == 1 and table.fields[person[0]] != "name"):
            return RowKind.SIGNATURE
        if len(cells) == 1 and _TITLED_NAME.search(only):
            return RowKind.SIGNATURE
    return RowKind.DATA


_TITLE_VILLAGE = re.compile(
    r"\b(?:desa|kelurahan)\s*[:]?\s+([A-Za-z][A-Za-z .'-]*?)"
    r"(?=\s+(?:kecamatan|kec\b|kabupaten|kab\b|tahun|rt\b)|\s*$|[,()])",
    re.I,
)


def title_places(title: str) -> tuple[str | None, str | None]:
    """(village, district) named in the title rows, e.g. "DESA BUKIT RAYA KECAMATAN TENGGARONG SEBERANG"."""
    text = " ".join(title.split())
    village = district = None
    match = _TITLE_VILLAGE.search(text)
    if match:
        village = match.group(1).strip(" .-")
    match = re.search(
        r"\b(?:kecamatan|kec\.?)\s*[:]?\s+([A-Za-z][A-Za-z .'-]*?)(?=\s+(?:kabupaten|kab\b|tahun|desa)|\s*$|[,()])",
        text,
        re.I,
    )
    if match:
        district = match.group(1).strip(" .-")
    return village, district


def read_tables(rows: Iterable[tuple[int, list]]) -> tuple[Table | None, Iterator[tuple[int, list]]]:
    """Find the table in a sheet's rows; returns it and the rows after its header."""
    iterator = iter(rows)
    head: list[tuple[int, list]] = []
    for item in iterator:
        head.append(item)
        if len(head) >= SCAN_ROWS:
            break
    table = find_table(head)
    if table is None:
        return None, iter(())

    def rest() -> Iterator[tuple[int, list]]:
        for number, row in head:
            if number >= table.data_start:
                yield number, row
        yield from iterator

    return table, rest()
