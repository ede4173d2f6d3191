"""The recognition arithmetic of domain.md §9: due dates, the arrears window, lapse and restart."""

from datetime import date

import pytest

from lindung.lib.coverage_rules import (
    Funding,
    MonthFact,
    Rules,
    State,
    due_date,
    fill,
    month_end,
    month_index,
    month_start,
    months_recognised,
    recognise,
    unbroken_since,
)

RULES = Rules()


def m(year: int, month: int) -> int:
    return month_index(date(year, month, 1))


def active(year, month, paid=None, **kw) -> MonthFact:
    return MonthFact(m(year, month), Funding.ACTIVE, paid, **kw)


def states_of(result) -> dict[int, State]:
    return {month_start(s.month).month: s.state for s in result}


def worked_case(restored=()):
    """PROBIS p.85: paid to June 2023, nothing for three months, July–October paid in October 2023."""
    facts = [active(2023, k, date(2023, k, 10)) for k in range(1, 7)]
    facts += [active(2023, k, date(2023, 10, 10), restored=k in restored) for k in (7, 8, 9, 10)]
    facts += [active(2023, k) for k in (11, 12)]
    return recognise(facts, RULES, today=date(2023, 10, 20))


def test_month_arithmetic_round_trips():
    assert month_start(m(2023, 12)) == date(2023, 12, 1)
    assert month_end(m(2024, 2)) == date(2024, 2, 29)
    assert m(2024, 1) - m(2023, 12) == 1


def test_the_due_date_is_the_15th_or_the_next_working_day():
    assert due_date(m(2023, 11), 15) == date(2023, 11, 15)  # a Wednesday
    assert due_date(m(2023, 10), 15) == date(2023, 10, 16)  # Sunday 15 October -> Monday
    assert due_date(m(2024, 6), 15) == date(2024, 6, 17)  # Saturday -> Monday


def test_the_worked_case_covers_again_from_october_only():
    result = worked_case()
    assert states_of(result) == {
        **{k: State.PAID for k in range(1, 7)},
        7: State.LAPSED,
        8: State.LAPSED,
        9: State.LAPSED,
        10: State.PAID,
        11: State.DUE,
        12: State.DUE,
    }
    july = result[6]
    assert july.paid_on == date(2023, 10, 10) and july.paid_unrecognised
    assert july.lapsed_after == date(2023, 9, 30)  # three months counted from the end of protection
    assert month_start(july.restarted) == date(2023, 10, 1)  # the new membership's first month
    assert unbroken_since(result, m(2023, 10)) == date(2023, 10, 1)
    assert unbroken_since(result, m(2023, 8)) is None
    assert unbroken_since(result, m(2023, 5)) == date(2023, 1, 1)
    assert months_recognised(result, m(2023, 10)) == 7


def test_the_worked_case_with_a_granted_correction_has_no_gap():
    result = worked_case(restored={7, 8, 9})
    assert [states_of(result)[k] for k in (7, 8, 9, 10)] == [State.RESTORED] * 3 + [State.PAID]
    assert unbroken_since(result, m(2023, 10)) == date(2023, 1, 1)
    assert months_recognised(result, m(2023, 10)) == 10


def test_a_correction_restores_only_months_that_were_paid():
    facts = [active(2023, 6, date(2023, 6, 1))] + [active(2023, k, restored=True) for k in (7, 8, 9, 10)]
    result = recognise(facts, RULES, today=date(2023, 12, 1))
    assert [s.state for s in result[1:]] == [State.LAPSED] * 4


def test_a_month_paid_late_within_three_months_is_recognised_without_a_fine():
    facts = [active(2023, 6, date(2023, 6, 1)), active(2023, 7, date(2023, 9, 30)), active(2023, 8, date(2023, 9, 30))]
    result = recognise(facts, RULES, today=date(2023, 10, 1))
    assert [s.state for s in result] == [State.PAID, State.PAID_LATE, State.PAID_LATE]
    assert unbroken_since(result, m(2023, 8)) == date(2023, 6, 1)


def test_one_day_after_the_window_the_month_is_a_gap():
    facts = [active(2023, 6, date(2023, 6, 1)), active(2023, 7, date(2023, 10, 1))]
    result = recognise(facts, RULES, today=date(2023, 10, 2))
    assert result[1].state == State.LAPSED
    assert month_start(result[1].restarted) == date(2023, 10, 1)


def test_an_unpaid_month_is_due_then_in_arrears_then_lapsed():
    facts = [active(2023, 6, date(2023, 6, 1)), active(2023, 7)]
    assert recognise(facts, RULES, today=date(2023, 7, 14))[1].state == State.DUE
    arrears = recognise(facts, RULES, today=date(2023, 8, 1))[1]
    assert arrears.state == State.ARREARS and arrears.payable_until == date(2023, 9, 30)
    assert recognise(facts, RULES, today=date(2023, 10, 1))[1].state == State.LAPSED


def test_two_unpaid_months_are_still_payable_the_third_closes_the_window():
    facts = [active(2023, 6, date(2023, 6, 1))] + [active(2023, k) for k in (7, 8, 9, 10)]
    result = recognise(facts, RULES, today=date(2023, 9, 20))
    assert [s.state for s in result[1:]] == [State.ARREARS, State.ARREARS, State.ARREARS, State.DUE]
    assert {s.payable_until for s in result[1:]} == {date(2023, 9, 30)}


def test_a_first_payment_gets_the_same_window_as_arrears():
    facts = [active(2026, 1, date(2026, 3, 20)), active(2026, 2, date(2026, 3, 20))]
    result = recognise(facts, RULES, today=date(2026, 4, 1))
    assert [s.state for s in result] == [State.PAID_LATE, State.PAID_LATE]


def test_unfunded_months_between_years_count_towards_a_lapse():
    facts = [active(2025, k, date(2025, k, 5)) for k in (1, 2, 3)] + [active(2026, 1, date(2026, 1, 10))]
    result = recognise(facts, RULES, today=date(2026, 2, 1))
    assert [s.state for s in result[3:12]] == [State.NOT_FUNDED] * 9
    assert result[6].lapsed_after == date(2025, 6, 30)
    assert result[-1].state == State.PAID
    assert unbroken_since(result, m(2026, 1)) == date(2026, 1, 1)
    assert months_recognised(result, m(2026, 1)) == 4


def test_a_continuing_year_keeps_the_protection_unbroken():
    facts = [active(2025, 12, date(2025, 12, 5)), active(2026, 1, date(2026, 1, 10))]
    result = recognise(facts, RULES, today=date(2026, 2, 1))
    assert unbroken_since(result, m(2026, 1)) == date(2025, 12, 1)


def test_without_restart_at_the_payment_month_a_payment_after_a_lapse_covers_its_own_months():
    rules = Rules(restart_at_payment_month=False)
    facts = [active(2023, 6, date(2023, 6, 1))] + [active(2023, k, date(2023, 10, 10)) for k in (7, 8, 9, 10)]
    result = recognise(facts, rules, today=date(2023, 10, 20))
    assert [s.state for s in result[1:]] == [State.LAPSED, State.PAID_LATE, State.PAID_LATE, State.PAID]


def test_a_longer_window_from_configuration_saves_the_worked_case():
    facts = [active(2023, 6, date(2023, 6, 1))] + [active(2023, k, date(2023, 10, 10)) for k in (7, 8, 9, 10)]
    result = recognise(facts, Rules(arrears_months=4), today=date(2023, 10, 20))
    assert [s.state for s in result[1:]] == [State.PAID_LATE] * 3 + [State.PAID]


def test_cover_starts_on_the_day_bpjs_recorded_the_registration():
    start = date(2026, 3, 18)
    facts = [
        MonthFact(m(2026, 2), Funding.BEFORE_START),
        active(2026, 3, date(2026, 3, 20), starts_on=start),
        active(2026, 4, date(2026, 4, 10)),
    ]
    result = recognise(facts, RULES, today=date(2026, 5, 1))
    assert [s.state for s in result] == [State.PENDING, State.PAID_LATE, State.PAID]
    assert unbroken_since(result, m(2026, 4)) == start


@pytest.mark.parametrize(
    ("funding", "state"),
    [
        (Funding.NONE, State.NOT_FUNDED),
        (Funding.PENDING, State.PENDING),
        (Funding.REFUSED, State.REFUSED),
        (Funding.ENDED, State.ENDED),
    ],
)
def test_a_month_without_an_active_membership_is_never_covered_even_if_paid(funding, state):
    facts = [active(2026, 1, date(2026, 1, 5)), MonthFact(m(2026, 2), funding, date(2026, 2, 5))]
    result = recognise(facts, RULES, today=date(2026, 3, 1))
    assert result[1].state == state and not result[1].covered


def test_an_ended_membership_counts_towards_a_lapse_like_any_unpaid_month():
    facts = [active(2026, 1, date(2026, 1, 5))] + [MonthFact(m(2026, k), Funding.ENDED) for k in (2, 3, 4, 5)]
    result = recognise(facts, RULES, today=date(2026, 6, 1))
    assert result[4].lapsed_after == date(2026, 4, 30)


def test_fill_inserts_missing_months_as_unfunded():
    filled = fill([active(2026, 3), active(2026, 1)])
    assert [f.month for f in filled] == [m(2026, 1), m(2026, 2), m(2026, 3)]
    assert filled[1].funding == Funding.NONE


def test_no_facts_no_states():
    assert recognise([], RULES, today=date(2026, 1, 1)) == []
    assert unbroken_since([], m(2026, 1)) is None
