"""The pure allocation when prices depend on the month and the person's type (PP 50/2025).

A sponsor pays half for some people in some months; the regency always pays in full. Every rule
must still hold, every row's amount is what its months cost, and where prices depend on the type
(the heuristic case) the result is compared with exact optima from HiGHS (scipy.optimize.milp).
"""

import random

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from lindung.funding.allocation import FunderSpec, allocate

FULL, CUT = 16_800, 8_400


def spec(key, budget, prices, *, months=(1, 3), only=None):
    return FunderSpec(
        key=key,
        budget=budget,
        monthly_cost=FULL,
        first_month=months[0],
        last_month=months[1],
        accepts=(lambda t: True) if only is None else (lambda t, only=only: t in only),
        prices=prices,
    )


def test_a_sponsor_pays_each_month_at_its_own_price_and_rows_sum_them():
    prices = ((FULL,) * 3 + (CUT,) * 9, (CUT,) * 12)  # class 0: other sectors, class 1: ojek
    sponsor = spec(1, 3 * FULL + 9 * CUT + 12 * CUT, prices, months=(1, 12))
    result = allocate([0, 1], ["petani", "ojek"], [sponsor], 12, type_class=[0, 1])
    assert result.funded == [{0: 0xFFF}, {0: 0xFFF}]
    assert sorted(result.amount.tolist()) == [12 * CUT, 3 * FULL + 9 * CUT]
    assert result.spent == [sponsor.budget]


def test_money_left_by_a_dear_person_still_buys_a_cheap_one():
    # One sponsor, three months: the first person (full price) leaves money for one discounted person.
    sponsor = spec(1, 3 * FULL + 3 * CUT, ((FULL,) * 3, (CUT,) * 3))
    result = allocate([0, 0, 1], ["a", "b"], [sponsor], 3, type_class=[0, 1])
    assert [bool(f) for f in result.funded] == [True, False, True]
    assert result.spent == [3 * FULL + 3 * CUT]


def test_a_path_never_makes_a_funder_take_a_dearer_person_it_cannot_pay_for():
    # The sponsor holds one cheap person (b); a newcomer of type a (dear at the sponsor) could take
    # that place only if b moved to the regency and the sponsor paid the difference: it has no money.
    regency = spec(1, 3 * FULL, ((FULL,) * 3, (FULL,) * 3), only={"b"})
    sponsor = spec(2, 3 * CUT, ((FULL,) * 3, (CUT,) * 3))
    # Sponsor first (preferred): person 0 (b) goes there, person 1 (a) needs the sponsor only.
    result = allocate([1, 0], ["a", "b"], [sponsor, regency], 3, type_class=[0, 1])
    assert result.funded[1] == {}
    assert result.spent[0] <= sponsor.budget
    check(result, [1, 0], ["a", "b"], [sponsor, regency], [0, 1], 3)


def test_a_price_neutral_exchange_is_still_made():
    # Same as above but the sponsor has money for the difference: b moves to the regency, a joins.
    regency = spec(1, 3 * FULL, ((FULL,) * 3, (FULL,) * 3), only={"b"})
    sponsor = spec(2, 3 * FULL, ((FULL,) * 3, (CUT,) * 3))
    result = allocate([1, 0], ["a", "b"], [sponsor, regency], 3, type_class=[0, 1])
    assert result.funded == [{1: 0b111}, {0: 0b111}]
    check(result, [1, 0], ["a", "b"], [sponsor, regency], [0, 1], 3)


def check(result, people, types, funders, type_class, months):
    """Every rule: no overspend, amounts are the months' prices, one funder a month, restrictions, range."""
    paid = [0] * len(funders)
    rows = zip(
        result.person.tolist(), result.funder.tolist(), result.mask.tolist(), result.amount.tolist(), strict=True
    )
    for p, fi, mask, amount in rows:
        f = funders[fi]
        prices = f.month_prices(type_class[people[p]], months)
        assert amount == sum(prices[m] for m in range(months) if mask >> m & 1)
        assert mask & ~(((1 << f.last_month) - 1) & ~((1 << (f.first_month - 1)) - 1)) == 0
        assert f.accepts(types[people[p]])
        paid[fi] += amount
    assert paid == result.spent
    for fi, f in enumerate(funders):
        assert result.spent[fi] <= f.budget
    for got in result.funded:
        seen = 0
        for mask in got.values():
            assert seen & mask == 0
            seen |= mask


def random_case(rng, months=6):
    """Few types in two price classes, sponsors (discounted for some months and classes) and public funds."""
    n_types = rng.randint(2, 5)
    types = list(range(n_types))
    type_class = [rng.randrange(2) for _ in types]
    people = [rng.randrange(n_types) for _ in range(rng.randint(10, 60))]
    # Class 1 (transport) is discounted in every month, class 0 (others) from a random month on.
    start = rng.randint(1, months + 1)
    sponsor_prices = (tuple(CUT if m >= start else FULL for m in range(1, months + 1)), (CUT,) * months)
    public_prices = ((FULL,) * months, (FULL,) * months)
    funders = []
    for k in range(rng.randint(2, 5)):
        first = rng.randint(1, months)
        last = rng.randint(first, months)
        prices = public_prices if rng.random() < 0.4 else sponsor_prices
        only = {t for t in types if rng.random() < 0.6} or {k % n_types}
        budget = rng.randint(0, 12) * FULL * (last - first + 1) + rng.randint(0, FULL)
        funders.append(spec(k, budget, prices, months=(first, last), only=only))
    return people, types, type_class, funders


def _columns(types, type_class, funders, months):
    """The solver's whole-cover model: per (type, funder) that admits it, the price of the funder's period."""
    cols = []  # (type, funder, price)
    for t in types:
        for fi, f in enumerate(funders):
            if f.accepts(t):
                prices = f.month_prices(type_class[t], months)
                cols.append((t, fi, sum(prices[f.first_month - 1 : f.last_month])))
    return cols


def _solve(cols, funders, demand, *, maximise, exact=None):
    """HiGHS on integer people counts: the most people under `demand`, or feasibility of `exact` counts."""
    if not cols:
        return 0 if exact is None or not any(exact.values()) else None
    n = len(cols)
    rows, lo, hi = [], [], []
    for fi, f in enumerate(funders):
        rows.append([c[2] if c[1] == fi else 0 for c in cols])
        lo.append(0)
        hi.append(f.budget)
    for t, need in (exact or demand).items():
        rows.append([1 if c[0] == t else 0 for c in cols])
        lo.append(need if exact is not None else 0)
        hi.append(need)
    objective = -np.ones(n) if maximise else np.zeros(n)
    res = milp(
        objective,
        constraints=LinearConstraint(np.array(rows, dtype=float), lo, hi),
        integrality=np.ones(n),
        bounds=Bounds(0, np.inf),
    )
    if res.status != 0:
        return None
    return round(-res.fun) if maximise else 0


def exact_optimum(people, types, type_class, funders, months):
    """The most people any assignment covers whole (priorities ignored)."""
    cols = _columns(types, type_class, funders, months)
    return _solve(cols, funders, {t: people.count(t) for t in types}, maximise=True)


def exact_priority_greedy(people, types, type_class, funders, months):
    """The solver's rule with an exact test: keep each person in priority order if a payable assignment remains."""
    cols = _columns(types, type_class, funders, months)
    kept: dict[int, int] = {}
    for t in people:
        if not any(c[0] == t for c in cols):
            continue
        trial = {**kept, t: kept.get(t, 0) + 1}
        if _solve(cols, funders, trial, maximise=False, exact=trial) is not None:
            kept = trial
    return sum(kept.values())


def test_random_mixed_prices_keep_every_rule_and_come_close_to_the_exact_rule():
    """Two references from HiGHS, both exact on these small cases.

    The solver's rule is the priority greedy: keep each person, in priority order, if everyone kept
    stays payable for a funder's whole period. With type-dependent prices its payability test
    (augmenting paths that only make exchanges a funder can pay for) is a heuristic;
    `exact_priority_greedy` runs the same rule with an exact test. Its loss against that is the
    heuristic's own, bounded here at 5 %. The most people regardless of priority is a different
    goal: a priority rule spends on full-price people first what would buy twice as many discounted
    ones, so against that optimum only the price ratio (8,400 / 16,800) bounds each case.
    """
    rng = random.Random(2026)
    ours = greedy = best = 0
    for _ in range(40):
        people, types, type_class, funders = random_case(rng)
        result = allocate(people, types, funders, 6, type_class=type_class)
        again = allocate(people, types, funders, 6, type_class=type_class)
        assert result.funded == again.funded  # deterministic
        check(result, people, types, funders, type_class, 6)
        assert result.whole.all()  # no funder allows splitting here
        g = exact_priority_greedy(people, types, type_class, funders, 6)
        o = exact_optimum(people, types, type_class, funders, 6)
        covered = result.people_whole
        assert CUT / FULL * o <= covered <= o
        ours, greedy, best = ours + covered, greedy + g, best + o
    print(
        f"mixed prices, 40 cases: solver {ours}, exact priority greedy {greedy} ({ours / greedy:.1%}), "
        f"optimum {best} ({ours / best:.1%}) people covered whole"
    )
    assert ours >= 0.95 * greedy


def test_type_independent_prices_give_the_same_result_as_one_price_per_funder():
    # Prices that differ by funder but not by type (the APBD pays in full, a sponsor half): the exact
    # case. Given as per-class tables or as one monthly cost, the solver must do the very same.
    rng = random.Random(17)
    for _ in range(40):
        n_types = rng.randint(1, 5)
        types = list(range(n_types))
        people = [rng.randrange(n_types) for _ in range(rng.randint(1, 80))]
        plain, tabled = [], []
        for k in range(rng.randint(1, 5)):
            first = rng.randint(1, 3)
            last = rng.randint(first, 3)
            cost = rng.choice([FULL, CUT])
            only = {t for t in types if rng.random() < 0.6} or {0}
            budget = rng.randint(0, 20) * cost * (last - first + 1) + rng.randint(0, cost)
            accepts = lambda t, only=only: t in only  # noqa: E731
            plain.append(FunderSpec(k, budget, cost, first, last, accepts))
            tabled.append(FunderSpec(k, budget, FULL, first, last, accepts, prices=((cost,) * 3, (cost,) * 3)))
        type_class = [rng.randrange(2) for _ in types]
        a = allocate(people, types, plain, 3)
        b = allocate(people, types, tabled, 3, type_class=type_class)
        assert a.funded == b.funded
        assert a.spent == b.spent
        assert b.stats["mixed_prices"] is False
