"""Finance's home shows one block: its cards and the arrears alerts, counted once in coverage.billing."""

from datetime import date

import pytest
from django.urls import reverse

from conftest import VILLAGE_A
from lindung.coverage import billing
from lindung.reports.home import home_sections
from lindung.reports.money import money
from lindung.reports.protection import by_village

pytestmark = pytest.mark.django_db
OWED = "Penyandang dana menunggak 2 bulan"


@pytest.fixture
def paid_to_march(cast, enrolled, apbd, draft_year, paid_months):
    enrolled(2)
    billing.build_ledger(draft_year, by=cast.finance)
    paid_months(apbd, {m: date(2023, m, 10) for m in range(1, 4)})


def _finance(today):
    from django.contrib.auth import get_user_model

    finance = get_user_model().objects.get(username="finance")
    (section,) = [s for s in home_sections(finance, today=today) if s.title == "Keuangan"]
    return section


@pytest.mark.parametrize(
    ("today", "owing"),
    [
        (date(2023, 4, 20), False),  # April past its 15th: one month owed
        (date(2023, 5, 10), True),  # April in arrears and May due: two months owed
        (date(2023, 5, 20), True),  # April and May past their 15th
    ],
)
def test_the_card_the_alert_the_money_table_and_the_people_at_risk_agree(cast, paid_to_march, draft_year, today, owing):
    section = _finance(today)
    card = next(c for c in section.cards if c.label == OWED)
    alerted = any("2 bulan belum dibayar" in a.text for a in section.alerts)
    (row,) = money(draft_year, today=today).rows
    at_risk = by_village(draft_year, user=cast.admin, on=today)[VILLAGE_A].at_risk
    assert (card.value, alerted, row.at_risk, at_risk) == (("1", True, True, 2) if owing else ("0", False, False, 0))


def test_the_money_table_counts_only_the_owed_months_past_their_due_date(cast, paid_to_march, draft_year):
    (row,) = money(draft_year, today=date(2023, 5, 10)).rows
    assert (row.unpaid_overdue, row.at_risk) == (1, True)  # April past due; May owed but not yet due


def test_the_finance_home_page_has_one_block_of_dues(client, cast, paid_to_march):
    client.force_login(cast.finance)
    body = client.get(reverse("home")).content.decode()
    assert body.count("Iuran BPJS Ketenagakerjaan") == 1
    assert body.index("<h2>Keuangan</h2>") < body.index("Iuran BPJS Ketenagakerjaan")
    assert "Kwitansi dan rekonsiliasi" in body
