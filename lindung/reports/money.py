"""Money per funder and in total: pagu → decree → invoiced → paid, how late, and what is left as credit.

Read straight from the funding and coverage records, so these figures move the moment a payment
or an amendment is recorded; nothing here is stored twice.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Sum

from lindung.claims.models import Claim, ClaimStatus
from lindung.coverage import billing
from lindung.coverage.models import CoverageRules, FunderMonth, Invoice, Payment
from lindung.funding.models import Allocation, Funder
from lindung.lib.coverage_rules import State, due_date, month_index
from lindung.programmes.models import ProgrammeYear


@dataclass
class FunderMoney:
    funder: Funder
    budget: int = 0
    decree: int = 0  # committed by the allocation (the decree list once the year is approved)
    invoiced: int = 0
    paid: int = 0
    credit_used: int = 0
    months_paid: int = 0
    months_late: int = 0
    days_late_total: int = 0
    unpaid_overdue: int = 0  # of the months owed in a row now, those past their due date
    claims_paid: int = 0
    # The months owed in a row reach the finance alert's threshold: the people lapse if it keeps growing.
    at_risk: bool = False

    @property
    def absorption(self) -> float | None:
        return 100 * self.paid / self.budget if self.budget else None

    @property
    def average_days_late(self) -> float | None:
        return self.days_late_total / self.months_late if self.months_late else None


@dataclass
class Money:
    year: ProgrammeYear
    today: date
    rows: list[FunderMoney]
    total: FunderMoney = field(default_factory=lambda: FunderMoney(funder=None))


def money(year: ProgrammeYear, *, funders=None, today: date, with_decree: bool = True) -> Money:
    """The year's money per funder (all funders, or the ones given, e.g. a sponsor's own).

    `with_decree=False` leaves the decree column at zero: it sums every allocation row (a million
    on a large regency), which a page that shows no commitment (finance's home) need not pay for.
    """
    rules = CoverageRules.in_force(today)
    due_day = rules.due_day
    funders = list(funders if funders is not None else Funder.objects.filter(programme_year=year))
    ids = [f.pk for f in funders]
    decree = (
        dict(
            Allocation.objects.filter(programme_year=year, funder__in=ids)
            .order_by()
            .values_list("funder")
            .annotate(a=Sum("amount"))
        )
        if with_decree
        else {}
    )
    invoiced: dict[int, tuple[int, int]] = {
        funder_id: (amount or 0, credit or 0)
        for funder_id, amount, credit in Invoice.objects.filter(funder__in=ids)
        .order_by()
        .values_list("funder")
        .annotate(a=Sum("amount"), c=Sum("credit_applied"))
    }
    paid = dict(Payment.objects.filter(funder__in=ids).order_by().values_list("funder").annotate(a=Sum("amount")))
    rows = {f.pk: FunderMoney(funder=f, budget=f.budget) for f in funders}
    for f in funders:
        row = rows[f.pk]
        row.decree = decree.get(f.pk) or 0
        row.invoiced, row.credit_used = invoiced.get(f.pk, (0, 0))
        row.paid = paid.get(f.pk) or 0
    for funder_id, month, paid_on in FunderMonth.objects.filter(
        funder__in=ids, amount_due__gt=0, paid_on__isnull=False
    ).values_list("funder", "month", "paid_on"):
        row = rows[funder_id]
        deadline = due_date(month_index(year.month_date(month)), due_day)
        row.months_paid += 1
        if paid_on > deadline:
            row.months_late += 1
            row.days_late_total += (paid_on - deadline).days
    # What is owed comes from BPJS's view of each month, the same count the finance alerts make.
    for funder_id, rows_of_funder in billing.year_states(year, funders, today=today).items():
        run = billing.unpaid_run([state for _, state in rows_of_funder], upto=month_index(today))
        rows[funder_id].unpaid_overdue = sum(1 for state in run if state.state == State.ARREARS)
        rows[funder_id].at_risk = billing.at_risk(run, rules)
    for funder_id, amount in (
        Claim.objects.filter(funder__in=ids, status=ClaimStatus.PAID)
        .order_by()
        .values_list("funder")
        .annotate(a=Sum("paid_amount"))
    ):
        rows[funder_id].claims_paid = amount or 0
    ordered = sorted(rows.values(), key=lambda r: (r.funder.rank, r.funder.name))
    total = FunderMoney(funder=None)
    for r in ordered:
        for key in (
            "budget",
            "decree",
            "invoiced",
            "paid",
            "credit_used",
            "months_paid",
            "months_late",
            "days_late_total",
            "unpaid_overdue",
            "claims_paid",
        ):
            setattr(total, key, getattr(total, key) + getattr(r, key))
    return Money(year=year, today=today, rows=ordered, total=total)
