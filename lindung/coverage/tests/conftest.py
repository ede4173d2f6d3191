"""Fixtures for the coverage ledger: an approved year, its funder, and memberships made as enrolment makes them."""

from datetime import date

import pytest

from lindung.programmes.tests import conftest as programme_fixtures

rate_schedule = programme_fixtures.rate_schedule
worker = programme_fixtures.worker
year_data = programme_fixtures.year_data


@pytest.fixture(autouse=True)
def coverage_rules(request):
    """The rules the data migration seeds; a browser test's flush empties the table for later tests."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    import importlib

    from django.apps import apps

    from lindung.coverage.models import CoverageRules

    if not CoverageRules.objects.exists():
        importlib.import_module("lindung.coverage.migrations.0002_seed_rules").forward(apps, None)


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Uploaded receipt files are stored under MEDIA_ROOT: keep the tests' copies out of var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def draft_year(cast, year_data):
    from lindung.programmes.services import create_year

    return create_year(year_data(year=2023, period_start=date(2023, 1, 1), months=12), by=cast.admin)


@pytest.fixture
def first_worker(worker):
    return worker()


@pytest.fixture
def apbd(cast, draft_year, first_worker):
    from lindung.funding.services import create_funder

    return create_funder(draft_year, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 10_000_000}, by=cast.admin)


@pytest.fixture
def enrolled(cast, draft_year, apbd, worker, first_worker):
    """Approve 2023 for `count` workers; their memberships active as BPJS's reply makes them."""

    def make(count: int = 1, **person):
        from lindung.enrolment.models import Membership
        from lindung.funding.services import allocate_year
        from lindung.programmes.services import approve_year

        people = [first_worker] + [worker(**person) for _ in range(count - 1)]
        allocate_year(draft_year, by=cast.admin)
        approve_year(draft_year, by=cast.admin, decree_number="SK 1/2023", decree_date=date(2023, 1, 2))
        draft_year.refresh_from_db()
        memberships = [
            Membership.objects.create(
                programme_year=draft_year,
                person=a.person,
                funder=a.funder,
                months_mask=a.months_mask,
                status="active",
                kpj=f"2300000000{i}",
                bpjs_start_date=date(2023, 1, 1),
            )
            for i, a in enumerate(
                draft_year.allocations.filter(funder__isnull=False)
                .select_related("person", "funder")
                .order_by("person")
            )
        ]
        return people, memberships

    return make


@pytest.fixture
def paid_months():
    """Record, as the payment services do, the day each month of a funder was paid in full."""

    def record(funder, paid: dict[int, date]):
        from lindung.coverage.models import FunderMonth

        for month, day in paid.items():
            FunderMonth.objects.update_or_create(funder=funder, month=month, defaults={"paid_on": day})

    return record
