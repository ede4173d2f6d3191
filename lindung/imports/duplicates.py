"""Warn, before an import is committed, about rows that are probably someone already known under another NIK.

A row with a NIK already in the registry is an update of that person and is
handled by the Checker. What slips through is the same worker typed again
under a mistyped NIK ("Muhammad Rizki" registered, "M. Rizky" imported with one
digit off), or twice in one file. The linkage engine finds those; the rows get
a warning, never an error: only a verifier can tell, and after the commit the
registry scan proposes the pair for review anyway.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice

import numpy as np
from django.db.models import Q

from lindung.accounts.models import Action
from lindung.lib import linkage, memory
from lindung.lib.linkage import blocking
from lindung.lib.linkage.prepare import _digit_column as digit_column  # the engine's own cleaning rule
from lindung.people.models import Person, Status
from lindung.people.validation import WARNING, Problem
from lindung.regions.models import Region

CODE = "kemungkinan_duplikat"
# The engine's own line between "probably one person" and "probably two". Lower,
# the warnings would mostly be strangers born on the same day in one district,
# and villages learn to ignore a warning that is usually wrong.
WARN_FROM = linkage.DEFAULT_THRESHOLD
# A file this long has freed enough while being read to be worth trimming the heap for.
_BIG = 10_000


@dataclass(slots=True)
class Incoming:
    """What the engine needs of one row about to be created, and where the row is."""

    key: object  # the caller's handle on the row (a position, the Row itself)
    sheet: str
    source_row: int
    nik: str
    kk: str
    name: str
    sex: str
    birth_date: object
    village: str
    phone: str

    @classmethod
    def of(cls, key, sheet: str, source_row: int, values: dict) -> Incoming:
        return cls(
            key=key,
            sheet=sheet,
            source_row=source_row,
            nik=values.get("nik") or "",
            kk=values.get("kk_number") or "",
            name=values.get("name") or "",
            sex=values.get("sex") or "",
            birth_date=values.get("birth_date"),
            village=values.get("village_id") or "",
            phone=values.get("phone") or "",
        )


def _number(text: str, length: int) -> int:
    return int(text) if len(text) == length and text.isdigit() else -1


class Collected(Sequence):
    """Rows an import has created, kept column by column in arrays; reads as a sequence of Incoming.

    A commit straight from a file matches its rows once they are all written,
    and a million Incoming objects with their strings would take some 400 MB
    beside the commit's own. Here a row takes about 50 bytes: NIK, KK and phone
    as numbers, dates as ordinals, villages and sheets by index, and each
    distinct name stored once.
    """

    def __init__(self) -> None:
        self.keys = array("I")  # positions in the file: at most 4 billion
        self._sheet = array("H")
        self._source_row = array("I")
        self._nik = array("q")
        self._kk = array("q")
        self._phone = array("q")  # E.164 digits without the plus
        self._birth = array("I")  # ordinal, 0 unknown
        self._sex = bytearray()
        self._village = array("H")
        self._name: list[str] = []
        self._codes: dict[str, int] = {}  # sheets and villages, each numbered once
        self._texts: list[str] = []
        self._names: dict[str, str] = {}

    def _code(self, text: str) -> int:
        code = self._codes.get(text)
        if code is None:
            code = self._codes[text] = len(self._texts)
            self._texts.append(text)
        return code

    def add(self, key: int, sheet: str, source_row: int, values: dict) -> None:
        """Keep a row; keys must come in increasing order."""
        self.keys.append(key)
        self._sheet.append(self._code(sheet))
        self._source_row.append(source_row)
        self._nik.append(_number(values.get("nik") or "", 16))
        self._kk.append(_number(values.get("kk_number") or "", 16))
        phone = (values.get("phone") or "").lstrip("+")
        self._phone.append(int(phone) if phone.isdigit() and len(phone) < 19 else -1)
        birth = values.get("birth_date")
        self._birth.append(birth.toordinal() if isinstance(birth, date) else 0)
        self._sex.append({"L": 1, "P": 2}.get(values.get("sex") or "", 0))
        self._village.append(self._code(values.get("village_id") or ""))
        name = values.get("name") or ""
        self._name.append(self._names.setdefault(name, name))

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i: int) -> Incoming:
        birth = self._birth[i]
        return Incoming(
            key=self.keys[i],
            sheet=self._texts[self._sheet[i]],
            source_row=self._source_row[i],
            nik=_digits(self._nik[i], 16),
            kk=_digits(self._kk[i], 16),
            name=self._name[i],
            sex=("", "L", "P")[self._sex[i]],
            birth_date=date.fromordinal(birth) if birth else None,
            village=self._texts[self._village[i]],
            phone=f"+{self._phone[i]}" if self._phone[i] >= 0 else "",
        )

    @classmethod
    def of(cls, rows: Sequence[Incoming]) -> Collected:
        """Keep Incoming rows (with whole-number keys) the same compact way."""
        kept = cls()
        for r in rows:
            kept.add(r.key, r.sheet, r.source_row, {"nik": r.nik, "kk_number": r.kk, "name": r.name, "sex": r.sex,
                     "birth_date": r.birth_date, "village_id": r.village, "phone": r.phone})  # fmt: skip
        return kept

    def nik(self, i: int) -> str:
        return _digits(self._nik[i], 16)

    def engine_columns(self, existing: dict[str, list]) -> dict[str, Sequence]:
        """These rows, then `existing`, as the engine's input columns, without a string a row.

        The NIK and KK go as the numbers they are kept as (the engine takes an int64
        column as cleaned; the registry's are cleaned by the engine's own rule), the
        other columns are read lazily: a million rows as lists of fresh strings took
        some 130 MB beside the engine's own arrays.
        """
        days: dict[int, date | None] = {0: None}

        def birth():
            for d in self._birth:
                yield days[d] if d in days else days.setdefault(d, date.fromordinal(d))

        sexes, texts = ("", "L", "P"), self._texts
        return {
            "nik": np.concatenate(
                [np.frombuffer(self._nik, dtype=np.int64), digit_column(existing["nik"], length=16, pad_short=True)]
            ),
            "kk": np.concatenate([np.frombuffer(self._kk, dtype=np.int64), digit_column(existing["kk"], length=16)]),
            "name": _Joined(len(self), lambda: iter(self._name), existing["name"]),
            "sex": _Joined(len(self), lambda: (sexes[s] for s in self._sex), existing["sex"]),
            "birth_date": _Joined(len(self), birth, existing["birth_date"]),
            "village": _Joined(len(self), lambda: (texts[v] for v in self._village), existing["village"]),
            "phone": _Joined(len(self), lambda: (str(n) if n >= 0 else "" for n in self._phone), existing["phone"]),
        }

    def columns(self) -> dict[str, list]:
        """The engine's input columns, built only when it runs."""
        days: dict[int, date | None] = {0: None}
        return {
            "nik": [_digits(n, 16) for n in self._nik],
            "kk": [_digits(n, 16) for n in self._kk],
            "name": self._name,
            "sex": [("", "L", "P")[s] for s in self._sex],
            "birth_date": [days[d] if d in days else days.setdefault(d, date.fromordinal(d)) for d in self._birth],
            "village": [self._texts[v] for v in self._village],
            "phone": [str(n) if n >= 0 else "" for n in self._phone],
        }


def _digits(number: int, length: int) -> str:
    return f"{number:0{length}d}" if number >= 0 else ""


class _Joined(Sequence):
    """A column made of a lazily produced first part and a list, read in one pass by the engine."""

    def __init__(self, n_first: int, first: Callable[[], Iterator], second: Sequence) -> None:
        self._n, self._first, self._second = n_first, first, second

    def __len__(self) -> int:
        return self._n + len(self._second)

    def __iter__(self) -> Iterator:
        yield from self._first()
        yield from self._second

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self)[i]
        if i < 0:
            i += len(self)
        if i >= self._n:
            return self._second[i - self._n]
        return next(islice(self._first(), i, None))


_ENGINE_COLUMNS = ("nik", "kk", "name", "sex", "birth_date", "village", "phone")
# A person's fields the engine compares, in _ENGINE_COLUMNS' order: an edit of any other cannot make a new match.
COMPARED_FIELDS = ("nik", "kk_number", "name", "sex", "birth_date", "village_id", "phone")


def _registry(
    regency: str, registered_up_to: int | None = None, near: Incoming | None = None, excluding: Sequence[int] = ()
) -> dict[str, list]:
    """The regency's people (merged-away records left out) as the engine's columns.

    With `near` (one person being entered by hand), only the people that could
    pair with it: the same birth date, family card, phone, name or NIK up to
    the serial. The engine would block on those keys anyway.
    """
    # Read in chunks straight into columns, each repeated value (a name, a date, a village) kept
    # once: a regency's million people as tuples of fresh strings took 650 MB, as columns 300.
    people = Person.objects.in_region(regency).exclude(status=Status.MERGED)
    if registered_up_to is not None:
        people = people.filter(pk__lte=registered_up_to)
    if excluding:
        people = people.exclude(pk__in=list(excluding))
    if near is not None:
        close = Q(name__iexact=near.name) if near.name else Q(pk__in=[])
        if near.birth_date:
            close |= Q(birth_date=near.birth_date)
        if near.kk:
            close |= Q(kk_number=near.kk)
        if near.phone:
            close |= Q(phone=near.phone)
        if len(near.nik) == 16:
            close |= Q(nik__startswith=near.nik[:12])
        people = people.filter(close)
    columns: dict[str, list] = {key: [] for key in _ENGINE_COLUMNS}
    nik, kk, name, sex, birth, village, phone = (columns[key].append for key in _ENGINE_COLUMNS)
    shared: dict = {}
    once = shared.setdefault
    for row in people.values_list(*COMPARED_FIELDS).order_by("pk").iterator(chunk_size=10_000):
        nik(row[0])
        kk(row[1] or "")
        name(once(row[2], row[2]))
        sex(once(row[3], row[3]))
        birth(once(row[4], row[4]))
        village(once(row[5], row[5]))
        phone(row[6] or "")
    return columns


def _link_incoming(rows: Collected, existing: dict[str, list], *, warnings_only: bool = True) -> linkage.Linkage:
    """`linkage.link_incoming` on the engine's own steps, fed from the compact rows.

    link_incoming copies both lists of every column into one list first; here the
    engine reads `rows` through `Collected.engine_columns` instead. The steps and
    their arguments are link_incoming's (a test holds the two to the same result),
    except that with `warnings_only` only pairs from WARN_FROM are kept: a warning needs no
    weaker pair, nor the pairs a rule keeps apart, and a million-row file's 1.9
    million of those took 110 MB. Its clusters are then not the engine's; no
    warning reads them.
    """
    n_in = len(rows)
    p = linkage.prepare(rows.engine_columns(existing))
    left, right, blocks = blocking.candidate_pairs(p)
    kept = left < n_in
    if not kept.all():  # against an empty registry every pair is the file's own: no copy
        left, right, blocks = left[kept], right[kept], blocks[kept]
    del kept
    return linkage._score_pairs(
        p,
        left,
        right,
        blocks,
        threshold=linkage.DEFAULT_THRESHOLD,
        progress=None,
        model=linkage.default_model(),
        keep_above=WARN_FROM if warnings_only else linkage.KEEP_ABOVE,
        keep_ruled_apart=not warnings_only,
    )


def _percent(prob: float) -> str:
    # "100%" would read as certainty; the engine never has it.
    return f"{min(int(prob * 100), 99)}%"


def _where(row: Incoming) -> str:
    return f"lembar {row.sheet} baris {row.source_row}" if row.sheet else f"baris {row.source_row}"


def find(
    rows: Sequence[Incoming],
    *,
    scope,
    regency: str,
    registered_up_to: int | None = None,
    excluding: Sequence[int] = (),
) -> dict[object, Problem]:
    """Return, per row key, a `kemungkinan_duplikat` warning for rows that probably are someone else's record.

    `rows` are the rows an import would create. The registry is the regency's
    people, merged-away records left out; with `registered_up_to`, only people
    up to that primary key (the registry before an import that has already
    written its rows). Same-NIK pairs are not duplicates here: such a row
    updates that person (and two rows with one NIK in a file are already
    refused). Only the strongest match of a row is reported. `excluding` leaves
    people out of the registry: a person being edited is not a duplicate of its
    own stored record.
    """
    if not rows:
        return {}
    rows = rows if isinstance(rows, Collected) else Collected.of(rows)
    if len(rows) >= _BIG:
        memory.trim()  # what reading the file left free goes back before the matching's peak
    existing = _registry(regency, registered_up_to, near=rows[0] if len(rows) == 1 else None, excluding=excluding)
    result = _link_incoming(rows, existing)
    n_in = len(rows)
    best: dict[int, tuple[float, int]] = {}

    def keep(index: int, other: int, prob: float) -> None:
        if index not in best or best[index][0] < prob:
            best[index] = (prob, other)

    # Most kept pairs are weak: only the strong ones are looked at one by one.
    strong = np.flatnonzero((result.prob >= WARN_FROM) & (result.rule == 0))
    for k in strong.tolist():
        prob = float(result.prob[k])
        a, b = int(result.left[k]), int(result.right[k])
        nik_a = rows.nik(a)
        nik_b = rows.nik(b) if b < n_in else existing["nik"][b - n_in]
        if nik_a and nik_a == nik_b:
            continue
        keep(a, b, prob)
        if b < n_in:
            keep(b, a, prob)

    village_names = dict(
        Region.objects.filter(
            code__in={existing["village"][other - n_in] for _, other in best.values() if other >= n_in}
        ).values_list("code", "name")
    )
    found = {}
    for index, (prob, other) in best.items():
        strength = _percent(prob)
        if other < n_in:
            twin = rows[other]
            message = (
                f"Kemungkinan orang yang sama dengan {_where(twin)} berkas ini (kecocokan {strength}): "
                f"{twin.name}, dengan NIK berbeda. Periksa apakah salah satu NIK salah ketik."
            )
        else:
            name, village = existing["name"][other - n_in], existing["village"][other - n_in]
            village_name = village_names.get(village, village)
            if scope.can(Action.VIEW, village):
                message = (
                    f"Kemungkinan orang yang sama dengan data di registri (kecocokan {strength}): "
                    f"{name}, Desa {village_name}, dengan NIK berbeda. Periksa apakah NIK salah ketik."
                )
            else:
                # The person is outside the importer's region: say that a match exists, not who it is.
                message = (
                    f"Kemungkinan orang yang sama dengan data di wilayah lain (kecocokan {strength}); "
                    "hubungi verifikator kabupaten."
                )
        found[rows[index].key] = Problem("name", CODE, message, WARNING)
    return found
