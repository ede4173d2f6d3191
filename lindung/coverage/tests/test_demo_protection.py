"""The demo's last year went through BPJS: its village paid late shows the gap and an open correction."""

from datetime import date

import pytest

from lindung.coverage.demo import ensure_demo_protection
from lindung.coverage.models import BackdatingRequest, BackdatingStatus, Invoice, InvoiceStatus
from lindung.coverage.services import coverage_on, person_ledger
from lindung.demo.services import ensure_demo_users, generate_demo_people
from lindung.enrolment.models import Membership, MembershipStatus

TODAY = date(2026, 12, 1)


@pytest.fixture
def demo(db):
    ensure_demo_users()
    generate_demo_people(1500, seed=5, today=TODAY)
    return ensure_demo_protection(today=TODAY)


def test_last_year_is_enrolled_invoiced_and_paid(demo):
    assert demo["year"] == 2025
    assert Membership.objects.filter(status=MembershipStatus.ACTIVE).count() > 0
    assert set(Invoice.objects.values_list("status", flat=True)) == {InvoiceStatus.PAID}
    assert ensure_demo_protection(today=TODAY) is None  # once


def test_the_late_village_shows_the_gap_and_an_open_correction(demo):
    apbd_id, desa_id = demo["funders"]
    villager = Membership.objects.filter(funder_id=desa_id, status=MembershipStatus.ACTIVE).first().person
    kinds = [m.kind for m in person_ledger(villager, today=TODAY).months]
    assert kinds == ["covered"] * 6 + ["gap"] * 3 + ["covered"] * 3
    august = coverage_on(villager, date(2025, 8, 15), today=TODAY)
    assert not august.covered and "Koreksi kepesertaan" in august.reason
    assert coverage_on(villager, date(2025, 10, 20), today=TODAY).since == date(2025, 10, 1)
    assert BackdatingRequest.objects.get(funder_id=desa_id).status == BackdatingStatus.REQUESTED
    regency = Membership.objects.filter(funder_id=apbd_id, status=MembershipStatus.ACTIVE).first().person
    assert coverage_on(regency, date(2025, 8, 15), today=TODAY).since == date(2025, 1, 1)
