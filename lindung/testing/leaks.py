"""The leak matrix: every URL pattern, every role of the cast, GET and POST.

Each app declares its own cases in `lindung/<app>/tests/leak_cases.py`:

    from lindung.testing.leaks import OFFICE, Case

    def extend(world):            # optional: add this app's objects to the shared world
        world.things["claim_a"] = make_claim(world.people["a"])

    CASES = [
        Case("claims:claim-detail", lambda w: [(url_of(w.things["claim_a"]), "a")], get=OFFICE | REGISTRY),
        ...
    ]

A case names a URL pattern, the URLs to try (each with the region it belongs to: "a", "b" or
None), the roles that may GET it (answer 200) and the roles whose POST may change data. The
matrix (lindung/accounts/tests/test_leak_matrix.py) tries every case for every role with both
methods and calls it a leak when:

- a role outside `get` (or one that does not see the URL's region) gets a 200 on GET;
- a POST by a role outside `post` (or outside the URL's region) runs any INSERT, UPDATE or
  DELETE (audit trail included; only its own session is exempt);
- any response shows a string of a region the role does not see, or a full NIK/KK to a role
  that may not reveal them (spreadsheets are opened and read).

A URL pattern without a case fails the suite, so a new page cannot arrive unchecked.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps

ANONYMOUS = "anonymous"
ROLES = (
    ANONYMOUS,
    "outsider",
    "sponsor",
    "operator_a",
    "operator_b",
    "verifier",
    "verifier_all",
    "finance",
    "auditor",
    "admin",
)
NOBODY: frozenset[str] = frozenset()
LOGGED_IN = frozenset(ROLES) - {ANONYMOUS}
EVERYONE = frozenset(ROLES)
OFFICE = frozenset({"admin", "finance", "auditor"})
ADMIN = frozenset({"admin"})
FUNDING_OFFICERS = frozenset({"admin", "finance"})
PROPOSERS = frozenset({"operator_a", "operator_b", "verifier", "verifier_all", "admin"})
VERIFIERS = frozenset({"verifier", "verifier_all", "admin"})
REGISTRY = PROPOSERS | OFFICE  # every role with a region to look at

# Which of the world's two regions each role sees: "a" is village A (district Tenggarong),
# "b" village B (Loa Kulu). The sponsor sees no region; its funder's people are listed in
# `world.sponsor_sees`.
SEES = {
    ANONYMOUS: set(),
    "outsider": set(),
    "sponsor": set(),
    "operator_a": {"a"},
    "operator_b": {"b"},
    "verifier": {"a"},
    "verifier_all": {"a", "b"},
    "finance": {"a", "b"},
    "auditor": {"a", "b"},
    "admin": {"a", "b"},
}
# Roles that may reveal a full NIK or KK number (each reveal logged).
REVEALS = {"operator_a", "operator_b", "verifier", "verifier_all", "auditor", "admin"}


@dataclass(frozen=True)
class Case:
    """One URL pattern tried with one or more concrete URLs."""

    name: str  # the URL name ("app:thing-action"); a trailing "*" covers every name with that prefix
    urls: Callable[[World], list[tuple[str, str | None]]]
    # Roles that may GET it (200); None: the GET is judged only by what it shows (a POST-only case).
    get: frozenset[str] | None = None
    post: frozenset[str] = NOBODY
    data: Callable[[World], dict] | None = None
    # Strings the request itself carries (a search box shows them back): not a leak.
    typed: Callable[[World], list[str]] | None = None
    json: bool = False

    def covers(self, name: str) -> bool:
        return name.startswith(self.name[:-1]) if self.name.endswith("*") else name == self.name


@dataclass
class World:
    """Objects of region a and b that every case builds its URLs from."""

    cast: object
    people: dict = field(default_factory=dict)
    things: dict = field(default_factory=dict)
    # Strings that belong to a region: whoever does not see it must never read them.
    region_strings: dict[str, list[str]] = field(default_factory=lambda: {"a": [], "b": []})
    # Full NIKs and KK numbers per region: only roles in REVEALS may read them.
    full_numbers: dict[str, list[str]] = field(default_factory=lambda: {"a": [], "b": []})
    # Strings of region a a sponsor may read about the people its funder pays (names, villages).
    sponsor_sees: list[str] = field(default_factory=list)

    def add_person(self, key: str, region: str, person) -> None:
        self.people[key] = person
        from lindung.lib.formatting import tanggal

        # A birth date is most of a NIK once the village is known: only those who see the region read it.
        self.region_strings[region] += [person.name, person.street, tanggal(person.birth_date)]
        self.full_numbers[region] += [person.nik] + ([person.kk_number] if person.kk_number else [])

    def forbidden(self, role: str) -> list[str]:
        out = []
        for region in ("a", "b"):
            if region not in SEES[role]:
                out += [s for s in self.region_strings[region] if not (role == "sponsor" and s in self.sponsor_sees)]
            if role not in REVEALS or region not in SEES[role]:
                out += self.full_numbers[region]
        return [s for s in out if s]


def app_modules() -> list:
    """Every installed lindung app's leak_cases module (an app without one has no URLs to test)."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lindung."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.tests.leak_cases"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.leak_cases" and exc.name != f"{config.name}.tests":
                raise
    return found


def all_cases() -> list[Case]:
    return [case for module in app_modules() for case in module.CASES]


def extend_world(world: World) -> World:
    for module in app_modules():
        if hasattr(module, "extend"):
            module.extend(world)
    return world


def allowed(roles: frozenset[str], role: str, region: str | None) -> bool:
    return role in roles and (region is None or region in SEES[role])


# -- reading a response ------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def body_text(response) -> str:
    """Everything a response shows, spreadsheets opened and PDFs' text read."""
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if content_type.startswith(XLSX):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if content_type.startswith("application/pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", errors="replace")


# -- what a refused request must leave as it was ------------------------------------------

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# A request may always touch its own session, and a login attempt the lockout's counters.
UNJUDGED_TABLES = ("django_session", "axes_")


def writes(captured: list[dict]) -> list[str]:
    """The data-changing SQL statements among a request's queries (savepoints and reads aside)."""
    found = []
    for query in captured:
        sql = query["sql"].lstrip()
        if sql.upper().startswith(WRITES) and not any(t in sql[:80] for t in UNJUDGED_TABLES):
            found.append(sql[:120])
    return found
