"""Which months of cover BPJS Ketenagakerjaan recognises, from what was funded and when it was paid.

Pure arithmetic (no Django) over calendar months, following domain.md §2 and §9 (PROBIS p.59, p.85):

- a month's contribution is due by the `due_day` (15th) of the month itself, moved to the next
  working day when that falls on a weekend;
- payments are applied in month order, so a person's months are paid in order;
- arrears may be paid for at most `arrears_months` (3) counted from the end of protection: a month
  paid by then is recognised (BPU pay no fine), a month paid later is not;
- after `arrears_months` consecutive unrecognised months the membership ends; a later payment
  starts a NEW membership whose cover begins in the month the payment was made (the worked case:
  paid to June 2023, nothing July–September, July–October paid in October: covered again from
  October only);
- a granted backdating correction (*koreksi kepesertaan iuran lanjutan*) makes a paid month count
  although it was paid late, and with it the membership never broke.

The lengths are dated configuration (`CoverageRules`), passed in as `Rules`.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


def month_index(day: date) -> int:
    """A calendar month as one integer (months since year 0), so months subtract and compare."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> date:
    year, month = index // 12, index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def due_date(index: int, due_day: int) -> date:
    """The day a month's contribution is due: `due_day` of the month itself, or the next working day."""
    year, month = index // 12, index % 12 + 1
    day = date(year, month, min(due_day, calendar.monthrange(year, month)[1]))
    while day.weekday() >= 5:  # Saturday, Sunday; public holidays are not known here
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Rules:
    due_day: int = 15
    arrears_months: int = 3
    # After a lapse a payment starts a new membership from the month it was made (PROBIS p.85).
    # The FAQ and a branch head disagree on reactivation (domain.md §2): UNCONFIRMED, so dated config.
    restart_at_payment_month: bool = True


class Funding(StrEnum):
    """What the registry says of a person-month before any payment."""

    NONE = "none"  # no membership pays this month
    PENDING = "pending"  # a membership is waiting for BPJS (not sent, or sent and unanswered)
    REFUSED = "refused"  # BPJS refused the registration
    ENDED = "ended"  # after the month a membership ended in (death, moving away)
    BEFORE_START = "before_start"  # before the date BPJS recorded the registration
    ACTIVE = "active"  # an active membership pays this month


class State(StrEnum):
    PAID = "paid"  # paid by the due date: covered
    PAID_LATE = "paid_late"  # paid after the due date but within the arrears window: covered
    RESTORED = "restored"  # paid too late, recognised through a granted backdating correction
    DUE = "due"  # not paid yet, the due date has not passed
    ARREARS = "arrears"  # not paid, past due, still payable within the arrears window
    LAPSED = "lapsed"  # not recognised: the membership had ended for want of payment (a gap)
    NOT_FUNDED = "not_funded"  # nobody pays this month
    PENDING = "pending"  # waiting for BPJS's answer to the registration
    REFUSED = "refused"
    ENDED = "ended"


COVERED = frozenset({State.PAID, State.PAID_LATE, State.RESTORED})


@dataclass(frozen=True)
class MonthFact:
    """One person-month as the ledger records it."""

    month: int  # month_index
    funding: Funding = Funding.NONE
    paid_on: date | None = None  # the day the contribution for this month was paid in full
    restored: bool = False  # a backdating correction was granted for this month
    starts_on: date | None = None  # the registration's start day when it falls inside this month


@dataclass(frozen=True)
class MonthState:
    month: int
    state: State
    funding: Funding
    paid_on: date | None
    due_on: date
    # The last day this month could still be paid and recognised, while that is still open or
    # was missed; None once the month is recognised.
    payable_until: date | None
    covered_from: date | None  # the first covered day of the month (registration day or the 1st)
    # For a lapsed month: the last day of the window that was missed, and (when known) the month
    # the new membership began.
    lapsed_after: date | None = None
    restarted: int | None = None

    @property
    def covered(self) -> bool:
        return self.state in COVERED

    @property
    def paid_unrecognised(self) -> bool:
        """Money arrived for a month BPJS does not count (a credit unless a correction restores it)."""
        return self.paid_on is not None and self.state == State.LAPSED


def fill(facts: Iterable[MonthFact]) -> list[MonthFact]:
    """Facts sorted by month with every missing month in between as unfunded (the lapse counts them)."""
    by_month = {f.month: f for f in facts}
    if not by_month:
        return []
    first, last = min(by_month), max(by_month)
    return [by_month.get(m, MonthFact(m)) for m in range(first, last + 1)]


def recognise(facts: Iterable[MonthFact], rules: Rules, today: date) -> list[MonthState]:
    """Each month's state, known as of `today`, from the first month with any fact to the last."""
    states: list[MonthState] = []
    window = rules.arrears_months
    # `anchor` is the end of protection: the last recognised month, or the month before a new
    # membership's first month (a first payment gets the same arrears window as any other).
    anchor: int | None = None
    lapsed_after: date | None = None  # while the membership is ended for want of payment
    for fact in fill(facts):
        m = fact.month
        due = due_date(m, rules.due_day)
        payable = fact.funding == Funding.ACTIVE
        paid = fact.paid_on if payable else None
        if anchor is None:
            if not payable:
                states.append(_unfunded(fact, due))
                continue
            anchor = m - 1
        if lapsed_after is None and m > anchor + window and today > month_end(anchor + window):
            lapsed_after = month_end(anchor + window)  # `window` months in a row went unrecognised
        if lapsed_after is not None:
            if not payable:
                states.append(_unfunded(fact, due, lapsed_after=lapsed_after))
                continue
            mended = paid is not None and fact.restored
            restart = month_index(paid) if paid is not None and rules.restart_at_payment_month else m
            if paid is None or (not mended and restart > m):
                # Nothing paid, or paid for a month before the one the payment was made in: a new
                # membership covers only from the payment's month, so this month stays a gap.
                restarted = restart if paid is not None else None
                states.append(MonthState(m, State.LAPSED, fact.funding, paid, due, None, None, lapsed_after, restarted))
                continue
            # A granted correction mends the break; otherwise a new membership begins this month.
            lapsed_after, anchor = None, m - 1
        if not payable:
            states.append(_unfunded(fact, due))
            continue
        deadline = month_end(anchor + window)
        covered_from = fact.starts_on or month_start(m)
        if paid is not None and fact.restored:
            states.append(MonthState(m, State.RESTORED, fact.funding, paid, due, None, covered_from))
            anchor = m
        elif paid is not None and paid <= deadline:
            state = State.PAID if paid <= due else State.PAID_LATE
            states.append(MonthState(m, state, fact.funding, paid, due, None, covered_from))
            anchor = m
        elif paid is None and today <= deadline:
            state = State.DUE if today <= due else State.ARREARS
            states.append(MonthState(m, state, fact.funding, None, due, deadline, None))
        else:
            # Paid after the window closed, or the window closed unpaid: the membership lapsed with it.
            lapsed_after = deadline
            restarted = month_index(paid) if paid is not None and rules.restart_at_payment_month else None
            states.append(MonthState(m, State.LAPSED, fact.funding, paid, due, deadline, None, deadline, restarted))
    return states


def _unfunded(fact: MonthFact, due: date, lapsed_after: date | None = None) -> MonthState:
    state = {
        Funding.NONE: State.NOT_FUNDED,
        Funding.PENDING: State.PENDING,
        Funding.BEFORE_START: State.PENDING,
        Funding.REFUSED: State.REFUSED,
        Funding.ENDED: State.ENDED,
    }[fact.funding]
    return MonthState(fact.month, state, fact.funding, fact.paid_on, due, None, None, lapsed_after)


def unbroken_since(states: Sequence[MonthState], month: int) -> date | None:
    """The first day of the run of covered months that contains `month`, or None if it is not covered."""
    by_month = {s.month: s for s in states}
    current = by_month.get(month)
    if current is None or not current.covered:
        return None
    first = current
    # A month that began mid-month (the registration day) is where a run starts.
    while first.covered_from == month_start(first.month) and (before := by_month.get(first.month - 1)):
        if not before.covered:
            break
        first = before
    return first.covered_from


def months_recognised(states: Sequence[MonthState], up_to: int) -> int:
    """Contribution months paid and recognised up to and including month `up_to`."""
    return sum(1 for s in states if s.covered and s.month <= up_to)
