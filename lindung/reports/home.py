"""What each role's home page starts the day with: a few numbers, each linking to the list behind it.

A user with several roles sees the cards of each. Every count is of what the user may see.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import scope_of
from lindung.audit.models import AuditEntry
from lindung.dedup.models import DuplicateCandidate, PersonFlag
from lindung.imports.models import ImportBatch
from lindung.people.models import Person, Status
from lindung.reports import figures, protection, snapshot

# Actions an auditor looks at first: who saw full NIKs, who took data out, who merged or ended people.
SENSITIVE_ACTIONS = (
    "people.person.nik_viewed",
    "people.registry.exported",
    "people.person.merged",
    "dedup.candidate.merged",
    "dedup.flag.cleared",
    "claims.document.viewed",
    "funding.amendment",
    "programmes.year.approved",
    "accounts.",
)


ACTION_LABELS = {
    "people.person.nik_viewed": "Melihat NIK lengkap",
    "people.registry.exported": "Mengunduh data registri",
    "people.person.merged": "Menggabungkan data pekerja",
    "dedup.candidate.merged": "Menggabungkan calon duplikat",
    "dedup.flag.cleared": "Membuka blokir daftar rujukan",
    "claims.document.viewed": "Membuka dokumen santunan",
    "programmes.year.approved": "Menyetujui tahun program",
}


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if action.startswith("funding.amendment"):
        return "Amandemen pendanaan"
    if action.startswith("accounts."):
        return "Perubahan pengguna atau peran"
    return action


@dataclass
class Card:
    label: str
    value: str
    url: str
    tone: str = ""  # "" | "warn" (something to act on)


@dataclass
class Home:
    title: str
    cards: list[Card] = field(default_factory=list)
    recent: list[AuditEntry] = field(default_factory=list)
    # The finance section's alerts (coverage.billing.finance_alerts) and the year ledgers they link to.
    alerts: list | None = None
    alert_years: list[int] = field(default_factory=list)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _warn(n: int) -> str:
    return "warn" if n else ""


def home_sections(user, *, today: date | None = None) -> list[Home]:
    """The home page's sections for each role the user holds, in the order of the day's work."""
    today = today or timezone.localdate()
    scope = scope_of(user)
    sections: list[Home] = []
    year = figures.current_year(today)
    snapshot.keep_fresh(year)
    if scope.can(Action.PROPOSE) and not scope.can(Action.VERIFY):
        sections.append(_operator(user, year, today))
    if scope.can(Action.VERIFY):
        sections.append(_verifier(user))
    # The finance and admin sections read the same year's money, once; only the admin's shows the
    # decree, whose sum reads every allocation row.
    office = scope.has_role(Role.FINANCE, Role.ADMIN)
    year_money = _money(year, today, with_decree=scope.has_role(Role.ADMIN)) if office else None
    if office:
        sections.append(_finance(year, today, year_money))
    if scope.has_role(Role.ADMIN):
        sections.append(_admin(year, today, year_money))
    if scope.has_role(Role.AUDITOR, Role.ADMIN):
        sections.append(_auditor())
    return sections


def _operator(user, year, today) -> Home:
    people = Person.objects.visible_to(user, Action.PROPOSE)
    rejected = people.filter(status=Status.REJECTED).count()
    with_errors = ImportBatch.objects.visible_to(user).filter(rows_invalid__gt=0).count()
    prot = protection.by_village(year, user=user, on=today)
    protected = sum(p.protected for p in prot.values())
    at_risk = sum(p.at_risk for p in prot.values())
    registry = reverse("people:person-list")
    return Home(
        "Desa Anda",
        [
            Card(
                "Usulan ditolak, perlu diperbaiki",
                _n(rejected),
                f"{registry}?status={Status.REJECTED}",
                _warn(rejected),
            ),
            Card("Impor dengan baris ditolak", _n(with_errors), reverse("imports:batch-list"), _warn(with_errors)),
            Card("Pekerja terlindungi bulan ini", _n(protected), reverse("reports:coverage")),
            Card("Berisiko nonaktif (iuran menunggak)", _n(at_risk), reverse("reports:coverage"), _warn(at_risk)),
        ],
    )


def _verifier(user) -> Home:
    queue = Person.objects.visible_to(user, Action.VERIFY).filter(status=Status.PROPOSED).count()
    visible = Person.objects.visible_to(user)
    candidates = DuplicateCandidate.objects.visible_to(user, Action.VERIFY).open().count()
    blocked = PersonFlag.objects.active().filter(person__in=visible.values("pk")).values("person").distinct().count()
    return Home(
        "Verifikasi",
        [
            Card("Menunggu verifikasi", _n(queue), reverse("people:verification-queue"), _warn(queue)),
            Card("Calon duplikat untuk diperiksa", _n(candidates), reverse("dedup:candidate-list"), _warn(candidates)),
            Card("Pekerja diblokir daftar rujukan", _n(blocked), reverse("dedup:candidate-list")),
        ],
    )


def _money(year, today, *, with_decree: bool):
    from lindung.reports.money import money

    return money(year, today=today, with_decree=with_decree) if year is not None else None


def _finance(year, today, m) -> Home:
    """Finance's cards and its alerts in one block: what is owed is counted once, in coverage.billing."""
    from lindung.coverage import billing
    from lindung.coverage.models import BackdatingRequest, BackdatingStatus, Invoice

    alerts = billing.finance_alerts(today=today)
    years = billing.alert_years()
    if year is None:
        return Home(
            "Keuangan",
            [Card("Tahun program", "belum ada", reverse("programmes:year-list"))],
            alerts=alerts,
            alert_years=years,
        )
    this_month = year.period_start <= today < year.period_end
    index = (today.year - year.period_start.year) * 12 + today.month - year.period_start.month + 1
    due = (
        [
            i
            for i in Invoice.objects.filter(funder__programme_year=year, first_month__lte=index)
            if i.last_month >= index and i.outstanding > 0
        ]
        if this_month
        else []
    )
    at_risk = sum(1 for r in m.rows if r.at_risk)
    owed_label = f"Penyandang dana menunggak {_warn_months(today)} bulan"
    backdating = BackdatingRequest.objects.filter(
        funder__programme_year=year, status=BackdatingStatus.REQUESTED
    ).count()
    money_url = reverse("reports:money") + f"?tahun={year.year}"
    return Home(
        "Keuangan",
        [
            Card(
                f"Tagihan bulan ini belum lunas (jatuh tempo tgl. {_due_day(today)})",
                _n(len(due)),
                money_url,
                _warn(len(due)),
            ),
            Card(owed_label, _n(at_risk), money_url, _warn(at_risk)),
            Card("Koreksi kepesertaan menunggu BPJS", _n(backdating), money_url, _warn(backdating)),
            Card("Dibayar ke BPJS tahun ini", _rupiah(m.total.paid), money_url),
        ],
        alerts=alerts,
        alert_years=years,
    )


def _due_day(today) -> int:
    from lindung.coverage.models import CoverageRules

    return CoverageRules.in_force(today).due_day


def _warn_months(today) -> int:
    from lindung.coverage.models import CoverageRules

    return CoverageRules.in_force(today).warn_unpaid_months


def _rupiah(amount: int) -> str:
    from lindung.lib.formatting import rupiah

    return rupiah(amount)


def _admin(year, today, m) -> Home:
    if year is None:
        return Home("Program", [Card("Tahun program", "belum ada", reverse("programmes:year-list"))])
    absorption = m.total.paid / m.total.budget * 100 if m.total.budget else 0
    return Home(
        f"Program {year.year}",
        [
            Card(
                "Status tahun program", year.get_status_display(), reverse("programmes:year-detail", args=[year.year])
            ),
            Card("Pagu seluruh penyandang dana", _rupiah(m.total.budget), reverse("reports:money")),
            Card("Komitmen alokasi", _rupiah(m.total.decree), reverse("reports:money")),
            Card("Serapan (dibayar ÷ pagu)", f"{absorption:.1f} %".replace(".", ","), reverse("reports:money")),
        ],
    )


def _auditor() -> Home:
    sensitive = Q()
    for prefix in SENSITIVE_ACTIONS:
        sensitive |= Q(action__startswith=prefix)
    recent = list(AuditEntry.objects.filter(sensitive).select_related("actor").order_by("-id")[:10])
    for entry in recent:
        entry.label = action_label(entry.action)
    return Home("Tindakan sensitif terbaru", [], recent=recent)
