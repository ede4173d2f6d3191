"""Claims fixtures: covered workers built the way enrolment and the coverage ledger build them."""

from datetime import date

import pytest

from lindung.coverage.tests import conftest as coverage_fixtures

coverage_rules = coverage_fixtures.coverage_rules
rate_schedule = coverage_fixtures.rate_schedule
worker = coverage_fixtures.worker
year_data = coverage_fixtures.year_data
draft_year = coverage_fixtures.draft_year
first_worker = coverage_fixtures.first_worker
apbd = coverage_fixtures.apbd
enrolled = coverage_fixtures.enrolled
paid_months = coverage_fixtures.paid_months

ALL_2023_ON_TIME = {k: date(2023, k, 10) for k in range(1, 13)}


@pytest.fixture(autouse=True)
def benefit_rules(request):
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

    from lindung.claims.models import BenefitRules

    if not BenefitRules.objects.exists():
        importlib.import_module("lindung.claims.migrations.0002_seed_benefit_rules").forward(apps, None)


@pytest.fixture
def covered(enrolled, apbd, paid_months):
    """Ahmad Fauzi of village A: APBD Kukar pays every month of 2023 on time (KPJ 23000000000)."""
    (person,), _ = enrolled()
    paid_months(apbd, ALL_2023_ON_TIME)
    return person


@pytest.fixture
def earlier_years(cast, year_data, paid_months):
    """Enrol the person in more whole years, every month paid on time, as 2023 is enrolled."""

    def make(person, years):
        from lindung.enrolment.models import Membership
        from lindung.funding.services import allocate_year, create_funder
        from lindung.programmes.services import approve_year, create_year

        for y in years:
            year = create_year(year_data(year=y, period_start=date(y, 1, 1), months=12), by=cast.admin)
            funder = create_funder(
                year, {"kind": "apbd_kab", "name": f"APBD Kukar {y}", "budget": 10_000_000}, by=cast.admin
            )
            allocate_year(year, by=cast.admin)
            approve_year(year, by=cast.admin, decree_number=f"SK 1/{y}", decree_date=date(y, 1, 2))
            allocation = year.allocations.get(person=person, funder__isnull=False)
            Membership.objects.create(
                programme_year=year,
                person=person,
                funder=funder,
                months_mask=allocation.months_mask,
                status="active",
                kpj="23000000000",
                bpjs_start_date=date(y, 1, 1),
            )
            paid_months(funder, {k: date(y, k, 10) for k in range(1, 13)})

    return make


@pytest.fixture
def report(cast):
    """Report a claim as village A's operator, with a plain place and account unless told otherwise."""
    from lindung.claims.services import report_claim

    def make(person, kind="jkm", event_date=date(2023, 5, 15), by=None, **extra):
        extra.setdefault("place", "Sungai Mahakam, Tenggarong")
        extra.setdefault("account", "Perahu terbalik saat mencari ikan.")
        return report_claim(person, kind=kind, event_date=event_date, by=by or cast.operator_a, **extra)

    return make
