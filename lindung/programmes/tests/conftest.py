"""Fixtures for programme and funding tests: the 2021 Kukar year and verified workers."""

from datetime import date

import pytest

from conftest import VILLAGE_A, VILLAGE_A2, VILLAGE_B  # noqa: F401 (re-exported for the tests)


@pytest.fixture(autouse=True)
def rate_schedule(request):
    """The rates the data migration seeds; a browser test's flush empties the table for later tests."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    import importlib

    from django.apps import apps

    from lindung.programmes.models import RateSchedule

    if not RateSchedule.objects.exists():
        for name in (
            "0002_default_rates",
            "0004_transport_discount_seed",
            "0007_min_cover_months_source",
            "0009_rates_source_cites_regulations",
        ):
            importlib.import_module(f"lindung.programmes.migrations.{name}").forward(apps, None)


@pytest.fixture
def year_data():
    def data(**overrides):
        d = {
            "year": 2021,
            "name": "Jaminan sosial pekerja rentan",
            "period_start": date(2021, 10, 1),
            "months": 3,
            "covers_jkk": True,
            "covers_jkm": True,
            "covers_jht": False,
            "declared_income": 1_000_000,
            "min_age": 18,
            "max_age": 65,
            "occupations": [],
            "segments": [],
            "require_domicile": True,
            "priority_occupations": [],
        }
        d.update(overrides)
        return d

    return data


@pytest.fixture
def year2021(cast, year_data):
    from lindung.programmes.services import create_year

    return create_year(year_data(), by=cast.admin)


@pytest.fixture
def worker(cast, make_person):
    """A verified worker; keyword arguments go to the registry's person data."""
    from lindung.people.services import verify_person

    def make(**overrides):
        person = make_person(**overrides)
        return verify_person(person, by=cast.admin)

    return make
