"""Warn, before an import is committed, about rows that are probably someone already known under another NIK.

A row with a NIK already in the registry is an update of that person and is
handled by the Checker. What slips through is the same worker typed again
under a mistyped NIK ("Muhammad Rizki" registered, "M. Rizky" imported with one
digit off), or twice in one file. The linkage engine finds those; the rows get
a warning, never an error: only a verifier can tell, and after the commit the
registry scan proposes the pair for review anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lindung.accounts.models import Action
from lindung.lib import linkage
from lindung.people.models import Person, Status
from lindung.people.validation import WARNING, Problem

CODE = "kemungkinan_duplikat"
# The engine's own line between "probably one person" and "probably two". Lower,
# the warnings would mostly be strangers born on the same day in one district,
# and villages learn to ignore a warning that is usually wrong.
WARN_FROM = linkage.DEFAULT_THRESHOLD


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


_REGISTRY_COLUMNS = ("nik", "kk_number", "name", "sex", "birth_date", "village_id", "phone", "village__name")


def _registry(regency: str) -> list[tuple]:
    # One query, plain tuples: the engine wants columns, and model instances for
    # a whole regency would cost more than the matching itself.
    return list(
        Person.objects.in_region(regency).exclude(status=Status.MERGED).values_list(*_REGISTRY_COLUMNS).order_by("pk")
    )


def _columns(rows: Sequence[Incoming], people: Sequence[tuple]) -> tuple[dict, dict]:
    incoming = {
        "nik": [r.nik for r in rows],
        "kk": [r.kk for r in rows],
        "name": [r.name for r in rows],
        "sex": [r.sex for r in rows],
        "birth_date": [r.birth_date for r in rows],
        "village": [r.village for r in rows],
        "phone": [r.phone for r in rows],
    }
    existing = {
        key: [p[i] for p in people]
        for i, key in enumerate(("nik", "kk", "name", "sex", "birth_date", "village", "phone"))
    }
    return incoming, existing


def _percent(prob: float) -> str:
    # "100%" would read as certainty; the engine never has it.
    return f"{min(int(prob * 100), 99)}%"


def _where(row: Incoming) -> str:
    return f"lembar {row.sheet} baris {row.source_row}" if row.sheet else f"baris {row.source_row}"


def find(rows: Sequence[Incoming], *, scope, regency: str) -> dict[object, Problem]:
    """Return, per row key, a `kemungkinan_duplikat` warning for rows that probably are someone else's record.

    `rows` are the rows an import would create. The registry is the regency's
    people, merged-away records left out. Same-NIK pairs are not duplicates
    here: such a row updates that person (and two rows with one NIK in a file
    are already refused). Only the strongest match of a row is reported.
    """
    if not rows:
        return {}
    people = _registry(regency)
    incoming, existing = _columns(rows, people)
    result = linkage.link_incoming(incoming, existing)
    n_in = len(rows)
    best: dict[int, tuple[float, int]] = {}

    def keep(index: int, other: int, prob: float) -> None:
        if index not in best or best[index][0] < prob:
            best[index] = (prob, other)

    for k in range(len(result.left)):
        prob = float(result.prob[k])
        if prob < WARN_FROM or result.rule[k]:
            continue
        a, b = int(result.left[k]), int(result.right[k])
        nik_b = rows[b].nik if b < n_in else people[b - n_in][0]
        if rows[a].nik and rows[a].nik == nik_b:
            continue
        keep(a, b, prob)
        if b < n_in:
            keep(b, a, prob)

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
            _nik, _kk, name, _sex, _birth, village, _phone, village_name = people[other - n_in]
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
