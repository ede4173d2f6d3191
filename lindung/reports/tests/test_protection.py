"""Protection figures from the ledger: covered this month, six paid months, and lapse risk, per village."""

from datetime import date

import pytest

from conftest import DISTRICT_A, VILLAGE_A
from lindung.coverage import billing
from lindung.reports import figures
from lindung.reports.protection import by_village

pytestmark = pytest.mark.django_db
JAN_TO_JUN = {m: date(2023, m, 10) for m in range(1, 7)}


@pytest.fixture
def three(cast, enrolled, apbd, draft_year, paid_months):
    _people, memberships = enrolled(3)
    billing.build_ledger(draft_year, by=cast.finance)
    paid_months(apbd, JAN_TO_JUN)
    return memberships


def test_paid_through_june_everyone_is_protected_in_june_with_six_months(cast, three, draft_year):
    row = by_village(draft_year, user=cast.admin, on=date(2023, 6, 20))[VILLAGE_A]
    assert (row.protected, row.six_months, row.at_risk) == (3, 3, 0)


def test_two_unpaid_months_put_the_people_at_risk_and_out_of_cover(cast, three, draft_year):
    row = by_village(draft_year, user=cast.admin, on=date(2023, 8, 20))[VILLAGE_A]
    assert (row.protected, row.six_months, row.at_risk) == (0, 3, 3)


def test_five_paid_months_are_not_yet_a_full_count(cast, enrolled, apbd, draft_year, paid_months):
    enrolled(2)
    billing.build_ledger(draft_year, by=cast.finance)
    paid_months(apbd, {m: date(2023, m, 10) for m in range(1, 6)})
    row = by_village(draft_year, user=cast.admin, on=date(2023, 5, 20))[VILLAGE_A]
    assert (row.protected, row.six_months) == (2, 0)


def test_a_member_who_ended_in_march_is_not_protected_later_nor_counted_at_risk(cast, three, draft_year):
    ended = three[0]
    ended.ended_month, ended.status = 3, "ended"
    ended.save()
    row = by_village(draft_year, user=cast.admin, on=date(2023, 8, 20))[VILLAGE_A]
    assert (row.six_months, row.at_risk) == (2, 2)
    row = by_village(draft_year, user=cast.admin, on=date(2023, 6, 20))[VILLAGE_A]
    assert row.protected == 2


def test_the_district_table_carries_the_protection_figures_and_another_village_sees_none(cast, three, draft_year):
    cov = figures.coverage(cast.admin, year=draft_year, on=date(2023, 6, 20))
    row = next(r for r in cov.rows if r.code == DISTRICT_A)
    assert (row.enrolled, row.protected, row.six_months) == (3, 3, 3)
    assert cov.total.protected == 3
    assert figures.coverage(cast.operator_b, year=draft_year, on=date(2023, 6, 20)).total.protected == 0


def test_a_late_payment_moves_the_figures(cast, three, draft_year, apbd, paid_months):
    assert by_village(draft_year, user=cast.admin, on=date(2023, 7, 20))[VILLAGE_A].protected == 0
    paid_months(apbd, {7: date(2023, 7, 19)})  # two days late, within the arrears window
    assert by_village(draft_year, user=cast.admin, on=date(2023, 7, 20))[VILLAGE_A].protected == 3
