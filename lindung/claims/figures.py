"""Claim figures: cases and amounts by programme, area, funder and year; files pending; reminders."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, Q, Sum, Value, When
from django.db.models.functions import ExtractYear, Substr

from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import scope_of
from lindung.claims.models import AT_BPJS, AT_LABOUR_OFFICE, Claim, ClaimStatus, Kind
from lindung.lib import benefits
from lindung.regions.models import Region


@dataclass
class Row:
    key: str
    label: str
    cases: int = 0
    paid_cases: int = 0
    paid: int = 0
    entitled_open: int = 0


@dataclass
class Figures:
    by_programme: list[Row] = field(default_factory=list)
    by_district: list[Row] = field(default_factory=list)
    by_village: list[Row] = field(default_factory=list)
    by_funder: list[Row] = field(default_factory=list)
    by_year: list[Row] = field(default_factory=list)
    at_labour_office: int = 0
    at_bpjs: int = 0
    overdue: int = 0
    total: Row = field(default_factory=lambda: Row("", "Jumlah"))
    contributions: int | None = None  # a sponsor's own Allocation amounts


def claims_for(user):
    """The claims a user's figures count: their regions, or for a sponsor the people its funders pay."""
    scope = scope_of(user)
    if scope.has_role(Role.SPONSOR) and not scope.can(Action.VIEW):
        return Claim.objects.filter(funder__users__user=user)
    return Claim.objects.visible_to(user)


_SUMS = {
    "cases": Count("id"),
    "paid_cases": Count("id", filter=Q(status=ClaimStatus.PAID)),
    "paid": Sum("paid_amount", filter=Q(status=ClaimStatus.PAID), default=0),
    "entitled_open": Sum("entitlement", filter=Q(status__in=AT_LABOUR_OFFICE + AT_BPJS), default=0),
}


def _rows(qs, key_expr, labels) -> list[Row]:
    rows = qs.annotate(k=key_expr).order_by().values("k").annotate(**_SUMS)
    out = [
        Row(str(r["k"] or ""), labels(r["k"]), r["cases"], r["paid_cases"], r["paid"], r["entitled_open"]) for r in rows
    ]
    return sorted(out, key=lambda r: r.label)


def claim_figures(*, by, year: int | None = None, today: date) -> Figures:
    """Count and amounts of the claims a user may see, by programme, district, village, funder and year."""
    qs = claims_for(by)
    if year:
        qs = qs.filter(event_date__year=year)
    figures = Figures()
    programme = Case(
        When(kind=Kind.JKM, then=Value("JKM")),
        When(kind=Kind.SCHOLARSHIP, then=Value("Beasiswa")),
        default=Value("JKK"),
    )
    figures.by_programme = _rows(qs, programme, lambda k: k)
    districts = _rows(qs, Substr("village_id", 1, 8), lambda k: k)
    villages = _rows(qs, Substr("village_id", 1, 13), lambda k: k)
    names = dict(Region.objects.filter(code__in=[r.key for r in districts + villages]).values_list("code", "name"))
    for row in districts + villages:
        row.label = names.get(row.key, row.key)
    figures.by_district = sorted(districts, key=lambda r: r.label)
    figures.by_village = sorted(villages, key=lambda r: r.label)
    funder_rows = qs.order_by().values("funder_id", "funder__name").annotate(**_SUMS)
    figures.by_funder = sorted(
        (
            Row(
                str(r["funder_id"] or ""),
                r["funder__name"] or "Tanpa penyandang dana (tidak terlindungi)",
                r["cases"],
                r["paid_cases"],
                r["paid"],
                r["entitled_open"],
            )
            for r in funder_rows
        ),
        key=lambda r: r.label,
    )
    figures.by_year = sorted(_rows(qs, ExtractYear("event_date"), lambda k: str(k)), key=lambda r: r.key)
    totals = qs.aggregate(
        **_SUMS,
        office=Count("id", filter=Q(status__in=AT_LABOUR_OFFICE)),
        bpjs=Count("id", filter=Q(status__in=AT_BPJS)),
        late=Count("id", filter=Q(status=ClaimStatus.SUBMITTED, bpjs_due_on__lt=today)),
    )
    figures.total = Row("", "Jumlah", totals["cases"], totals["paid_cases"], totals["paid"], totals["entitled_open"])
    figures.at_labour_office, figures.at_bpjs, figures.overdue = totals["office"], totals["bpjs"], totals["late"]
    scope = scope_of(by)
    if scope.has_role(Role.SPONSOR) and not scope.can(Action.VIEW):
        from lindung.funding.models import Allocation

        allocations = Allocation.objects.filter(funder__users__user=by)
        if year:
            allocations = allocations.filter(programme_year__year=year)
        figures.contributions = allocations.aggregate(s=Sum("amount", default=0))["s"]
    return figures


@dataclass(frozen=True)
class Reminder:
    claim: Claim
    school_year: int
    years: tuple[benefits.ScholarshipYear, ...]

    @property
    def amount(self) -> int:
        return sum(y.amount for y in self.years)


def scholarship_reminders(*, by, school_year: int) -> list[Reminder]:
    """Scholarships paid for an earlier year whose children are due again in this school year."""
    claimed = set(
        Claim.objects.visible_to(by)
        .filter(kind=Kind.SCHOLARSHIP, school_year=school_year)
        .exclude(status__in=[ClaimStatus.NOT_ELIGIBLE, ClaimStatus.REFUSED])
        .values_list("person_id", flat=True)
    )
    latest: dict[int, Claim] = {}
    paid = (
        Claim.objects.visible_to(by)
        .filter(kind=Kind.SCHOLARSHIP, status=ClaimStatus.PAID, school_year__lt=school_year)
        .select_related("person", "rules", "village")
        .prefetch_related("children")
        .order_by("school_year")
    )
    for claim in paid:
        latest[claim.person_id] = claim
    out = []
    for person_id, claim in latest.items():
        if person_id in claimed:
            continue
        schedule = benefits.scholarship(
            claim.rules.as_pure(), [c.as_pure() for c in claim.children.all()], first_school_year=claim.school_year
        )
        due = schedule.in_year(school_year)
        if due:
            out.append(Reminder(claim, school_year, due))
    return sorted(out, key=lambda r: (r.claim.village_id, r.claim.person.name))
