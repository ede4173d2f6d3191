from datetime import date

import pytest
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B
from lindung.enrolment.models import Membership, MembershipStatus
from lindung.funding.services import create_funder
from lindung.reports import public
from lindung.reports.models import PublicLookup

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(cast, year2021, worker):
    people = [worker(village_code=VILLAGE_A, name="Ahmad Fauzi") for _ in range(6)]
    people.append(worker(village_code=VILLAGE_B))
    funder = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 10**9}, by=cast.admin)
    for p in people:
        Membership.objects.create(
            programme_year=year2021, person=p, funder=funder, months_mask=0b011, status=MembershipStatus.ACTIVE
        )
    return people


def test_public_page_needs_no_login_and_hides_districts_under_five(client, members):
    body = client.get(reverse("public:page")).content.decode()
    assert "Tenggarong" in body
    rows = {r["name"]: r["members"] for r in public.public_coverage(members[0].memberships.get().programme_year)}
    assert rows["Tenggarong"] == 6
    assert rows["Loa Kulu"] is None  # one member: hidden
    assert rows["Tabang"] == 0  # nobody: nobody to recognise
    assert "&lt; 5" in body


def test_self_check_says_protected_this_month_with_the_name_masked(members, paid_months):
    paid_months(members[0].memberships.get().funder, {1: date(2021, 10, 5), 2: date(2021, 11, 5)})
    answer = public.self_check(members[0].nik, address="10.0.0.1", today=date(2021, 11, 20))
    assert answer.protected and answer.registered
    assert answer.masked_name == "A**** F****"
    assert answer.period == "Oktober 2021 – Desember 2021"


def test_self_check_in_a_paid_month_the_ledger_does_not_recognise_is_not_protected(members, paid_months):
    paid_months(members[0].memberships.get().funder, {1: date(2021, 10, 5)})  # November never paid
    answer = public.self_check(members[0].nik, address="10.0.0.1", today=date(2021, 11, 20))
    assert answer.registered and not answer.protected


def test_self_check_in_a_month_the_funder_does_not_pay_is_not_protected(members, paid_months):
    paid_months(members[0].memberships.get().funder, {1: date(2021, 10, 5), 2: date(2021, 11, 5)})
    answer = public.self_check(members[0].nik, address="10.0.0.1", today=date(2021, 12, 5))
    assert answer.registered and not answer.protected


def test_an_unknown_nik_is_not_registered_and_the_log_never_holds_the_nik(members):
    answer = public.self_check("6402065905800999", address="10.0.0.2")
    assert not answer.registered
    logged = PublicLookup.objects.get(address="10.0.0.2")
    assert not logged.found and "6402065905800999" not in logged.nik_hash


def test_the_self_check_is_throttled_per_address(client, members):
    url = reverse("public:page")
    for _ in range(public.LOOKUPS_PER_HOUR):
        assert client.post(url, {"nik": members[0].nik}, REMOTE_ADDR="10.0.0.3").status_code == 200
    refused = client.post(url, {"nik": members[0].nik}, REMOTE_ADDR="10.0.0.3")
    assert refused.status_code == 429
    assert "Terlalu banyak" in refused.content.decode()
    assert client.post(url, {"nik": members[0].nik}, REMOTE_ADDR="10.0.0.4").status_code == 200


def test_a_malformed_nik_gets_a_message_and_is_not_logged(client, members):
    body = client.post(reverse("public:page"), {"nik": "12345"}, REMOTE_ADDR="10.0.0.5").content.decode()
    assert "NIK belum benar" in body
    assert not PublicLookup.objects.exists()
