"""Turning a village's spreadsheet into people: upload, map columns, preview, commit.

Every row goes through `people.validation.check_person`, the entry form's one
validation path. Commit applies the status rules of `people.services.update_person`
in bulk, with audit entries bulk-written in each chunk's transaction: a chunk
is all or nothing, and a rerun after a kill finds the chunks already written
as "unchanged", so it completes the import without a second copy of anyone.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import tempfile
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Max, Q
from django.utils import timezone
from psycopg.errors import UniqueViolation

from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import Grant, Scope, scope_of
from lindung.audit import services as audit
from lindung.audit.models import AuditEntry
from lindung.db import insert_rows
from lindung.errors import DomainError
from lindung.imports import duplicates
from lindung.imports.models import BatchStatus, ColumnMapping, ImportBatch, ImportRow, RowAction, RowStatus
from lindung.imports.reading import ImportRefused, data_sheets, guessed_mapping, place_hints, read_structure
from lindung.jobs.services import enqueue, handler
from lindung.lib import cells as C
from lindung.lib import linkage
from lindung.lib.bulk import fewer_collections
from lindung.lib.formatting import tanggal
from lindung.lib.linkage.compare import DATE_LEVELS, NAME_LEVELS, SEX_LEVELS
from lindung.lib.linkage.compare import IDENTITY as IDENTITY_FIELD
from lindung.lib.linkage.compare import NAME as NAME_FIELD
from lindung.lib.linkage.compare import SEX as SEX_FIELD
from lindung.lib.linkage.compare import compare as linkage_compare
from lindung.lib.nik import NikError, clean_nik, mask_nik
from lindung.lib.safe_cells import safe
from lindung.lib.sheets import MAX_WORKBOOK_BYTES
from lindung.lib.tables import FIELD_LABELS, guess_field
from lindung.people.models import PU_OCCUPATIONS, EligibilityRules, Person, Segment, Status
from lindung.people.services import DATA_FIELDS, NOT_FROM_HERE
from lindung.people.validation import CONFIRM, ERROR, WARNING, CheckedPerson, Problem, check_person
from lindung.regions.models import Level, Region
from lindung.regions.services import (
    district_exists,
    installation_regency_name,
    outside_regency,
    outside_regency_message,
)

CHUNK = 5000
# SQLite has one writer at a time, and a chunk's transaction holds the write lock from its first
# check to its commit: 5,000 rows at a time kept every verify and session save of the people at
# work waiting for seconds while an import ran. There a commit writes smaller chunks (250 rows
# hold the lock about 40-90 ms) and, between them, leaves the lock free for longer than a
# waiting writer's retry interval: SQLite retries a busy lock every few milliseconds at first,
# but every 100 ms once it has waited a quarter of a second, so a 50 ms pause was missed about
# half the time and a verify could wait out chunk after chunk (a p99 of 5 s during an import).
SQLITE_COMMIT_CHUNK = 250
SQLITE_PAUSE_SECONDS = 0.12
CSV_COLUMNS = (
    "sheet",
    "source_row",
    "status",
    "nik",
    "name",
    "sex",
    "birth_date",
    "village_code",
    "phone",
    "occupation",  # as the list wrote it
    "errors",
    "occupation_category",
)


# -- upload -------------------------------------------------------------------


def create_batch(uploaded, *, by, village_code: str | None = None) -> ImportBatch:
    """Store an uploaded file, find its tables and guess the mapping; refuse an unreadable file."""
    scope = scope_of(by)
    scope.require(Action.PROPOSE)
    if village_code:
        scope.require(Action.PROPOSE, village_code)
    name = Path(getattr(uploaded, "name", "berkas")).name[:200]
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_WORKBOOK_BYTES:
        raise ImportRefused(
            f"Berkas terlalu besar ({size / 1024 / 1024:.0f} MB; "
            f"paling besar {MAX_WORKBOOK_BYTES // 1024 // 1024} MB). "
            "Pecah menjadi beberapa berkas, misalnya satu berkas per desa.",
            "berkas_terlalu_besar",
        )
    path = getattr(uploaded, "temporary_file_path", None)
    if path is None:
        with tempfile.NamedTemporaryFile(suffix=Path(name).suffix, delete=False) as tmp:
            for chunk in uploaded.chunks():
                tmp.write(chunk)
        path = tmp.name
        cleanup = True
    else:
        path = path()
        cleanup = False
    try:
        kind, tables, skipped = read_structure(path, filename=name)
        batch = ImportBatch(
            original_name=name,
            kind=kind,
            created_by=by,
            village_default_id=village_code or None,
            region_code=village_code or _only_region(by),
            tables=tables,
            skipped=skipped,
        )
        batch.mapping = guessed_mapping(tables)
        with open(path, "rb") as fh:
            batch.file.save(
                f"{hashlib.sha1(name.encode()).hexdigest()[:8]}{Path(name).suffix.lower()}", File(fh), save=False
            )
        with transaction.atomic():
            batch.save()
            audit.record(
                "imports.batch.created",
                batch,
                by=by,
                region_code=batch.region_code,
                data={"file": name, "kind": kind, "tables": len(tables)},
            )
    finally:
        if cleanup:
            Path(path).unlink(missing_ok=True)
    return batch


def _only_region(by) -> str:
    codes = scope_of(by).region_codes(Action.PROPOSE)
    return codes[0] if codes and len(codes) == 1 else ""


def require_batch(batch: ImportBatch, by) -> None:
    """Refuse unless the actor may propose people where the batch goes (read-only roles never may)."""
    scope = scope_of(by)
    if batch.region_code:
        scope.require(Action.PROPOSE, batch.region_code)
    elif batch.created_by_id is not None and batch.created_by_id == getattr(by, "pk", None):
        scope.require(Action.PROPOSE)
    elif scope.region_codes(Action.PROPOSE) is not None:
        # A batch for several villages belongs to its uploader and to those who propose everywhere.
        raise PermissionDenied("Impor ini milik pengguna lain; Anda tidak berwenang mengubahnya.")


# What a column the clerk must not lose silently may hold, with the fields that would take it.
LOOKS_LIKE = {
    "birth_date": ("tanggal lahir", {"birth_date", "birth_place_date"}),
    "birth_place": ("tempat lahir", {"birth_place", "birth_place_date"}),
    "rt": ("RT", {"rt", "rt_rw"}),
}
_DATE_WORDS = re.compile(r"\b(tgl|tanggal|lahir|kelahiran|ttl)\b")
_PLACE_WORDS = re.compile(r"\btempat\b(?! tinggal)")
_RT_WORDS = re.compile(r"\brt\b")
_RT_VALUE = re.compile(r"^(rt\.?\s*)?0\d{1,2}$|^\d{1,3}\s*/\s*\d{1,3}$", re.I)


def unmapped_suspects(table: dict, fields: list[str]) -> dict[int, str]:
    """Columns mapped to nothing that look like a birth date, birth place or RT the mapping lacks.

    By the header's words first, then by the sample values: dates, RT numbers such as "003"
    or "003/002", names of regencies and districts. {column: "birth_date" | "birth_place" | "rt"}.
    """
    mapped = {f for f in fields if f}
    missing = [kind for kind, (_, takers) in LOOKS_LIKE.items() if not mapped & takers]
    if not missing:
        return {}
    samples = table.get("samples") or []
    found = {}
    for col, label in enumerate(table["labels"]):
        if col < len(fields) and fields[col]:
            continue
        values = [row[col] for row in samples if col < len(row) and row[col].strip()]
        kind = _looks_like(label, values)
        if kind in missing:
            found[col] = kind
    return found


def _looks_like(label: str, values: list[str]) -> str | None:
    guessed = guess_field(label)
    key = " ".join(re.sub(r"[^a-z0-9/]+", " ", label.lower()).split())
    if guessed in ("birth_place", "birth_place_date") or _PLACE_WORDS.search(key):
        return "birth_place"
    if guessed == "birth_date" or _DATE_WORDS.search(key):
        return "birth_date"
    if guessed in ("rt", "rt_rw") or _RT_WORDS.search(key):
        return "rt"
    if guessed or not values:
        return None
    enough = max(1, (len(values) * 2 + 2) // 3)
    if sum(_is_date_text(v) for v in values) >= enough:
        return "birth_date"
    if sum(bool(_RT_VALUE.match(v)) for v in values) >= enough:
        return "rt"
    if sum(C.place_key(v) in _place_names() for v in values) >= enough:
        return "birth_place"
    return None


def _is_date_text(text: str) -> bool:
    # A day, a month (number or name) and a year; a run of digits is a phone or a NIK, not a date.
    if not re.search(r"\b\d{1,2}[-/. ]+(\d{1,2}|[A-Za-z]{3,})[-/. ]+\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b", text):
        return False
    try:
        return C.parse_date(text, today=timezone.localdate()) is not None
    except C.CellError:
        return False


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Regency, city and district names, the places people are born in, as `place_key`s."""
    names = Region.objects.filter(level__in=[Level.REGENCY, Level.DISTRICT]).values_list("name", flat=True)
    return frozenset(C.place_key(re.sub(r"^(kabupaten|kota)\s+", "", n, flags=re.I)) for n in names)


def suspects_message(table: dict, suspects: dict[int, str]) -> str:
    parts = [
        f"kolom “{table['labels'][col] or f'Kolom {col + 1}'}” tampak berisi {LOOKS_LIKE[kind][0]}"
        for col, kind in sorted(suspects.items())
    ]
    text = "; ".join(parts)
    return (
        f"{text[0].upper()}{text[1:]}, tetapi belum dipetakan. Pilih artinya, atau pilih "
        "“(abaikan kolom ini)” bila memang tidak dipakai."
    )


@transaction.atomic
def set_mapping(
    batch: ImportBatch,
    mapping: dict[str, list[str]],
    *,
    by,
    remember: bool = True,
    ignored: Collection[tuple[str, int]] = (),
) -> ImportBatch:
    """Take the user's corrected mapping; a mapping needs NIK and Nama, each field on one column.

    A column that looks like a birth date, birth place or RT the mapping lacks must be mapped
    or named in `ignored` ((signature, column) pairs the user chose to leave out).
    """
    require_batch(batch, by)
    for sig, fields in mapping.items():
        table = next((t for t in batch.tables if t["signature"] == sig), None)
        if table is None or len(fields) != len(table["labels"]):
            raise DomainError("Pemetaan kolom tidak cocok dengan berkas. Muat ulang halaman lalu coba lagi.")
        unknown = [f for f in fields if f not in FIELD_LABELS]
        if unknown:
            raise DomainError("Pemetaan kolom berisi pilihan yang tidak dikenal.")
        used = [f for f in fields if f]
        twice = sorted({FIELD_LABELS[f] for f in used if used.count(f) > 1})
        if twice:
            raise DomainError(
                f"Setiap isian hanya boleh dipetakan ke satu kolom: {', '.join(twice)} dipilih lebih dari sekali."
            )
        for needed in ("nik", "name"):
            if needed not in fields:
                raise DomainError(
                    f"Pilih kolom yang berisi {FIELD_LABELS[needed]}; tanpa kolom itu baris tidak dapat diimpor."
                )
        silent = {col: kind for col, kind in unmapped_suspects(table, fields).items() if (sig, col) not in ignored}
        if silent:
            raise DomainError(suspects_message(table, silent))
    before = batch.mapping
    batch.mapping = mapping
    batch.status = BatchStatus.UPLOADED
    batch.previewed_at = None
    batch.save(update_fields=["mapping", "status", "previewed_at"])
    audit.record(
        "imports.batch.mapped",
        batch,
        by=by,
        region_code=batch.region_code,
        data={"before": before, "after": mapping, "remembered": remember, "ignored": sorted(map(list, ignored))},
    )
    if remember:
        for sig, fields in mapping.items():
            labels = next(t["labels"] for t in batch.tables if t["signature"] == sig)
            ColumnMapping.objects.update_or_create(
                signature=sig, defaults={"labels": labels, "fields": fields, "confirmed_by": by}
            )
    return batch


# -- reading rows -------------------------------------------------------------


@dataclass
class Context:
    """What every row needs, loaded once per run."""

    by: object
    today: date
    rules: EligibilityRules
    villages: C.VillageIndex
    default_village: str | None
    scope: object
    regency: str

    @classmethod
    def load(cls, *, by, default_village: str | None = None, today: date | None = None, scope=None) -> Context:
        today = today or timezone.localdate()
        scope = scope if scope is not None else scope_of(by)
        regency = settings.LINDUNG_REGENCY
        rows = (
            Region.objects.filter(level=Level.VILLAGE, current=True)
            .within(regency)
            .values_list("code", "name", "parent_id", "parent__name")
        )
        index = C.VillageIndex(
            [C.VillageRecord(code, name, parent, pname or "") for code, name, parent, pname in rows],
            regency=regency,
            regency_name=installation_regency_name(),
            elsewhere=_villages_elsewhere,
        )
        if default_village is None:
            codes = scope.region_codes(Action.PROPOSE)
            if codes and len(codes) == 1 and len(codes[0]) == 13:
                default_village = codes[0]
        return cls(
            by=by,
            today=today,
            rules=EligibilityRules.in_force(today),
            villages=index,
            default_village=default_village,
            scope=scope,
            regency=regency,
        )


def _villages_elsewhere(key: str) -> list[str]:
    """The regencies outside the installation's with a village of this name (a name met once per file)."""
    regency = settings.LINDUNG_REGENCY
    names = (
        Region.objects.filter(level=Level.VILLAGE, current=True, name__iexact=key)
        .exclude(code__startswith=regency + ".")
        .values_list("parent__parent__name", flat=True)
        .distinct()[:4]
    )
    return sorted(n for n in names if n)


@dataclass
class Row:
    sheet: str
    source_row: int
    signature: str
    cells: list
    raw: dict = field(default_factory=dict)
    present: set = field(default_factory=set)  # person fields the file gives
    columns: dict = field(default_factory=dict)  # problem field -> column index
    read_problems: list[Problem] = field(default_factory=list)  # from reading the cells
    problems: list[Problem] = field(default_factory=list)  # all, once checked
    values: dict = field(default_factory=dict)
    nik: str = ""  # the 16 digits when readable
    status: str = RowStatus.VALID
    action: str = RowAction.NONE
    changes: dict = field(default_factory=dict)
    person: Person | None = None
    person_id: int | None = None  # of a person created by this import

    def problem(self, field_name: str, code: str, message: str, level: str = ERROR) -> None:
        self.problems.append(Problem(field_name, code, message, level))

    def unreadable(self, field_name: str, exc: C.CellError) -> None:
        self.read_problems.append(Problem(field_name, exc.code, exc.message))

    @property
    def error_codes(self) -> list[str]:
        return [p.code for p in self.problems]


def iter_file_rows(
    path,
    batch_tables: list[dict],
    mapping: dict,
    ctx: Context,
    *,
    filename: str = "",
    max_bytes=None,
    positions: Collection[int] | None = None,
) -> Iterator[Row]:
    """Every data row of every sheet, with its cells read and problems of reading noted.

    With `positions`, only those rows (see `reading.data_sheets`).
    """
    for sheet in data_sheets(path, batch_tables, mapping, filename=filename, max_bytes=max_bytes, positions=positions):
        title_village, title_district = place_hints(sheet.table, ctx.villages)
        signature = sheet.table["signature"]
        for number, cells in sheet.rows:
            row = Row(sheet=sheet.name, source_row=number, signature=signature, cells=list(cells))
            _extract(row, sheet.at, ctx, title_village, title_district)
            yield row


def _cell(cells: list, col: int):
    return cells[col] if col < len(cells) else None


def _extract(row: Row, at: dict[str, int], ctx: Context, title_village, title_district) -> None:
    """Read a row's cells by the mapping `at` ({field: column})."""
    raw, cols = row.raw, row.columns
    cells = row.cells

    def get(name):
        return _cell(cells, at[name]) if name in at else None

    for name, target in (("nik", "nik"), ("kk_number", "kk_number"), ("phone", "phone"), ("street", "street")):
        if name in at:
            value = get(name)
            raw[target] = None if C.is_blank(value) else value
            row.present.add(target)
            cols[target] = at[name]
    if "name" in at:
        value = get("name")
        # A number or date in the name column is shown as the user saw it.
        raw["name"] = value if isinstance(value, str) or value is None else C.text_of(value)
        row.present.add("name")
        cols["name"] = at["name"]
    if isinstance(raw.get("street"), (int, float)):
        raw["street"] = C.text_of(raw["street"])

    try:
        if "sex" in at:
            cols["sex"] = at["sex"]
            row.present.add("sex")
            raw["sex"] = C.parse_sex(get("sex"))
        elif "sex_male" in at or "sex_female" in at:
            cols["sex"] = at.get("sex_male", at.get("sex_female"))
            row.present.add("sex")
            raw["sex"] = C.sex_from_ticks(get("sex_male"), get("sex_female"))
    except C.CellError as exc:
        row.unreadable("sex", exc)

    try:
        if "birth_place_date" in at:
            cols["birth_date"] = cols["birth_place"] = at["birth_place_date"]
            row.present.update({"birth_place", "birth_date"})
            raw["birth_place"], raw["birth_date"] = C.split_place_date(get("birth_place_date"), today=ctx.today)
        if "birth_date" in at:
            cols["birth_date"] = at["birth_date"]
            row.present.add("birth_date")
            raw["birth_date"] = C.parse_date(get("birth_date"), today=ctx.today)
    except C.CellError as exc:
        row.unreadable("birth_date", exc)
    if "birth_place" in at:
        cols["birth_place"] = at["birth_place"]
        row.present.add("birth_place")
        raw["birth_place"] = C.text_of(get("birth_place"))

    if "village" in at and not C.is_blank(get("village")):
        cols["village_code"] = at["village"]
        row.present.add("village_id")
        try:
            raw["village_code"] = ctx.villages.find(
                get("village"), district=get("district"), title_district=title_district
            )
        except C.CellError as exc:
            row.unreadable("village_code", exc)
    else:
        if "village" in at:
            cols["village_code"] = at["village"]
        raw["village_code"] = title_village or ctx.default_village or ""

    if "occupation" in at:
        cols["occupation"] = cols["occupation_other"] = at["occupation"]
        row.present.update({"occupation", "occupation_other", "occupation_written", "segment"})
        raw["occupation"], raw["occupation_other"] = C.parse_occupation(get("occupation"))
        raw["occupation_written"] = C.text_of(get("occupation"))[:100] if not C.is_blank(get("occupation")) else ""

    if "rt_rw" in at:
        cols["rt"] = cols["rw"] = at["rt_rw"]
        row.present.update({"rt", "rw"})
        text = C.text_of(get("rt_rw"))
        rt, _, rw = text.replace("\\", "/").partition("/")
        raw["rt"], raw["rw"] = rt.strip() or None, rw.strip() or None
    for name in ("rt", "rw"):
        if name in at:
            cols[name] = at[name]
            row.present.add(name)
            value = get(name)
            raw[name] = C.text_of(value) if not C.is_blank(value) else None

    nik = raw.get("nik")
    if nik is not None:
        try:
            row.nik = clean_nik(nik)
        except NikError:
            row.nik = ""


# -- checking rows against the rules and the registry ---------------------------

_PERSON_FROM_RAW = {
    "nik": "nik",
    "kk_number": "kk_number",
    "name": "name",
    "sex": "sex",
    "birth_place": "birth_place",
    "birth_date": "birth_date",
    "village_id": "village_code",
    "rt": "rt",
    "rw": "rw",
    "street": "street",
    "phone": "phone",
    "occupation": "occupation",
    "occupation_other": "occupation_other",
    "occupation_written": "occupation_written",
    "segment": "segment",
    "declared_income": "declared_income",
}


def _rules(raw: dict, ctx: Context) -> CheckedPerson:
    """The entry form's rules on one row; touches no database (the region lists are in `ctx`)."""
    return check_person(
        raw,
        today=ctx.today,
        rules=ctx.rules,
        village_exists=lambda code: code in ctx.villages.by_code,
        district_known=district_exists,
        from_list=True,
    )


def _village_name(ctx: Context, code: str) -> str:
    record = ctx.villages.by_code.get(code)
    return record.name if record else code


class _Seen:
    """The NIKs met so far in a file and where each first appeared, in about 20 bytes a NIK.

    A million rows kept as {"6402…": ("Sheet", 12)} took some 220 MB, and as a dict of
    Python ints still 110 MB, scattered between each chunk's short-lived objects. The
    recent NIKs stay in a small dict; every so often they are merged into two sorted
    arrays (the NIK, the place packed into one number), which a lookup bisects.
    """

    _MERGE_AT = 65_536

    def __init__(self) -> None:
        self._recent: dict[int, int] = {}
        self._niks = np.empty(0, dtype=np.int64)
        self._at = np.empty(0, dtype=np.int64)  # the place, -1 once forgotten
        self._sheets: list[str] = []
        self._sheet_index: dict[str, int] = {}

    def _place(self, sheet: str, source_row: int) -> int:
        index = self._sheet_index.get(sheet)
        if index is None:
            index = self._sheet_index[sheet] = len(self._sheets)
            self._sheets.append(sheet)
        return source_row << 16 | index

    def _index(self, key: int) -> int:
        """Where the key is in the sorted arrays, -1 when it is not."""
        i = int(np.searchsorted(self._niks, key))
        return i if i < len(self._niks) and self._niks[i] == key else -1

    def _lookup(self, key: int) -> int | None:
        place = self._recent.get(key)
        if place is None:
            i = self._index(key)
            place = int(self._at[i]) if i >= 0 and self._at[i] >= 0 else None
        return place

    def first(self, nik: str) -> tuple[str, int] | None:
        place = self._lookup(int(nik))
        return None if place is None else (self._sheets[place & 0xFFFF], place >> 16)

    def add(self, nik: str, sheet: str, source_row: int) -> None:
        key, place = int(nik), self._place(sheet, source_row)
        i = self._index(key) if key not in self._recent else -1
        if i >= 0:
            self._at[i] = place
            return
        self._recent[key] = place
        if len(self._recent) >= self._MERGE_AT:
            niks = np.fromiter(self._recent.keys(), dtype=np.int64, count=len(self._recent))
            at = np.fromiter(self._recent.values(), dtype=np.int64, count=len(self._recent))
            niks, at = np.concatenate([self._niks, niks]), np.concatenate([self._at, at])
            order = np.argsort(niks, kind="stable")
            self._niks, self._at = niks[order], at[order]
            self._recent.clear()

    def forget(self, nik: str, sheet: str, source_row: int) -> None:
        """Forget the NIK if it was first met at this place (a chunk being checked again)."""
        if not nik:
            return
        key, place = int(nik), self._place(sheet, source_row)
        if self._recent.get(key) == place:
            del self._recent[key]
            return
        i = self._index(key)
        if i >= 0 and self._at[i] == place:
            self._at[i] = -1


class Checker:
    """Checks rows in order: the rules, repeats within the file, then the registry (a chunk at a time)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.seen = _Seen()
        self.rows_read = 0

    def check_chunk(self, rows: list[Row], *, lock: bool = False) -> None:
        niks = {r.nik for r in rows if r.nik}
        existing_qs = Person.objects.filter(nik__any_of=niks)
        if lock:
            existing_qs = existing_qs.select_for_update()
        existing = {p.nik: p for p in existing_qs}
        clashes = _identity_clashes([(row, existing[row.nik]) for row in rows if row.nik in existing])
        for row in rows:
            self._check(row, existing.get(row.nik), clash=clashes.get(id(row)))

    def _check(self, row: Row, person: Person | None, *, clash: list[str] | None = None) -> None:
        ctx = self.ctx
        raw = dict(row.raw)
        if person is not None:
            # Columns the file lacks keep the registry's values; only what the file says may change.
            for field_name, key in _PERSON_FROM_RAW.items():
                if field_name not in row.present:
                    raw[key] = getattr(person, field_name)
            if "village_id" not in row.present:
                raw["village_code"] = person.village_id
            if "occupation" in row.present and raw.get("occupation") != person.occupation:
                raw["segment"] = ""
        checked = _rules(raw, ctx)
        row.problems = list(row.read_problems)
        already = {p.field for p in row.problems}
        for p in checked.problems:
            if p.field in already or (p.field == "village_code" and "village_code" in already):
                continue
            if p.code == "desa_kosong":
                p = Problem(
                    "village_code",
                    "desa_kosong",
                    "Desa/kelurahan tidak diketahui. Isi kolom Desa/Kelurahan, atau pilih desa pada formulir unggah.",
                )
            row.problems.append(p)
        row.values = checked.values

        if row.nik:
            first = self.seen.first(row.nik)
            if first is not None:
                where = f"lembar {first[0]} baris {first[1]}" if first[0] else f"baris {first[1]}"
                row.problem(
                    "nik",
                    "nik_ganda_dalam_berkas",
                    f"NIK ini sudah tertulis di {where} berkas ini. Hapus salah satu baris.",
                )
            else:
                self.seen.add(row.nik, row.sheet, row.source_row)
        village = row.values.get("village_id")
        if person is None:
            if village and not ctx.scope.can(Action.PROPOSE, village):
                row.problem(
                    "village_code",
                    "desa_di_luar_wilayah",
                    f"Desa {_village_name(ctx, village)} berada di luar wilayah Anda. "
                    "Anda hanya dapat mengimpor pekerja untuk desa Anda sendiri.",
                )
            self._confirmations_refused(row, already_confirmed=False)
        else:
            self._against_registry(row, person, clash=clash)
        errors = [p for p in row.problems if p.level in (ERROR, CONFIRM)]
        if errors:
            row.status = RowStatus.INVALID
            row.action = RowAction.NONE
        elif any(p.level == WARNING for p in row.problems):
            row.status = RowStatus.WARNING
        else:
            row.status = RowStatus.VALID
        if row.status != RowStatus.INVALID and person is None:
            row.action = RowAction.CREATED

    def _confirmations_refused(self, row: Row, *, already_confirmed: bool) -> None:
        # On the entry form a verifier may confirm a genuine difference; in an import the village checks it.
        kept = []
        for p in row.problems:
            if p.level == CONFIRM:
                if already_confirmed:
                    continue
                p = Problem(p.field, p.code, p.message + " Baris ini tidak diimpor sampai diperbaiki.", ERROR)
            kept.append(p)
        row.problems = kept

    def _against_registry(self, row: Row, person: Person, *, clash: list[str] | None = None) -> None:
        ctx = self.ctx
        row.person = person
        if not ctx.scope.can(Action.PROPOSE, person.village_id):
            # The entry form's rule (people.services._nik_taken): only whoever may see that person
            # learns that the NIK is registered, and where; anyone else gets the same neutral refusal.
            if ctx.scope.can(Action.VIEW, person.village_id):
                row.problem(
                    "nik",
                    "nik_sudah_terdaftar",
                    f"NIK ini sudah terdaftar atas nama {person.name} ({person.village.name}), di luar wilayah "
                    "yang boleh Anda usulkan; hubungi verifikator kabupaten.",
                )
            else:
                row.person = None
                row.problem("nik", "nik_tidak_dapat_diusulkan", NOT_FROM_HERE)
            return
        if person.is_closed():
            row.problem(
                "nik",
                "data_ditutup",
                f"NIK ini terdaftar atas nama {person.name} dengan status {person.get_status_display()}; "
                "data tersebut tidak dapat diubah lewat impor. Hubungi verifikator.",
            )
            return
        if clash:
            row.problem("nik", CLASH, _clash_message(row, person, clash))
            return
        village = row.values.get("village_id")
        if village and not ctx.scope.can(Action.PROPOSE, village):
            row.problem("village_code", "desa_di_luar_wilayah", "Desa tujuan berada di luar wilayah Anda.")
        identity_unchanged = all(row.values.get(f) == getattr(person, f) for f in ("nik", "birth_date", "sex"))
        self._confirmations_refused(row, already_confirmed=identity_unchanged and bool(person.nik_discrepancy_note))
        if any(p.level == ERROR for p in row.problems):
            return
        before = {f: getattr(person, f) for f in DATA_FIELDS}
        after = {f: row.values.get(f, before[f]) for f in DATA_FIELDS}
        row.changes = audit.diff(before, after)
        row.action = RowAction.UPDATED if row.changes else RowAction.UNCHANGED
        if row.changes and person.status == Status.VERIFIED and not ctx.scope.can(Action.VERIFY, person.village_id):
            # Said in the preview, and kept on the person: the verifier's queue shows why it is back.
            row.problem(
                "nik",
                REVERIFY,
                f"{person.name} sudah diverifikasi; perubahan dari berkas ini ({_changed_labels(row.changes)}) "
                "mengembalikannya ke status Diusulkan sampai verifikator memeriksanya lagi.",
                WARNING,
            )


CLASH = "nik_milik_orang_lain"
REVERIFY = "diverifikasi_ulang"
# What "clearly another person" means, in the levels of the duplicate finder's own comparison.
_NAME_DIFFERENT = NAME_LEVELS.index("beda")
_DATE_DIFFERENT = DATE_LEVELS.index("beda")
_SEX_DIFFERENT = SEX_LEVELS.index("beda")


def _identity_clashes(pairs: list[tuple[Row, Person]]) -> dict[int, list[str]]:
    """Rows whose NIK is registered to someone the file's name, birth date or sex clearly say is not them.

    Compared with the duplicate finder's comparison (lindung.lib.linkage), so "clearly
    different" means here what it means there: a misspelt or shortened name, a day and
    month swapped, are the same person; "Orang Lain Sama Sekali" is not. A column the
    file lacks counts as blank, never as a disagreement.
    """
    if not pairs:
        return {}
    n = len(pairs)

    def given(row: Row, field: str, key: str):
        value = row.raw.get(key) if field in row.present else None
        return "" if value is None else value

    columns = {
        "name": [C.text_of(given(row, "name", "name")) for row, _ in pairs] + [p.name for _, p in pairs],
        "birth_date": [given(row, "birth_date", "birth_date") for row, _ in pairs] + [p.birth_date for _, p in pairs],
        "sex": [given(row, "sex", "sex") for row, _ in pairs] + [p.sex for _, p in pairs],
    }
    left = np.arange(n)
    levels = linkage_compare(linkage.prepare(columns), left, left + n)
    names = levels[:, NAME_FIELD]
    dates = levels[:, IDENTITY_FIELD] % len(DATE_LEVELS)
    sexes = levels[:, SEX_FIELD]
    clashes = {}
    for i, (row, _) in enumerate(pairs):
        what = [
            label
            for label, differs in (
                ("nama", names[i] == _NAME_DIFFERENT),
                ("tanggal lahir", dates[i] == _DATE_DIFFERENT),
                ("jenis kelamin", sexes[i] == _SEX_DIFFERENT),
            )
            if differs
        ]
        if what:
            clashes[id(row)] = what
    return clashes


def _described(name, birth, sex) -> str:
    parts = [name or "(tanpa nama)"]
    if sex:
        parts.append("laki-laki" if sex == "L" else "perempuan")
    if isinstance(birth, date):
        parts.append(f"lahir {tanggal(birth)}")
    return ", ".join(parts)


def _clash_message(row: Row, person: Person, clash: list[str]) -> str:
    here = _described(C.text_of(row.raw.get("name") or ""), row.raw.get("birth_date"), row.raw.get("sex"))
    there = _described(person.name, person.birth_date, person.sex)
    return (
        f"NIK ini terdaftar untuk orang lain: {there} ({person.get_status_display()}), sedangkan baris ini "
        f"{here}; {' dan '.join(clash)} jelas berbeda. Baris ini tidak mengubah data terdaftar. Periksa NIK di "
        "berkas; bila orangnya memang sama, perbaiki datanya lewat halaman pekerja agar verifikator melihatnya."
    )


def _changed_labels(changes: dict) -> str:
    labels = {"village_id": "desa", "birth_date": "tanggal lahir", "birth_place": "tempat lahir", "name": "nama",
              "phone": "no HP", "street": "alamat", "occupation": "pekerjaan", "sex": "jenis kelamin"}  # fmt: skip
    return ", ".join(labels.get(f, FIELD_LABELS.get(f, f)).lower() for f in changes)


# -- staging, preview, commit ------------------------------------------------------


def _json_cell(value):
    if isinstance(value, datetime):
        return {"d": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if hasattr(value, "total_seconds"):
        return str(value)
    return value


def _problem_dicts(row: Row) -> list[dict]:
    return [{**p.as_dict(), "column": row.columns.get(p.field)} for p in row.problems]


def _staged(batch: ImportBatch, row: Row, position: int) -> ImportRow:
    values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.values.items() if k != "name_key"}
    return ImportRow(
        batch=batch,
        position=position,
        sheet=row.sheet[:100],
        source_row=row.source_row,
        signature=row.signature,
        cells=[_json_cell(c) for c in row.cells],
        values=values,
        status=row.status,
        problems=_problem_dicts(row),
        nik=row.nik,
        action=row.action,
        person_id=row.person_id or (row.person.pk if row.person is not None else None),
    )


def _chunks(rows: Iterator[Row], size: int | None = None) -> Iterator[list[Row]]:
    size = size or CHUNK
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Counts:
    def __init__(self):
        self.total = self.valid = self.warning = self.invalid = 0
        self.created = self.updated = self.unchanged = 0

    def add(self, row: Row, *, action: bool = False) -> None:
        self.total += 1
        if row.status == RowStatus.VALID:
            self.valid += 1
        elif row.status == RowStatus.WARNING:
            self.warning += 1
        else:
            self.invalid += 1
        if action:
            if row.action == RowAction.CREATED:
                self.created += 1
            elif row.action == RowAction.UPDATED:
                self.updated += 1
            elif row.action == RowAction.UNCHANGED:
                self.unchanged += 1

    def apply(self, batch: ImportBatch) -> None:
        batch.rows_total, batch.rows_valid = self.total, self.valid
        batch.rows_warning, batch.rows_invalid = self.warning, self.invalid

    _FIELDS = ("total", "valid", "warning", "invalid", "created", "updated", "unchanged")

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self._FIELDS}

    @classmethod
    def of(cls, saved: dict | None) -> _Counts:
        counts = cls()
        for name in cls._FIELDS:
            setattr(counts, name, int((saved or {}).get(name, 0)))
        return counts

    def copy(self) -> _Counts:
        return _Counts.of(self.as_dict())


def _rows_of(batch: ImportBatch, ctx: Context) -> Iterator[Row]:
    return iter_file_rows(batch.path, batch.tables, batch.mapping, ctx, filename=batch.original_name)


def _context(batch: ImportBatch, by) -> Context:
    return Context.load(by=by, default_village=batch.village_default_id)


@fewer_collections()
def preview_import(batch: ImportBatch, *, by, progress: Callable | None = None) -> ImportBatch:
    """Read and check every row without touching the registry; stage the rows with their problems."""
    require_batch(batch, by)
    ctx = _context(batch, by)
    checker = Checker(ctx)
    counts = _Counts()
    with transaction.atomic():
        ImportRow.objects.filter(batch=batch).delete()
    position = 0
    # Rows the import would create, for the duplicate check once the whole file is read. Valid rows
    # are not staged, so a valid row that turns out a possible duplicate is read again afterwards:
    # holding every valid row until then would cost more memory than the whole preview does.
    # Kept compact, as the command line's dry run keeps them (about 50 bytes a row).
    new_rows = duplicates.Collected()
    was_valid: set[int] = set()
    for chunk in _chunks(_rows_of(batch, ctx)):
        checker.check_chunk(chunk)
        staged = []
        for row in chunk:
            position += 1
            counts.add(row)
            if row.action == RowAction.CREATED:
                new_rows.add(position, row.sheet, row.source_row, row.values)
                if row.status == RowStatus.VALID:
                    was_valid.add(position)
            # Only rows with something to say are staged: the error workbook and the page show them,
            # and a 52,000-row file would otherwise write 52,000 rows to say "valid".
            if row.status != RowStatus.VALID:
                staged.append(_staged(batch, row, position))
        ImportRow.objects.bulk_create(staged, batch_size=1000)
        if progress:
            progress(counts.total, None, "Memeriksa baris")
    if progress and len(new_rows):
        progress(counts.total, None, "Mencari kemungkinan duplikat")
    found = duplicates.find(new_rows, scope=ctx.scope, regency=ctx.regency)
    del new_rows
    _stage_duplicates(batch, ctx, found, was_valid, counts)
    counts.apply(batch)
    batch.status = BatchStatus.PREVIEWED
    batch.previewed_at = timezone.now()
    batch.error = ""
    with transaction.atomic():
        batch.save()
        audit.record(
            "imports.batch.previewed",
            batch,
            by=by,
            region_code=batch.region_code,
            data={"rows": batch.rows_total, "valid": batch.rows_valid, "invalid": batch.rows_invalid},
        )
    return batch


def _stage_duplicates(
    batch: ImportBatch, ctx: Context, found: dict[int, Problem], was_valid: set[int], counts: _Counts
) -> None:
    """Add the duplicate warnings to the rows they concern, staging the valid rows that now have something to say."""
    fresh = {position: problem for position, problem in found.items() if position in was_valid}
    already = {position: problem for position, problem in found.items() if position not in was_valid}
    if fresh:
        # Read the file again for just these rows. Reading is cheap next to checking, and only
        # these rows are checked again (by a fresh Checker: their NIKs are unique in the file).
        last = max(fresh)
        wanted = []
        for position, row in enumerate(_rows_of(batch, ctx), start=1):
            if position in fresh:
                wanted.append((position, row))
            if position >= last:
                break
        checker = Checker(ctx)
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            checker.check_chunk([row for _, row in part])
            staged = []
            for position, row in part:
                row.problems.append(fresh[position])
                # Valid at the first reading; refused now only if the registry changed in between.
                counts.valid -= 1
                if row.status == RowStatus.INVALID:
                    counts.invalid += 1
                else:
                    row.status = RowStatus.WARNING
                    counts.warning += 1
                staged.append(_staged(batch, row, position))
            ImportRow.objects.bulk_create(staged, batch_size=1000)
    # Rows already staged with a warning of their own: the duplicate is one more.
    changed = list(ImportRow.objects.filter(batch=batch, position__in=list(already)))
    for staged_row in changed:
        problem = already[staged_row.position]
        staged_row.problems = [*staged_row.problems, {**problem.as_dict(), "column": None}]
    ImportRow.objects.bulk_update(changed, ["problems"], batch_size=500)


def _carried_duplicates(batch: ImportBatch) -> dict[tuple[str, int], Problem]:
    """The preview's duplicate warnings, by row: the commit reads the file again but does not match it again."""
    carried = {}
    rows = ImportRow.objects.filter(batch=batch, status=RowStatus.WARNING).values_list(
        "sheet", "source_row", "problems"
    )
    for sheet, source_row, problems in rows.iterator(chunk_size=2000):
        for p in problems:
            if p.get("code") == duplicates.CODE:
                carried[(sheet, source_row)] = Problem(p["field"], p["code"], p["message"], p["level"])
    return carried


def _carry_duplicates(chunk: list[Row], carried: dict[tuple[str, int], Problem]) -> None:
    # Only a row still to be created keeps the warning: one that meanwhile became an update of a
    # registered person, or was refused, is no longer a possible second record.
    for row in chunk:
        problem = carried.get((row.sheet[:100], row.source_row))
        if problem is None or row.action != RowAction.CREATED or row.status == RowStatus.INVALID:
            continue
        row.problems.append(problem)
        row.status = RowStatus.WARNING


_ADAPTED = frozenset({"DateField", "DateTimeField", "JSONField"})


def _adapter(field, connection) -> Callable:
    if field.get_internal_type() == "JSONField":
        # JSON as text: what SQLite stores, and what COPY hands PostgreSQL to parse. Django's
        # adapting wraps each value for the driver to dump, at several times the cost.
        encoder = field.encoder
        return lambda value: json.dumps(value, cls=encoder)
    return lambda value: field.get_db_prep_save(value, connection)


def _insert(model, rows: list[dict], *, now) -> None:
    """INSERT many rows given as {attname: value} with one prepared statement.

    The bulk path writes tens of thousands of people and audit entries; building
    model instances and letting bulk_create prepare each value generically costs
    several times the database's own work. Missing fields take their defaults,
    auto_now fields take `now`, and only dates and JSON need the backend's adapting.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    plan = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            plan.append((f.attname, True, f.get_db_prep_save(now, connection)))
        else:
            default = f.get_default()
            if default is not None and f.get_internal_type() in _ADAPTED:
                default = _adapter(f, connection)(default)
            plan.append((f.attname, False, default))
    adapters = {f.attname: _adapter(f, connection) for f in fields if f.get_internal_type() in _ADAPTED}
    params, memo = [], {}
    for row in rows:
        line = []
        for attname, fixed, default in plan:
            if fixed or attname not in row:
                line.append(default)
                continue
            value = row[attname]
            adapt = adapters.get(attname)
            if adapt is not None and value is not None:
                # The same `now` fills several columns of every row: adapt it once.
                key = (attname, id(value))
                if key not in memo:
                    memo[key] = (value, adapt(value))
                value = memo[key][1] if memo[key][0] is value else adapt(value)
            line.append(value)
        params.append(line)
    insert_rows(model._meta.db_table, [f.column for f in fields], params, chunk=1000, using=connection.alias)


def _segment_for(values: dict) -> str:
    return values.get("segment") or (Segment.PU if values.get("occupation") in PU_OCCUPATIONS else Segment.BPU)


def _write_chunk(chunk: list[Row], *, by, scope, batch_id, now, interface: str) -> None:
    """Create and update the chunk's people with their audit entries; the caller holds the transaction."""
    new = [row for row in chunk if row.action == RowAction.CREATED]
    attnames = {f.attname for f in Person._meta.concrete_fields}
    people = []
    for row in new:
        values = {k: v for k, v in row.values.items() if k in attnames}
        values["segment"] = _segment_for(values)
        row.values = values
        people.append(
            {
                **values,
                "warnings": [p.as_dict() for p in row.problems if p.level == WARNING],
                "status": Status.PROPOSED,
                "proposed_by_id": by.pk,
                "proposed_at": now,
                "status_changed_at": now,
            }
        )
    _insert(Person, people, now=now)
    if new:
        ids = dict(Person.objects.filter(nik__any_of=[r.values["nik"] for r in new]).values_list("nik", "pk"))
        for row in new:
            row.person_id = ids[row.values["nik"]]
    updated, entries = [], []
    for row in chunk:
        if row.action != RowAction.UPDATED:
            continue
        person = row.person
        before_status = person.status
        for key in DATA_FIELDS:
            if key in row.values:
                setattr(person, key, row.values[key])
        person.name_key = row.values.get("name_key", person.name_key)
        person.warnings = [p.as_dict() for p in row.problems if p.level == WARNING]
        # The rules of people.services.update_person: a corrected rejection is proposed again, and an
        # operator's change to a verified person must be verified again before it is funded.
        if person.status == Status.REJECTED or (
            person.status == Status.VERIFIED and not scope.can(Action.VERIFY, person.village_id)
        ):
            person.status = Status.PROPOSED
            person.status_reason = ""
            person.status_changed_at = now
            person.proposed_by, person.proposed_at = by, now
        person.version += 1
        person.updated_at = now
        updated.append(person)
        entries.append(
            (
                "people.person.updated",
                person,
                person.village_id,
                audit.jsonable(
                    {"changes": row.changes, "status": [before_status, person.status], "import_batch": batch_id}
                ),
            )
        )
    if updated:
        Person.objects.bulk_update(
            updated,
            [
                *DATA_FIELDS,
                "name_key",
                "warnings",
                "status",
                "status_reason",
                "status_changed_at",
                "proposed_by",
                "proposed_at",
                "version",
                "updated_at",
            ],
            batch_size=500,
        )
    for row in new:
        entries.append(
            (
                "people.person.proposed",
                (Person, row.person_id),
                row.values["village_id"],
                # audit.jsonable's result, without walking a million small dicts generically.
                {
                    "values": {f: _scalar(row.values.get(f)) for f in DATA_FIELDS},
                    "warnings": [w.code for w in row.problems if w.level == WARNING],
                    "import_batch": batch_id,
                },
            )
        )
    audit.record_many(
        entries, by=by, interface=interface, prepared=True, insert=lambda rows: _insert(AuditEntry, rows, now=now)
    )


def _scalar(value):
    return value if value is None or isinstance(value, (str, int)) else audit.jsonable(value)


class BatchBusy(DomainError):
    """Another run is committing this batch; the batch is left to it."""


_FREE = [BatchStatus.PREVIEWED, BatchStatus.FAILED, BatchStatus.UPLOADED]
_ATTEMPTS = 5


def _claim_batch(batch: ImportBatch, job_id: int | None) -> None:
    """Take the batch for this commit by a conditional update: of two commits at once, one goes on."""
    free = Q(status__in=_FREE)
    if job_id is not None:
        # The same job after its runner died: it continues what it started.
        free |= Q(status=BatchStatus.COMMITTING, job_id=job_id)
    fields = {"status": BatchStatus.COMMITTING, "error": ""}
    if job_id is not None:
        fields["job_id"] = job_id
    if ImportBatch.objects.filter(free, pk=batch.pk).update(**fields):
        return
    status = ImportBatch.objects.filter(pk=batch.pk).values_list("status", flat=True).first()
    if status == BatchStatus.COMMITTED:
        raise BatchBusy("Impor ini sudah disimpan. Unggah berkasnya lagi bila ingin mengimpor ulang.")
    raise BatchBusy(
        "Impor ini sedang disimpan oleh proses lain. Tunggu sampai selesai; halaman impor akan menampilkan hasilnya."
    )


@fewer_collections()
def commit_import(
    batch: ImportBatch,
    *,
    by,
    progress: Callable | None = None,
    rows: Iterator[Row] | None = None,
    stage: bool = True,
    job=None,
    resume: dict | None = None,
    checkpoint: Callable[[dict], None] | None = None,
) -> ImportBatch:
    """Write the accepted rows into the registry, a chunk per transaction; a rerun completes a killed one.

    With `checkpoint`, each chunk's transaction also saves how far the commit got and
    what it counted; a rerun given that as `resume` skips the rows already written
    and reports them as written by this batch, not as already there.
    """
    require_batch(batch, by)
    scope = scope_of(by)
    scope.require(Action.PROPOSE)
    _claim_batch(batch, getattr(job, "pk", None))
    try:
        _commit(batch, by=by, scope=scope, progress=progress, rows=rows, stage=stage, resume=resume, save=checkpoint)
    except BatchBusy:
        raise
    except DomainError as exc:
        ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.COMMITTING).update(
            status=BatchStatus.FAILED, error=exc.message
        )
        raise
    except BaseException:
        # Never left "committing" with no one at work: what was written stays, a rerun completes it.
        ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.COMMITTING).update(
            status=BatchStatus.FAILED, error=INTERRUPTED
        )
        raise
    return batch


INTERRUPTED = (
    "Penyimpanan terhenti karena kesalahan sistem. Baris yang sudah tersimpan tetap tersimpan; "
    "klik Simpan lagi untuk meneruskan."
)


def _commit(batch: ImportBatch, *, by, scope, progress, rows, stage, resume, save) -> None:
    ctx = _context(batch, by)
    checker = Checker(ctx)
    counts = _Counts.of(resume.get("counts")) if resume else _Counts()
    done = counts.total
    # The preview's staged rows give way chunk by chunk, in the chunk's transaction: a rerun after a
    # kill still finds the preview's duplicate warnings for the rows not yet written.
    carried = _carried_duplicates(batch)
    interface = audit.current_interface()
    position = 0
    source = rows if rows is not None else _rows_of(batch, ctx)
    if done:
        source = _skip_written(source, done, checker)
        position = done
    one_writer = connections[router.db_for_write(Person)].vendor == "sqlite"
    size = min(CHUNK, SQLITE_COMMIT_CHUNK) if one_writer else CHUNK
    for chunk in _chunks(source, size):
        if one_writer and position > done:
            time.sleep(SQLITE_PAUSE_SECONDS)
        for attempt in range(_ATTEMPTS):
            try:
                with transaction.atomic():
                    now = timezone.now()
                    # Locked: a person changed in another tab between check and write would be overwritten.
                    checker.check_chunk(chunk, lock=True)
                    _carry_duplicates(chunk, carried)
                    _write_chunk(chunk, by=by, scope=scope, batch_id=batch.pk, now=now, interface=interface)
                    ImportRow.objects.filter(
                        batch=batch, position__gt=position, position__lte=position + len(chunk)
                    ).delete()
                    if stage:
                        ImportRow.objects.bulk_create(
                            [
                                _staged(batch, row, position + i + 1)
                                for i, row in enumerate(chunk)
                                if row.status != RowStatus.VALID
                            ],
                            batch_size=1000,
                        )
                    after = counts.copy()
                    for row in chunk:
                        after.add(row, action=True)
                    if save is not None:
                        save({"counts": after.as_dict()})
                break
            except (IntegrityError, UniqueViolation):
                # PostgreSQL's COPY raises psycopg's own error, not Django's wrapper.
                # Someone registered one of these NIKs meanwhile (the same file imported twice at once):
                # check the chunk again against the registry, which now holds their rows.
                if attempt == _ATTEMPTS - 1:
                    raise DomainError(
                        "Sebagian NIK di berkas ini sedang didaftarkan bersamaan oleh impor lain. Baris yang sudah "
                        "tersimpan tetap tersimpan; tunggu impor lain itu selesai, lalu klik Simpan lagi."
                    ) from None
                for row in chunk:
                    _reset(row, checker)
        position += len(chunk)
        counts = after
        if progress:
            progress(counts.total, None, "Menyimpan baris")
    ImportRow.objects.filter(batch=batch, position__gt=position).delete()
    counts.apply(batch)
    batch.people_created, batch.people_updated, batch.people_unchanged = (
        counts.created,
        counts.updated,
        counts.unchanged,
    )
    batch.status = BatchStatus.COMMITTED
    batch.committed_at = timezone.now()
    batch.error = ""
    batch.save()


def _skip_written(rows: Iterator[Row], done: int, checker: Checker) -> Iterator[Row]:
    """The rows after the first `done`, which a killed run wrote; their NIKs still count as met in the file."""
    for position, row in enumerate(rows, start=1):
        if position > done:
            yield row
        elif row.nik and checker.seen.first(row.nik) is None:
            checker.seen.add(row.nik, row.sheet, row.source_row)


def _reset(row: Row, checker: Checker) -> None:
    checker.seen.forget(row.nik, row.sheet, row.source_row)
    row.person, row.person_id, row.action, row.changes = None, None, RowAction.NONE, {}
    row.values, row.problems = {}, []


@dataclass
class Conflict:
    """A row whose NIK is registered to someone else, with both sides for the page to show side by side."""

    row: ImportRow
    person: Person | None  # None when outside the user's region


def conflicts(batch: ImportBatch, *, by, limit: int = 50) -> list[Conflict]:
    """The batch's rows that name a registered NIK but clearly another person (first `limit`)."""
    rows = list(
        ImportRow.objects.filter(batch=batch, status=RowStatus.INVALID, problems__icontains=CLASH).order_by("position")[
            :limit
        ]
    )
    people = Person.objects.visible_to(by).select_related("village").in_bulk([r.person_id for r in rows if r.person_id])
    return [Conflict(row, people.get(row.person_id)) for row in rows]


def may_reveal_niks(batch: ImportBatch, *, by) -> bool:
    """Whether the user may see the whole NIKs of this batch's rows (the registry's rule for its region)."""
    return scope_of(by).can(Action.VIEW_FULL_NIK, batch.region_code or None)


def show_niks(batch: ImportBatch, rows: list[ImportRow], *, by, reveal: bool) -> bool:
    """Give each listed row a `shown_nik`: masked, or whole to a role that may reveal it and asked to (on the record).

    The rows' NIKs are the file's, but a row naming a registered NIK names that person too, so the
    page follows the registry: finance sees masks, and every reveal is an audit entry like a person's.
    """
    scope = scope_of(by)
    whole = []
    for row in rows:
        village = (row.values or {}).get("village_id") or batch.region_code or None
        if reveal and row.nik and scope.can(Action.VIEW_FULL_NIK, village):
            row.shown_nik = row.nik
            whole.append(row)
        else:
            row.shown_nik = mask_nik(row.nik) if row.nik else ""
    if whole:
        with transaction.atomic():
            audit.record(
                "imports.batch.niks_viewed",
                batch,
                by=by,
                region_code=batch.region_code,
                data={"rows": sorted({r.position for r in whole}), "count": len({r.pk for r in whole})},
            )
    return bool(whole)


@transaction.atomic
def record_error_download(batch: ImportBatch, *, by) -> None:
    """Refuse the rows-to-fix workbook (whole NIKs, as typed) to a role that may not reveal them; log the rest."""
    if not may_reveal_niks(batch, by=by):
        raise PermissionDenied("Berkas perbaikan berisi NIK lengkap; hanya untuk peran yang boleh melihat NIK lengkap.")
    audit.record(
        "imports.batch.errors_downloaded",
        batch,
        by=by,
        region_code=batch.region_code,
        data={"rows": batch.rows_invalid},
    )


# -- jobs -------------------------------------------------------------------------


def start_preview(batch: ImportBatch, *, by):
    """Run the preview as a job (inline in tests and on the command line)."""
    require_batch(batch, by)
    job = enqueue(
        "imports.run",
        by=by,
        params={"batch": batch.pk, "step": "preview"},
        region_code=batch.region_code,
        label="Memeriksa baris berkas",
    )
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    return job


def start_commit(batch: ImportBatch, *, by):
    """Queue the commit; one already running for this batch is told of, not doubled."""
    batch.refresh_from_db()
    if batch.status == BatchStatus.COMMITTING and batch.job is not None and not batch.job.is_stuck():
        raise DomainError("Impor ini sedang disimpan. Tunggu sampai selesai; halaman ini menampilkan kemajuannya.")
    require_batch(batch, by)
    if not batch.can_commit():
        raise DomainError("Periksa pratinjau berkas dulu sebelum menyimpan.")
    # A commit that failed or was cancelled half-way continues where it stopped, so its counts stay true.
    earlier = batch.job if batch.job is not None and batch.job.params.get("step") == "commit" else None
    job = enqueue(
        "imports.run",
        by=by,
        params={"batch": batch.pk, "step": "commit"},
        region_code=batch.region_code,
        label="Menyimpan baris yang valid ke registri",
        checkpoint=earlier.checkpoint if earlier is not None and batch.status != BatchStatus.COMMITTED else None,
    )
    # The commit claims the batch for its job; until it starts, the page follows this one.
    ImportBatch.objects.filter(pk=batch.pk).exclude(status__in=[BatchStatus.COMMITTING, BatchStatus.COMMITTED]).update(
        job=job
    )
    return job


def _give_up_import(job, message: str) -> None:
    # A cancelled or abandoned commit leaves the batch failed (and resumable), not "being saved" forever.
    ImportBatch.objects.filter(
        pk=job.params.get("batch"), job=job, status__in=[BatchStatus.COMMITTING, BatchStatus.UPLOADED]
    ).update(status=BatchStatus.FAILED, error=message)


@handler("imports.run", on_give_up=_give_up_import)
def run_import_job(job, report) -> dict:
    from django.urls import reverse

    batch = ImportBatch.objects.get(pk=job.params["batch"])
    by = job.created_by
    step = job.params["step"]
    try:
        if step == "preview":
            preview_import(batch, by=by, progress=report)
            message = (
                f"{batch.rows_total} baris dibaca: {batch.rows_valid} valid, {batch.rows_warning} dengan "
                f"peringatan, {batch.rows_invalid} ditolak."
            )
        else:
            commit_import(
                batch, by=by, progress=report, job=job, resume=job.checkpoint or None, checkpoint=report.checkpoint
            )
            message = (
                f"{batch.people_created} pekerja ditambahkan, {batch.people_updated} diperbarui, "
                f"{batch.people_unchanged} sudah ada tanpa perubahan, {batch.rows_invalid} baris ditolak."
            )
    except BatchBusy:
        raise  # the batch belongs to the other run
    except DomainError as exc:
        ImportBatch.objects.filter(pk=batch.pk).exclude(status=BatchStatus.COMMITTED).update(
            status=BatchStatus.FAILED, error=exc.message
        )
        raise
    return {"message": message, "next_url": reverse("imports:batch-detail", args=[batch.pk])}


# -- command line ------------------------------------------------------------------


def csv_line(row: Row) -> list:
    values = row.values
    birth = values.get("birth_date") or row.raw.get("birth_date")
    # Cells taken from the file are neutralised; the phone is lindung's own E.164 form (+62…).
    return [
        safe(row.sheet),
        row.source_row,
        row.status,
        safe(row.nik),
        safe(values.get("name") or (C.text_of(row.raw.get("name")) if row.raw.get("name") is not None else "")),
        safe(values.get("sex") or row.raw.get("sex") or ""),
        birth.isoformat() if isinstance(birth, date) else "",
        safe(values.get("village_id") or row.raw.get("village_code") or ""),
        values.get("phone") or "",
        values.get("occupation_written") or row.raw.get("occupation_written") or "",
        ";".join(row.error_codes),
        values.get("occupation") or "",
    ]


def _dry_run_scope() -> Scope:
    # A proposer over the whole regency: rows outside it are refused, and a change to a verified
    # person is reported as going back to the verifier, as it would for most who import.
    return Scope((Grant(Role.OPERATOR, settings.LINDUNG_REGENCY),))


@fewer_collections()
def import_file(
    path, *, by, village_code: str | None = None, dry_run: bool = False, out=None, progress: Callable | None = None
) -> dict:
    """The command line's import: the same reading, rules and commit as the web, on a file in place.

    A dry run writes nothing, so it needs no actor: with `by=None` the rows are checked
    as a proposer anywhere in the installation's regency would see them.
    """
    path = Path(path)
    if by is None and not dry_run:
        raise DomainError("Sebutkan pengguna pengimpor dengan --user NAMA: impor tanpa --dry-run menulis ke registri.")
    scope = scope_of(by) if by is not None else _dry_run_scope()
    scope.require(Action.PROPOSE)
    if village_code:
        if outside_regency(village_code):
            name = Region.objects.filter(code=village_code).values_list("name", flat=True).first() or ""
            raise ImportRefused(outside_regency_message(village_code, name), "desa_luar_kabupaten")
        if not Region.objects.filter(code=village_code, level=Level.VILLAGE).exists():
            raise ImportRefused(f"Kode desa {village_code} tidak dikenal.", "desa_tidak_dikenal")
        scope.require(Action.PROPOSE, village_code)
    kind, tables, skipped = read_structure(path, filename=path.name)
    mapping = guessed_mapping(tables)
    # No mapping page here: what it would have asked about is said on the terminal instead.
    unmapped = [
        [t["sheet"], suspects_message(t, found)]
        for t in tables
        if (found := unmapped_suspects(t, mapping.get(t["signature"], t["fields"])))
    ]
    writer = None
    if out is not None:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)

    def echoed(rows):
        for done, row in enumerate(rows, start=1):
            yield row
            if progress and done % 1000 == 0:
                progress(done, None)

    ctx = Context.load(by=by, default_village=village_code, scope=scope)
    if dry_run:
        from lindung.imports import direct  # built on this module

        checker = Checker(ctx)
        counts = _Counts()
        # The duplicate check needs every row first, so lines wait in a spool file, not in memory: a
        # million lines held as lists took more memory than the rest of the run.
        new_rows = duplicates.Collected()
        valid = bytearray()  # per position (from 1), whether the row was valid: a byte a row
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") if writer else nullcontext() as spool:
            spooled = csv.writer(spool) if writer else None
            position = 0
            for chunk in _chunks(echoed(iter_file_rows(path, tables, mapping, ctx, filename=path.name))):
                checker.check_chunk(chunk)
                for row in chunk:
                    position += 1
                    counts.add(row)
                    valid.append(row.status == RowStatus.VALID)
                    if row.action == RowAction.CREATED:
                        new_rows.add(position, row.sheet, row.source_row, row.values)
                    if spooled:
                        spooled.writerow(csv_line(row))
            # The file's NIKs are no longer needed: their memory goes back before the matching's.
            del checker
            found = duplicates.find(new_rows, scope=ctx.scope, regency=ctx.regency)
            for position in found:
                if valid[position - 1]:
                    counts.valid -= 1
                    counts.warning += 1
            if writer:
                direct.Follower(spool).write_out(out, set(found))
        return {
            "rows": counts.total,
            "valid": counts.valid,
            "warning": counts.warning,
            "invalid": counts.invalid,
            "created": 0,
            "updated": 0,
            "unchanged": 0,
            "skipped": skipped,
            "unmapped": unmapped,
        }
    # The registry before this import: what the preview would have matched against.
    registered_up_to = Person.objects.aggregate(last=Max("pk"))["last"] or 0
    batch = ImportBatch.objects.create(
        source_path=str(path.resolve()),
        original_name=path.name[:200],
        kind=kind,
        created_by=by,
        village_default_id=village_code or None,
        region_code=village_code or _only_region(by),
        tables=tables,
        skipped=skipped,
        mapping=mapping,
    )

    from lindung.imports import direct  # built on this module

    # A row's line is written, and counted as done, once its chunk is stored; the rows it
    # created are matched for likely duplicates when all are, as the preview would have.
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") if writer else nullcontext() as spool:
        follower = direct.Follower(spool, progress=progress)
        rows_iter = follower.rows(iter_file_rows(path, tables, mapping, ctx, filename=path.name))
        commit_import(batch, by=by, rows=rows_iter, stage=True, progress=follower.stored)
        follower.stored(batch.rows_total)  # every row is stored now, reported or not
        if progress and len(follower.created):
            progress(follower.position, None, "Mencari kemungkinan duplikat")
        warned = direct.warn_created(batch, follower.created, ctx=ctx, by=by, registered_up_to=registered_up_to)
        if writer:
            follower.write_out(out, warned)
    batch.refresh_from_db()
    return {
        "rows": batch.rows_total,
        "valid": batch.rows_valid,
        "warning": batch.rows_warning,
        "invalid": batch.rows_invalid,
        "created": batch.people_created,
        "updated": batch.people_updated,
        "unchanged": batch.people_unchanged,
        "skipped": skipped,
        "unmapped": unmapped,
        "batch": batch.pk,
    }
