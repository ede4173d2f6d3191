"""Benefit arithmetic for JKM, JKK and the scholarship (domain.md §3), with no Django.

Every figure comes in through `Rules`, which the claims app builds from its dated
configuration; nothing here is an amount of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

# School levels in the order a child passes through them.
LEVELS = ("TK", "SD", "SMP", "SMA", "PT")
NOT_IN_SCHOOL = "belum"


@dataclass(frozen=True)
class Rules:
    jkm_lump_sum: int
    jkm_periodic: int
    jkm_funeral: int
    jkm_min_months: int
    jkk_death_multiplier: int
    jkk_death_funeral: int
    jkk_death_periodic: int
    total_disability_multiplier: int
    partial_disability_multiplier: int
    stmb_full_months: int
    stmb_full_percent: int
    stmb_after_percent: int
    # level -> (amount per child per year, maximum years at that level)
    scholarship_levels: dict[str, tuple[int, int]]
    scholarship_max_children: int
    scholarship_min_months: int
    scholarship_end_age: int
    school_start_age: int
    school_year_start_month: int
    jkk_claim_years: int
    stage1_report_hours: int
    bpjs_pay_working_days: int


@dataclass(frozen=True)
class Part:
    label: str
    amount: int


@dataclass(frozen=True)
class Entitlement:
    parts: tuple[Part, ...]
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(p.amount for p in self.parts)


def jkm(rules: Rules, *, months_paid: int) -> Entitlement:
    """Death not from work: the full Rp 42 m, or the funeral cost only below the minimum months."""
    if months_paid < rules.jkm_min_months:
        return Entitlement(
            (Part("Biaya pemakaman", rules.jkm_funeral),),
            (
                f"Iuran baru {months_paid} bulan (kurang dari {rules.jkm_min_months} bulan): "
                "ahli waris hanya menerima biaya pemakaman.",
            ),
        )
    return Entitlement(
        (
            Part("Santunan sekaligus", rules.jkm_lump_sum),
            Part("Santunan berkala (24 bulan, dibayar sekaligus)", rules.jkm_periodic),
            Part("Biaya pemakaman", rules.jkm_funeral),
        )
    )


def jkk_death(rules: Rules, *, income: int) -> Entitlement:
    """Death from a work accident: a multiple of the declared income plus funeral and periodic benefit."""
    return Entitlement(
        (
            Part(f"{rules.jkk_death_multiplier} × penghasilan dilaporkan", rules.jkk_death_multiplier * income),
            Part("Biaya pemakaman", rules.jkk_death_funeral),
            Part("Santunan berkala (dibayar sekaligus)", rules.jkk_death_periodic),
        )
    )


def jkk_disability(rules: Rules, *, income: int, percent: int) -> Entitlement:
    """Permanent disability: total (100 %) at the total multiplier, partial at percent × the partial one."""
    if not 0 < percent <= 100:
        raise ValueError("percent must be 1..100")
    if percent == 100:
        return Entitlement(
            (
                Part(
                    f"Cacat total tetap: {rules.total_disability_multiplier} × penghasilan",
                    rules.total_disability_multiplier * income,
                ),
            )
        )
    amount = percent * rules.partial_disability_multiplier * income // 100
    return Entitlement(
        (Part(f"Cacat sebagian: {percent}% × {rules.partial_disability_multiplier} × penghasilan", amount),)
    )


def jkk_stmb(rules: Rules, *, income: int, months: int) -> Entitlement:
    """Temporary inability to work: full income for the first months, then a lower share until recovery."""
    if months < 0:
        raise ValueError("months must not be negative")
    full = min(months, rules.stmb_full_months)
    after = months - full
    parts = [
        Part(f"{full} bulan × {rules.stmb_full_percent}% penghasilan", full * income * rules.stmb_full_percent // 100)
    ]
    if after:
        parts.append(
            Part(
                f"{after} bulan × {rules.stmb_after_percent}% penghasilan",
                after * income * rules.stmb_after_percent // 100,
            )
        )
    return Entitlement(tuple(parts))


def jkk_treatment(*, cost: int) -> Entitlement:
    """Medical care has no ceiling: what the receipts show."""
    return Entitlement((Part("Biaya pengobatan dan perawatan sesuai kuitansi", cost),), ("Tanpa batas biaya.",))


# -- scholarship -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    name: str
    birth_date: date
    level: str  # one of LEVELS or NOT_IN_SCHOOL
    grade: int = 1  # the year within the level in the first school year of the schedule
    ended_on: date | None = None  # married, started work or died


@dataclass(frozen=True)
class ScholarshipYear:
    child: str
    school_year: int  # 2026 for 2026/2027
    level: str
    grade: int
    amount: int

    @property
    def label(self) -> str:
        return f"{self.school_year}/{self.school_year + 1}"


@dataclass(frozen=True)
class Schedule:
    years: tuple[ScholarshipYear, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(y.amount for y in self.years)

    def in_year(self, school_year: int) -> tuple[ScholarshipYear, ...]:
        return tuple(y for y in self.years if y.school_year == school_year)

    def for_child(self, name: str) -> tuple[ScholarshipYear, ...]:
        return tuple(y for y in self.years if y.child == name)


def school_year_of(rules: Rules, day: date) -> int:
    """The school year a day falls in, named by the year it starts (July 2026 to June 2027 is 2026)."""
    return day.year if day.month >= rules.school_year_start_month else day.year - 1


def school_year_start(rules: Rules, school_year: int) -> date:
    return date(school_year, rules.school_year_start_month, 1)


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def child_schedule(rules: Rules, child: Child, *, first_school_year: int) -> list[ScholarshipYear]:
    """One child's years from the first school year on, until the levels run out, age 23 or its end date."""
    out: list[ScholarshipYear] = []
    level, grade, year = child.level, child.grade, first_school_year
    if level == NOT_IN_SCHOOL:
        # A child not yet of school age receives it on starting school (at TK).
        year = max(year, child.birth_date.year + rules.school_start_age)
        level, grade = LEVELS[0], 1
    while level in LEVELS:
        start = school_year_start(rules, year)
        if _age_on(child.birth_date, start) >= rules.scholarship_end_age:
            break
        if child.ended_on is not None and child.ended_on <= start:
            break
        amount, max_years = rules.scholarship_levels[level]
        if grade > max_years:
            level = LEVELS[LEVELS.index(level) + 1] if level != LEVELS[-1] else ""
            grade = 1
            continue
        out.append(ScholarshipYear(child.name, year, level, grade, amount))
        grade += 1
        year += 1
    return out


def scholarship(rules: Rules, children: Iterable[Child], *, first_school_year: int) -> Schedule:
    """The yearly schedule for at most the maximum number of children, eldest first."""
    ordered = sorted(children, key=lambda c: c.birth_date)
    notes: list[str] = []
    if len(ordered) > rules.scholarship_max_children:
        notes.append(
            f"Beasiswa paling banyak untuk {rules.scholarship_max_children} anak; "
            f"{len(ordered) - rules.scholarship_max_children} anak lain tidak dihitung."
        )
        ordered = ordered[: rules.scholarship_max_children]
    years: list[ScholarshipYear] = []
    for child in ordered:
        years.extend(child_schedule(rules, child, first_school_year=first_school_year))
    years.sort(key=lambda y: (y.school_year, y.child))
    return Schedule(tuple(years), tuple(notes))


# -- clocks ------------------------------------------------------------------------------------


def stage1_deadline(rules: Rules, *, event_date: date, event_time: time | None) -> datetime:
    """When the stage I accident report is due: 2×24 hours from the accident (from midnight if the hour is unknown)."""
    return datetime.combine(event_date, event_time or time(0, 0)) + timedelta(hours=rules.stage1_report_hours)


def jkk_claim_lapses_on(rules: Rules, *, event_date: date) -> date:
    """The last day a JKK claim may be made (5 years after the accident)."""
    try:
        return event_date.replace(year=event_date.year + rules.jkk_claim_years)
    except ValueError:  # 29 February
        return event_date.replace(year=event_date.year + rules.jkk_claim_years, day=28)


def add_working_days(start: date, days: int, *, holidays: Iterable[date]) -> date:
    """The day `days` working days after `start` (Monday to Friday, holidays excluded)."""
    off = set(holidays)
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            left -= 1
    return day
