"""The main menu as data: groups of entries, each shown only to the roles whose page lets them in.

Adding a page to the menu is one `Entry(...)` line. An entry's `allowed` mirrors the gate of the
view it opens, so nobody is shown a link that answers 403; `lindung/accounts/tests/test_menu_*.py`
opens every entry a role sees to keep the two in step.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import OFFICE_ROLES, Scope


def can(action: str) -> Callable[[Scope], bool]:
    return lambda scope: scope.can(action)


def has(*roles: str) -> Callable[[Scope], bool]:
    return lambda scope: scope.has_role(*roles)


def anyone(scope: Scope) -> bool:
    return True


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    allowed: Callable[[Scope], bool]
    # Other pages ("app:name", or "app:" for a whole app) that count as being inside this entry.
    also: tuple[str, ...] = ()

    def is_current(self, here: str, app: str) -> bool:
        return here == self.url_name or here in self.also or f"{app}:" in self.also


@dataclass(frozen=True)
class Group:
    label: str
    entries: tuple[Entry, ...] = field(default_factory=tuple)


MENU: tuple[Group, ...] = (
    Group(
        "Registri",
        (
            Entry(
                "Registri pekerja",
                "people:person-list",
                can(Action.VIEW),
                also=("people:person-detail", "people:person-create", "people:person-edit"),
            ),
            Entry("Verifikasi", "people:verification-queue", can(Action.VERIFY)),
            Entry("Impor", "imports:batch-list", can(Action.PROPOSE), also=("imports:",)),
            Entry("Duplikat", "dedup:candidate-list", can(Action.VERIFY), also=("dedup:candidate-detail",)),
            Entry(
                "Daftar pembanding",
                "dedup:reference-index",
                has(Role.ADMIN, Role.VERIFIER, Role.AUDITOR),
                also=("dedup:reference-detail",),
            ),
            Entry("Diblokir", "dedup:blocked-list", can(Action.VIEW), also=("dedup:person-flags",)),
        ),
    ),
    Group(
        "Program & dana",
        (
            Entry(
                "Tahun program",
                "programmes:year-list",
                has(*OFFICE_ROLES),
                also=("programmes:", "funding:", "coverage:year-ledger", "coverage:funder-ledger"),
            ),
            Entry("Pendanaan saya", "funding:sponsor-home", has(Role.SPONSOR), also=("funding:funder-people",)),
            Entry("Kwitansi BPJS", "coverage:receipts", has(*OFFICE_ROLES), also=("coverage:receipts-detail",)),
        ),
    ),
    Group(
        "Perlindungan",
        (
            Entry(
                "Kepesertaan BPJS",
                "enrolment:membership-list",
                lambda s: s.can(Action.VIEW) or s.has_role(Role.SPONSOR),
                also=("enrolment:",),
            ),
        ),
    ),
    Group(
        "Santunan",
        (
            Entry("Klaim", "claims:claim-list", can(Action.VIEW), also=("claims:",)),
            # The sponsor's way in: figures without names (claim-list sends a sponsor here too).
            Entry(
                "Angka santunan",
                "claims:claim-figures",
                lambda s: s.has_role(Role.SPONSOR) and not s.can(Action.VIEW),
            ),
            Entry("Pengingat beasiswa", "claims:scholarship-reminders", can(Action.VERIFY)),
        ),
    ),
    Group(
        "Laporan",
        (
            Entry("Cakupan", "reports:coverage", can(Action.VIEW)),
            Entry("Keuangan", "reports:money", has(*OFFICE_ROLES)),
            Entry("Santunan", "reports:claims", can(Action.VIEW)),
            Entry("Capaian", "reports:milestone-list", can(Action.VIEW)),
            Entry("Penyebut cakupan", "reports:estimate-list", can(Action.MANAGE)),
        ),
    ),
    # The regency's own settings: the audit trail, users and roles, dated rules, BPJS file layouts.
    Group(
        "Pengaturan",
        (
            Entry("Jejak audit", "audit:entry-list", has(Role.AUDITOR, Role.ADMIN), also=("audit:",)),
            Entry(
                "Pengguna",
                "accounts:user-list",
                has(Role.AUDITOR, Role.ADMIN),
                also=("accounts:user-detail", "accounts:user-create", "accounts:user-edit", "accounts:user-password"),
            ),
            Entry("Aturan", "rules:rule-index", has(Role.AUDITOR, Role.ADMIN), also=("rules:",)),
            Entry(
                "Profil unduhan BPJS",
                "enrolment:profile-list",
                can(Action.MANAGE),
                also=("enrolment:profile-create", "enrolment:profile-edit"),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    current: bool


@dataclass(frozen=True)
class Section:
    label: str
    links: tuple[Link, ...]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def menu_for(scope: Scope, resolver_match=None) -> list[Section]:
    """The groups this scope may open, each with only its allowed entries; empty groups are left out."""
    here = resolver_match.view_name if resolver_match else ""
    app = resolver_match.app_name if resolver_match else ""
    sections = []
    for group in MENU:
        links = tuple(Link(e.label, e.url_name, e.is_current(here, app)) for e in group.entries if e.allowed(scope))
        if links:
            sections.append(Section(group.label, links))
    # Only the most specific entry is current: "claims:" also covers the figures page.
    exact = [link for s in sections for link in s.links if link.url_name == here]
    if exact:
        sections = [
            Section(s.label, tuple(Link(k.label, k.url_name, k is exact[0]) for k in s.links)) for s in sections
        ]
    return sections
