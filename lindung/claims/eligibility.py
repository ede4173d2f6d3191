"""Coverage at the event and the rules that follow from it, each with its reason.

The coverage ledger (lindung.coverage) is asked in exactly one place, `coverage_at`.
"""

from dataclasses import dataclass
from datetime import date, datetime

from lindung.claims.models import BenefitRules, Kind
from lindung.lib import benefits
from lindung.lib.formatting import rupiah, tanggal


def coverage_at(person, on: date):
    """The ledger's answer for the person on the event's day."""
    from lindung.coverage.services import coverage_on

    return coverage_on(person, on=on)


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    ok: bool
    reason: str
    # False: a failed check does not cancel the benefit (a late stage I report only informs; too few
    # JKM months already leave the funeral cost in the arithmetic).
    blocks: bool = True
    unconfirmed: bool = False

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "ok": self.ok,
            "reason": self.reason,
            "blocks": self.blocks,
            "unconfirmed": self.unconfirmed,
        }


@dataclass(frozen=True)
class Assessment:
    checks: tuple[Check, ...]
    entitlement: benefits.Entitlement

    @property
    def parts(self) -> list[dict]:
        return [{"label": p.label, "amount": p.amount} for p in self.entitlement.parts]

    @property
    def notes(self) -> list[str]:
        return list(self.entitlement.notes)


@dataclass(frozen=True)
class Facts:
    """What a claim's amount and rules depend on, apart from coverage."""

    kind: str
    event_date: date
    event_time: object
    reported_at: datetime
    income: int
    treatment_cost: int | None = None
    stmb_months: int | None = None
    disability_percent: int | None = None
    children: tuple[benefits.Child, ...] = ()
    school_year: int | None = None
    follows_kind: str | None = None
    follows_percent: int | None = None


def _months(n: int) -> str:
    return f"{n} bulan"


def assess(facts: Facts, *, coverage, rules: BenefitRules) -> Assessment:
    """Apply domain.md §3's rules to a claim's facts and the coverage on the event's day."""
    pure = rules.as_pure()
    checks: list[Check] = [
        Check(
            "covered",
            "Terlindungi pada tanggal peristiwa",
            bool(coverage.covered),
            coverage.reason,
        )
    ]
    if facts.kind == Kind.JKM:
        ok = coverage.months_paid >= pure.jkm_min_months
        checks.append(
            Check(
                "jkm_months",
                f"JKM: iuran minimal {_months(pure.jkm_min_months)}",
                ok,
                f"Iuran sampai peristiwa {_months(coverage.months_paid)}."
                + ("" if ok else f" Ahli waris hanya menerima biaya pemakaman {rupiah(pure.jkm_funeral)}."),
                blocks=False,
                unconfirmed=rules.is_unconfirmed("jkm_min_months"),
            )
        )
    if facts.kind in (Kind.JKK_TREATMENT, Kind.JKK_STMB, Kind.JKK_DISABILITY, Kind.JKK_DEATH):
        lapses = benefits.jkk_claim_lapses_on(pure, event_date=facts.event_date)
        reported_on = facts.reported_at.date()
        checks.append(
            Check(
                "jkk_lapse",
                f"JKK: diklaim paling lambat {pure.jkk_claim_years} tahun setelah kecelakaan",
                reported_on <= lapses,
                f"Hak klaim gugur {tanggal(lapses)}; dilaporkan {tanggal(reported_on)}.",
                unconfirmed=rules.is_unconfirmed("jkk_claim_years"),
            )
        )
        due = benefits.stage1_deadline(pure, event_date=facts.event_date, event_time=facts.event_time)
        on_time = facts.reported_at.replace(tzinfo=None) <= due
        checks.append(
            Check(
                "stage1",
                f"JKK: laporan tahap I dalam {pure.stage1_report_hours // 24}×24 jam",
                on_time,
                f"Batas {tanggal(due.date())} pukul {due:%H.%M}; "
                + ("dilaporkan tepat waktu." if on_time else "dilaporkan terlambat: sertakan alasan keterlambatan."),
                blocks=False,
                unconfirmed=rules.is_unconfirmed("stage1_report_hours"),
            )
        )
    if facts.kind == Kind.JKK_DISABILITY and (facts.disability_percent or 0) < 100:
        checks.append(
            Check(
                "partial",
                "Cacat sebagian: persen × 80 × penghasilan",
                True,
                "Rumus cacat sebagian belum dikonfirmasi sumber primer; periksa dengan BPJS.",
                blocks=False,
                unconfirmed=rules.is_unconfirmed("partial_disability_multiplier"),
            )
        )
    if facts.kind == Kind.SCHOLARSHIP:
        months = pure.scholarship_min_months
        ok = coverage.months_paid >= months
        checks.append(
            Check(
                "scholarship_months",
                f"Beasiswa: iuran minimal {months // 12} tahun ({_months(months)})",
                ok,
                f"Iuran sampai peristiwa {_months(coverage.months_paid)}.",
                unconfirmed=rules.is_unconfirmed("scholarship_min_months"),
            )
        )
        follows_ok = facts.follows_kind in (Kind.JKM, Kind.JKK_DEATH) or (
            facts.follows_kind == Kind.JKK_DISABILITY and facts.follows_percent == 100
        )
        checks.append(
            Check(
                "scholarship_origin",
                "Beasiswa: menyusul kematian atau cacat total tetap",
                follows_ok,
                "Klaim asal: kematian atau cacat total tetap."
                if follows_ok
                else "Klaim asal bukan kematian atau cacat total.",
            )
        )
    entitlement = _entitlement(facts, pure, coverage)
    failed = [c for c in checks if c.blocks and not c.ok]
    if failed:
        entitlement = benefits.Entitlement(
            (), tuple(f"Tidak ada hak: syarat “{c.label}” tidak terpenuhi." for c in failed)
        )
    return Assessment(tuple(checks), entitlement)


def _entitlement(facts: Facts, pure: benefits.Rules, coverage) -> benefits.Entitlement:
    if facts.kind == Kind.JKM:
        return benefits.jkm(pure, months_paid=coverage.months_paid)
    if facts.kind == Kind.JKK_DEATH:
        return benefits.jkk_death(pure, income=facts.income)
    if facts.kind == Kind.JKK_DISABILITY:
        return benefits.jkk_disability(pure, income=facts.income, percent=facts.disability_percent)
    if facts.kind == Kind.JKK_STMB:
        return benefits.jkk_stmb(pure, income=facts.income, months=facts.stmb_months)
    if facts.kind == Kind.JKK_TREATMENT:
        return benefits.jkk_treatment(cost=facts.treatment_cost)
    schedule = benefits.scholarship(pure, facts.children, first_school_year=facts.school_year)
    this_year = schedule.in_year(facts.school_year)
    return benefits.Entitlement(
        tuple(benefits.Part(f"{y.child}: {y.level} tahun ke-{y.grade} ({y.label})", y.amount) for y in this_year),
        schedule.notes,
    )
