"""Who is protected, per village, as BPJS recognises it: this month, for six paid months, and at risk of lapsing.

All people of one funder share its months' facts (the invoice, the day it was paid), so BPJS's view
of each funder-month is computed once, and memberships are counted in groups of the same funder,
months, start and end. A million members cost a few thousand groups, not a million ledgers.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from lindung.accounts.scoping import scope_of
from lindung.coverage import billing
from lindung.coverage.models import CoverageRules
from lindung.enrolment.models import Membership, MembershipStatus
from lindung.funding.models import Funder
from lindung.lib import coverage_rules as rules_lib
from lindung.lib.coverage_rules import COVERED, month_index
from lindung.people.models import Segment
from lindung.programmes.models import ProgrammeYear
from lindung.regions.models import below
from lindung.reports import snapshot

# BPJS counts a regency-paid worker fully only after six months of contributions (PROBIS, domain.md §9).
FULL_COUNT_MONTHS = 6


@dataclass
class Protection:
    # Counted per membership, as BPJS counts its wadah: a person a funder split with another
    # (allow_split) is a member of both.
    enrolled: int = 0  # memberships BPJS accepted (active)
    bpu_enrolled: int = 0  # of those, BPU workers (indicator 06.02.021)
    protected: int = 0  # covered in the month of `on`
    six_months: int = 0  # at least six recognised months in the year by `on`
    at_risk: int = 0  # their funder owes months in a row enough for the finance alert: they may lapse


def funder_month_states(year: ProgrammeYear, *, today: date) -> dict[int, dict[int, rules_lib.MonthState]]:
    """Per funder of the year and per month of its ledger, BPJS's view of that funder-month."""
    funders = list(Funder.objects.filter(programme_year=year).only("pk"))
    return {
        funder_id: {fm.month: state for fm, state in rows}
        for funder_id, rows in billing.year_states(year, funders, today=today).items()
    }


def count_member_groups(year: ProgrammeYear, narrow) -> list[tuple]:
    """The year's memberships on BPJS's roster, counted live in groups that share every fact protection reads.

    Each group is (village, funder, months mask, ended month, BPJS start, status, segment, members);
    `narrow(queryset, village_field)` limits them to a region or to what a user may see.
    """
    members = Membership.objects.filter(
        programme_year=year, status__in=[MembershipStatus.ACTIVE, MembershipStatus.ENDED]
    )
    return list(
        narrow(members, "person__village_id")
        .order_by()
        .values_list(
            "person__village_id",
            "funder_id",
            "months_mask",
            "ended_month",
            "bpjs_start_date",
            "status",
            "person__segment",
        )
        .annotate(n=Count("id"))
    )


def member_groups(year: ProgrammeYear, narrow) -> list[tuple]:
    """The member groups from the year's stored snapshot if it has one, else counted live."""
    taken = snapshot.current(year)
    if taken is None:
        return count_member_groups(year, narrow)
    return list(
        narrow(taken.member_groups.all(), "village_code").values_list(
            "village_code",
            "funder_id",
            "months_mask",
            "ended_month",
            "bpjs_start_date",
            "status",
            "segment",
            "members",
        )
    )


def by_village(year: ProgrammeYear | None, *, user, on: date, within: str | None = None) -> dict[str, Protection]:
    """Members and their protection per village code, for the people the user may see, as known on `on`.

    One set of member groups serves every column: read from the year's snapshot when there is one
    (a million members are a few thousand groups), else counted live.
    """
    out: dict[str, Protection] = defaultdict(Protection)
    if year is None:
        return out
    index = month_index(on) - month_index(year.period_start) + 1
    index = min(max(index, 0), year.months)
    in_period = year.period_start <= on < year.period_end
    states = funder_month_states(year, today=on)
    rules = CoverageRules.in_force(on)
    # Months owed are counted as the finance alerts count them, up to the month of `on`.
    upto = month_index(year.month_date(index)) if index >= 1 else 0
    owing = {
        funder_id: billing.at_risk(billing.unpaid_run([by[i] for i in sorted(by)], upto=upto), rules)
        for funder_id, by in states.items()
    }
    scope = scope_of(user)

    def narrow(qs, field_name: str):
        qs = scope.filter(qs, field_name)
        return qs.filter(below(field_name, within)) if within else qs

    for village, funder_id, mask, ended, start, status, segment, n in member_groups(year, narrow):
        row = out[village]
        if status == MembershipStatus.ACTIVE:
            row.enrolled += n
            if segment == Segment.BPU:
                row.bpu_enrolled += n
        if index < 1:
            continue
        funder_states = states.get(funder_id, {})
        first = 1
        if start is not None:
            first = max(1, month_index(start) - month_index(year.period_start) + 1)
        last = min(ended or year.months, index)
        recognised = [
            i
            for i in range(first, last + 1)
            if mask >> (i - 1) & 1 and i in funder_states and funder_states[i].state in COVERED
        ]
        if in_period and recognised and recognised[-1] == index:
            row.protected += n
        if len(recognised) >= FULL_COUNT_MONTHS:
            row.six_months += n
        if (ended is None or ended >= index) and owing.get(funder_id):
            row.at_risk += n
    return out
