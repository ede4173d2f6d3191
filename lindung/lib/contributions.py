"""Contribution arithmetic for BPU participants (domain.md §2), free of Django.

Every rate comes in as a `Rates` value read from dated configuration: the
numbers here are never literals of the law, because the law changes by period
(PP 50/2025 halves JKK+JKM for a while, except when APBN/APBD pays).
Amounts are whole rupiah; percentages are basis points (1 % = 100) so that
the arithmetic stays exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

JKK = "jkk"
JKM = "jkm"
JHT = "jht"
PROGRAMS = (JKK, JKM, JHT)
PROGRAM_LABELS = {JKK: "JKK", JKM: "JKM", JHT: "JHT"}


class ContributionError(ValueError):
    """Input the arithmetic cannot work with; the message is for the user, in Indonesian."""


@dataclass(frozen=True)
class Rates:
    jkk_bp: int  # JKK as basis points of declared income (100 = 1 %)
    jkm_flat: int  # JKM in rupiah per month
    jht_bp: int  # JHT as basis points of declared income
    discount_bp: int = 0  # cut on JKK+JKM for payers it applies to (PP 50/2025: 5000)


def _percent_of(income: int, bp: int) -> int:
    # Half up to the whole rupiah, in integers: a float would round 0.5 the banker's way.
    return (income * bp + 5000) // 10000


def parse_programs(value: str | Iterable[str]) -> tuple[str, ...]:
    """Normalise 'jkk,jkm' or an iterable into the canonical order; refuse unknown names."""
    items = value.split(",") if isinstance(value, str) else list(value)
    names = {item.strip().lower() for item in items if item and item.strip()}
    unknown = sorted(names - set(PROGRAMS))
    if unknown:
        raise ContributionError(f"Program {', '.join(unknown)} tidak dikenal. Pilih dari: jkk, jkm, jht.")
    if not names:
        raise ContributionError("Pilih paling sedikit satu program: jkk, jkm atau jht.")
    return tuple(p for p in PROGRAMS if p in names)


def monthly_contribution(income: int, programs: Sequence[str], rates: Rates, *, discounted: bool = False) -> int:
    """One person's contribution for one month, in rupiah."""
    if income <= 0:
        raise ContributionError("Penghasilan yang dilaporkan harus lebih dari Rp 0.")
    jkk = _percent_of(income, rates.jkk_bp) if JKK in programs else 0
    jkm = rates.jkm_flat if JKM in programs else 0
    if discounted and rates.discount_bp:
        # The PP 50/2025 cut is on JKK and JKM only; JHT is paid in full.
        jkk -= _percent_of(jkk, rates.discount_bp)
        jkm -= _percent_of(jkm, rates.discount_bp)
    jht = _percent_of(income, rates.jht_bp) if JHT in programs else 0
    return jkk + jkm + jht


def discount_applies(*, paid_by_government: bool, in_discount_window: bool) -> bool:
    """PP 50/2025: the cut exists only inside its window and never when APBN/APBD pays."""
    return in_discount_window and not paid_by_government


def month_in_window(month: date, first: date | None, last: date | None) -> bool:
    """Does the calendar month of `month` lie in the window from `first`'s month to `last`'s month?

    PP 50/2025 states its windows in whole months (January 2026 to March 2027), so days are ignored.
    """
    if first is None or last is None:
        return False
    return (first.year, first.month) <= (month.year, month.month) <= (last.year, last.month)


def monthly_prices(income: int, programs: Sequence[str], rates: Rates, discounted: Sequence[bool]) -> tuple[int, ...]:
    """One person's contribution for each month, given which months are discounted."""
    full = monthly_contribution(income, programs, rates)
    cut = monthly_contribution(income, programs, rates, discounted=True)
    return tuple(cut if d else full for d in discounted)


def masked_amount(prices: Sequence[int], mask: int) -> int:
    """What the months set in `mask` cost (bit 0 = the first of `prices`)."""
    return sum(price for i, price in enumerate(prices) if mask >> i & 1)


def cost(workers: int, months: int, income: int, programs: Sequence[str], rates: Rates, **kw) -> int:
    """What `workers` people cost for `months` months each."""
    if workers < 0 or months < 0:
        raise ContributionError("Jumlah pekerja dan bulan tidak boleh negatif.")
    return workers * months * monthly_contribution(income, programs, rates, **kw)


def list_cost(entries: Iterable[tuple[int, int]], programs: Sequence[str], rates: Rates) -> int:
    """What a list costs: each entry is (declared income, months covered)."""
    total = 0
    per_income: dict[int, int] = {}
    for income, months in entries:
        if income not in per_income:
            per_income[income] = monthly_contribution(income, programs, rates)
        total += per_income[income] * months
    return total


def person_months(budget: int, income: int, programs: Sequence[str], rates: Rates, **kw) -> int:
    """How many person-months a budget buys."""
    return max(budget, 0) // monthly_contribution(income, programs, rates, **kw)


def capacity(budget: int, months: int, income: int, programs: Sequence[str], rates: Rates, **kw) -> int:
    """How many workers a budget covers for `months` months each."""
    if months <= 0:
        raise ContributionError("Jumlah bulan harus paling sedikit 1.")
    return max(budget, 0) // (months * monthly_contribution(income, programs, rates, **kw))


def affordable_months(budget: int, workers: int, income: int, programs: Sequence[str], rates: Rates) -> int:
    """How many whole months a budget covers for all `workers`."""
    if workers <= 0:
        raise ContributionError("Jumlah pekerja harus paling sedikit 1.")
    return max(budget, 0) // (workers * monthly_contribution(income, programs, rates))


def highest_affordable_income(
    budget: int, workers: int, months: int, programs: Sequence[str], rates: Rates, brackets: Iterable[int]
) -> int | None:
    """The highest income bracket at which the budget covers everyone; None if not even the lowest."""
    best = None
    for income in sorted(set(brackets)):
        if cost(workers, months, income, programs, rates) <= budget:
            best = income
    return best


def affordable_program_sets(
    budget: int, workers: int, months: int, income: int, rates: Rates
) -> list[tuple[tuple[str, ...], int]]:
    """Each programme set that includes JKK+JKM (the Pemda minimum) with its cost, marking what fits.

    Returns (programs, cost) pairs that fit the budget, richest first.
    """
    options = [(JKK, JKM, JHT), (JKK, JKM)]
    fitting = []
    for programs in options:
        total = cost(workers, months, income, programs, rates)
        if total <= budget:
            fitting.append((programs, total))
    return fitting


def program_label(programs: Sequence[str]) -> str:
    return " + ".join(PROGRAM_LABELS[p] for p in programs)
