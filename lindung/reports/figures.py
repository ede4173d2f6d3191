"""The figures dashboards and reports show, each computed in one place from the records themselves.

Reads only: every function takes the user and counts what that user may see, so a district
verifier's dashboard adds up to its own district and the regency admin's to the whole regency.
Counts are grouped per village in the database and rolled up here (a regency has a few hundred
villages), so one query serves the district table, the village table and the totals.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from lindung.accounts.scoping import scope_of
from lindung.enrolment.models import Membership, MembershipStatus
from lindung.funding.models import Allocation
from lindung.lib.formatting import tanggal_waktu
from lindung.people.models import Person, Status
from lindung.programmes.models import ProgrammeYear
from lindung.regions.models import Level, Region, below
from lindung.reports import protection, snapshot
from lindung.reports.models import WorkforceEstimate


@dataclass
class CoverageRow:
    code: str
    name: str
    registered: int = 0  # verified workers living here
    funded: int = 0  # people a funder pays for this year (the approved or latest allocation)
    enrolled: int = 0  # memberships BPJS accepted (active) this year
    bpu_enrolled: int = 0  # of those, BPU workers (indicator 06.02.021's numerator)
    protected: int = 0  # covered this month as BPJS recognises payments (the coverage ledger)
    six_months: int = 0  # with at least six recognised months this year: how BPJS counts a Pemda worker
    at_risk: int = 0  # their funder owes months in a row enough for the finance alert: they may lapse
    enrolled_before: int | None = None  # active members in the previous programme year
    informal: int | None = None  # the workforce estimate in force, if any
    bpu_workers: int | None = None
    source: str = ""
    target_percent: int | None = None

    @property
    def share(self) -> float | None:
        """Enrolled members as a percentage of the informal workforce estimate."""
        if not self.informal:
            return None
        return 100 * self.enrolled / self.informal

    @property
    def indicator_06_02_021(self) -> float | None:
        """BPU members in JKK+JKM ÷ all BPU workers × 100 (SIPD/RPJMD regional indicator)."""
        if not self.bpu_workers:
            return None
        return 100 * self.bpu_enrolled / self.bpu_workers

    @property
    def growth(self) -> float | None:
        """Active members against the previous programme year, in percent."""
        if not self.enrolled_before:
            return None
        return 100 * (self.enrolled - self.enrolled_before) / self.enrolled_before

    @property
    def funded_share(self) -> float | None:
        if not self.informal:
            return None
        return 100 * self.funded / self.informal


@dataclass
class Coverage:
    year: ProgrammeYear | None
    on: date
    level: str  # "district" rows, or "village" rows of one district
    rows: list[CoverageRow]
    total: CoverageRow
    parent: Region | None = None
    notes: list[str] = field(default_factory=list)
    # When the people counts were taken, if read from the stored snapshot (None: counted live).
    as_of: datetime | None = None


def current_year(on: date | None = None) -> ProgrammeYear | None:
    """The programme year whose period contains `on`, else the latest one."""
    on = on or date.today()
    years = list(ProgrammeYear.objects.order_by("-year"))
    for year in years:
        if year.period_start <= on < year.period_end:
            return year
    return years[0] if years else None


def _narrowed(user, within: str | None):
    """A filter that keeps the rows of the villages the user may see (inside `within`, if given)."""
    scope = scope_of(user)

    def narrow(qs, field_name: str):
        qs = scope.filter(qs, field_name)
        return qs.filter(below(field_name, within)) if within else qs

    return narrow


def everywhere(qs, field_name: str):
    """The filter of a count that no user limits (the public page, the stored snapshot)."""
    return qs


def village_counts(year: ProgrammeYear | None, narrow) -> dict[str, dict[str, int]]:
    """Per village code: verified workers, funded people and last year's active members, counted live.

    `narrow(queryset, village_field)` limits each count to a region (or to what a user may see).
    """
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"registered": 0, "funded": 0, "enrolled_before": 0})
    people = narrow(Person.objects.filter(status=Status.VERIFIED), "village_id")
    for code, n in people.order_by().values_list("village_id").annotate(n=Count("id")):
        counts[code]["registered"] = n
    if year is None:
        return counts
    funded = narrow(Allocation.objects.filter(programme_year=year, funder__isnull=False), "person__village_id")
    # Only a funder that may split people gives one person two rows; otherwise a plain count,
    # which spares the million-row sort COUNT(DISTINCT) would need.
    people_count = Count("person", distinct=True) if year.funders.filter(allow_split=True).exists() else Count("id")
    previous = ProgrammeYear.objects.filter(year__lt=year.year).order_by("-year").first()
    before = narrow(
        Membership.objects.filter(programme_year=previous, status=MembershipStatus.ACTIVE), "person__village_id"
    )
    for key, qs, count in (
        ("funded", funded, people_count),
        ("enrolled_before", before if previous else None, Count("id")),
    ):
        if qs is None:
            continue
        for code, n in qs.order_by().values_list("person__village_id").annotate(n=count):
            counts[code][key] = n
    return counts


def _per_village(user, year: ProgrammeYear | None, within: str | None) -> dict[str, dict[str, int]]:
    """Per village code: verified workers, funded people and active members the user may see."""
    narrow = _narrowed(user, within)
    taken = snapshot.current(year)
    if taken is None:
        return village_counts(year, narrow)
    return {
        code: {"registered": r, "funded": f, "enrolled_before": b}
        for code, r, f, b in narrow(taken.villages.all(), "village_code").values_list(
            "village_code", "registered", "funded", "enrolled_before"
        )
    }


def coverage(user, *, year: ProgrammeYear | None = None, district: str | None = None, on: date | None = None):
    """Coverage per district (or per village of one district), against the workforce estimates."""
    year = year if year is not None else current_year(on)
    # A past year is read as of its last day, so "protected" means protected in its last month.
    on = on or (min(date.today(), year.period_end - timedelta(days=1)) if year else date.today())
    parent = Region.objects.filter(code=district, level=Level.DISTRICT).first() if district else None
    counts = _per_village(user, year, parent.code if parent else None)
    protected = protection.by_village(year, user=user, on=on, within=parent.code if parent else None)
    has_before = ProgrammeYear.objects.filter(year__lt=year.year).exists() if year else False
    width = 13 if parent else 8
    grouped: dict[str, CoverageRow] = {}
    for code in {*counts, *protected}:
        key = code[:width]
        row = grouped.setdefault(key, CoverageRow(code=key, name=key))
        _add(row, counts.get(code), protected.get(code))
    # Every district (or village) of the user's area appears, even with nothing yet: an empty row
    # is a finding ("no one enrolled in Tabang"), not a gap in the table.
    names = regions_under(
        parent.code if parent else settings.LINDUNG_REGENCY, Level.VILLAGE if parent else Level.DISTRICT
    )
    if not _sees_all(user):
        names = {code: name for code, name in names.items() if _touches(user, code)}
    for code, name in names.items():
        grouped.setdefault(code, CoverageRow(code=code, name=name)).name = name
    estimates = WorkforceEstimate.in_force(on, [*grouped, settings.LINDUNG_REGENCY])
    for code, row in grouped.items():
        if code in estimates:
            _apply_estimate(row, estimates[code])
    rows = sorted(grouped.values(), key=lambda r: (-(r.share or -1), -r.enrolled, r.name))
    top = parent.code if parent else settings.LINDUNG_REGENCY
    total = CoverageRow(code=top, name=parent.name if parent else _regency_name())
    for row in rows:
        _add_row(total, row)
    if not has_before:
        for row in [*rows, total]:
            row.enrolled_before = None
    notes = []
    if top in estimates and _sees_all(user):
        _apply_estimate(total, estimates[top])
    elif rows and all(r.informal for r in rows):
        total.informal = sum(r.informal for r in rows)
        total.bpu_workers = sum(r.bpu_workers for r in rows)
        total.source = "jumlah perkiraan per wilayah di atas"
    if not estimates:
        notes.append("Belum ada perkiraan pekerja informal; admin dapat mengisinya di Laporan → Penyebut cakupan.")
    taken = snapshot.current(year)
    if taken is not None:
        notes.append(
            "Jumlah pekerja, pendanaan dan kepesertaan per desa dihitung pada "
            f"{tanggal_waktu(timezone.localtime(taken.taken_at))} (dihitung ulang begitu ada perubahan data "
            f"pekerja, paling lambat tiap {snapshot.FRESH_FOR.seconds // 60} menit); iuran dan pembayaran "
            "dibaca langsung."
        )
    return Coverage(
        year=year,
        on=on,
        level="village" if parent else "district",
        rows=rows,
        total=total,
        parent=parent,
        notes=notes,
        as_of=taken.taken_at if taken else None,
    )


SUMMED = ("registered", "funded", "enrolled_before")
PROTECTION = ("enrolled", "bpu_enrolled", "protected", "six_months", "at_risk")


def _add(row: CoverageRow, counts: dict | None, protected: protection.Protection | None) -> None:
    """Add one village's counts and protection into a row."""
    for key in SUMMED:
        setattr(row, key, (getattr(row, key) or 0) + (counts or {}).get(key, 0))
    for key in PROTECTION:
        setattr(row, key, getattr(row, key) + (getattr(protected, key) if protected else 0))


def _add_row(total: CoverageRow, row: CoverageRow) -> None:
    for key in SUMMED + PROTECTION:
        setattr(total, key, (getattr(total, key) or 0) + (getattr(row, key) or 0))


def _apply_estimate(row: CoverageRow, est: WorkforceEstimate) -> None:
    row.informal = est.informal_workers
    row.bpu_workers = est.bpu_denominator
    row.source = est.source
    row.target_percent = est.target_percent


def regions_under(code: str, level: str) -> dict[str, str]:
    """Current regions of one level under a code, by name; read by the code range alone.

    Filtering on the level in SQL lets SQLite pick the (level, name) index and walk all 83,000
    villages of Indonesia; the code range is the primary key and holds a few hundred rows.
    """
    rows = Region.objects.filter(below("code", code)).values_list("code", "name", "level", "current")
    return {c: n for c, n, lvl, current in rows if lvl == level and current}


def _touches(user, code: str) -> bool:
    """Does the user see this region or something inside it?"""
    for grant in scope_of(user).grants_for("view"):
        if grant.covers(code) or (grant.region_code or "").startswith(code + "."):
            return True
    return False


def _sees_all(user) -> bool:
    return scope_of(user).region_codes() is None


def _regency_name() -> str:
    region = Region.objects.filter(code=settings.LINDUNG_REGENCY).first()
    return region.name if region else settings.LINDUNG_REGENCY


def district_members(year: ProgrammeYear | None) -> list[dict]:
    """Active BPJS members per district of the regency, for the public page (no user, no scope)."""
    districts = regions_under(settings.LINDUNG_REGENCY, Level.DISTRICT)
    counts: dict[str, int] = defaultdict(int)
    if year is not None:
        for village, *_, status, _segment, n in protection.member_groups(year, everywhere):
            if status == MembershipStatus.ACTIVE:
                counts[village[:8]] += n
    return [
        {"code": code, "name": name, "members": counts.get(code, 0)}
        for code, name in sorted(districts.items(), key=lambda item: item[1])
    ]
