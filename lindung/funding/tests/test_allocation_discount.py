"""allocate_year charges each funder PP 50/2025 prices month by month: sponsors less, public money in full."""

from datetime import date

import pytest

from conftest import VILLAGE_A
from lindung.errors import DomainError
from lindung.funding.models import Allocation
from lindung.funding.services import allocate_year, budget_sheet, create_funder, explain
from lindung.programmes.services import create_year

FULL, CUT = 16_800, 8_400
FARMER_2026 = 3 * FULL + 9 * CUT  # other sectors: discounted April-December 2026
OJEK_2026 = 12 * CUT  # transport: discounted January 2026-March 2027


@pytest.fixture
def year2026(cast, year_data):
    return create_year(year_data(year=2026, period_start=date(2026, 1, 1), months=12), by=cast.admin)


def test_a_sponsor_pays_the_discounted_months_and_the_regency_pays_in_full(cast, year2026, worker):
    farmer, driver = worker(occupation="petani"), worker(occupation="ojek")
    fisher = worker(occupation="nelayan")
    csr = create_funder(
        year2026, {"kind": "csr", "name": "PT Sponsor", "budget": FARMER_2026 + OJEK_2026, "rank": 1}, by=cast.admin
    )
    apbd = create_funder(year2026, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 12 * FULL}, by=cast.admin)
    summary = allocate_year(year2026, by=cast.admin)

    rows = {a.person_id: a for a in Allocation.objects.filter(funder__isnull=False)}
    assert (rows[farmer.pk].funder_id, rows[farmer.pk].amount) == (csr.pk, FARMER_2026)
    assert (rows[driver.pk].funder_id, rows[driver.pk].amount) == (csr.pk, OJEK_2026)
    assert (rows[fisher.pk].funder_id, rows[fisher.pk].amount) == (apbd.pk, 12 * FULL)
    assert summary["amount"] == FARMER_2026 + OJEK_2026 + 12 * FULL
    assert summary["funders"][str(csr.pk)]["spent"] == csr.budget
    assert f"Rp {FARMER_2026:,}".replace(",", ".") in explain(year2026, farmer)[0]


def test_every_row_amount_is_the_sum_of_its_months_prices(cast, year2026, worker):
    for occupation in ("petani", "ojek", "nelayan", "ojek"):
        worker(occupation=occupation, village_code=VILLAGE_A)
    create_funder(
        year2026,
        {"kind": "csr", "name": "PT Lima Bulan", "budget": 10 * CUT, "first_month": 3, "last_month": 7, "rank": 1},
        by=cast.admin,
    )
    create_funder(
        year2026, {"kind": "dana_desa", "name": "Dana Desa A", "budget": 18 * FULL, "village": VILLAGE_A}, by=cast.admin
    )
    create_funder(year2026, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 30 * FULL}, by=cast.admin)
    summary = allocate_year(year2026, by=cast.admin)
    rows = list(Allocation.objects.filter(funder__isnull=False).select_related("funder", "person"))
    assert {r.funder.name for r in rows} == {"PT Lima Bulan", "Dana Desa A", "APBD Kukar"}
    for row in rows:
        assert row.amount == row.funder.row_amount(row.person.occupation, row.months_mask)
        assert row.amount == year2026.row_amount(
            row.person.occupation, row.months_mask, paid_by_government=row.funder.is_government
        )
    assert sum(r.amount for r in rows) == summary["amount"]
    for sheet in budget_sheet(year2026):
        funded = sum(r.amount for r in rows if r.funder_id == sheet["funder"].pk)
        assert sheet["committed"] == funded <= sheet["funder"].budget


def test_village_funds_are_public_money_and_pay_in_full(cast, year2026, worker):
    driver = worker(occupation="ojek", village_code=VILLAGE_A)
    create_funder(
        year2026, {"kind": "dana_desa", "name": "Dana Desa A", "budget": 12 * FULL, "village": VILLAGE_A}, by=cast.admin
    )
    allocate_year(year2026, by=cast.admin)
    assert Allocation.objects.get(person=driver).amount == 12 * FULL


def test_a_sponsor_budget_is_checked_against_the_cheapest_person_it_may_fund(cast, year2026, worker):
    worker(occupation="ojek")
    worker(occupation="petani")
    # One ojek year at the discounted price is enough for a sponsor of drivers only ...
    create_funder(
        year2026, {"kind": "csr", "name": "PT Ojek", "budget": OJEK_2026, "occupations": ["ojek"]}, by=cast.admin
    )
    # ... but not for a sponsor of farmers, whose January-March are at the full rate.
    with pytest.raises(DomainError, match="sudah dengan potongan PP 50/2025"):
        create_funder(
            year2026,
            {"kind": "csr", "name": "PT Tani", "budget": OJEK_2026, "occupations": ["petani"]},
            by=cast.admin,
        )
