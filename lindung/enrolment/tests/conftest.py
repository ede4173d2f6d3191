"""An approved 2021 year (October–December) with three funded workers, for the enrolment tests."""

from datetime import date

import pytest

from lindung.programmes.tests.conftest import rate_schedule, worker, year2021, year_data  # noqa: F401

MONTH = 16_800  # one person-month in 2021


@pytest.fixture
def approved(cast, year2021, worker):  # noqa: F811
    """Siti, Bambang and Joko funded by APBD Kukar for the whole period; the year approved."""
    from lindung.funding.services import allocate_year, create_funder
    from lindung.programmes.services import approve_year

    people = [worker(name=n) for n in ("Siti Aminah", "Bambang Sutrisno", "Joko Widodo")]
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 9 * MONTH}, by=cast.admin)
    apbd.wadah_code = "SG-6402-0001"
    apbd.save(update_fields=["wadah_code"])
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=date(2021, 9, 30))
    year2021.refresh_from_db()
    return {"year": year2021, "people": people, "apbd": apbd}


@pytest.fixture
def enrolled(cast, approved):
    """The approved year with its memberships made (all still to send)."""
    from lindung.enrolment.services import create_memberships

    create_memberships(approved["year"], by=cast.admin)
    return approved


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Uploaded replies are stored under MEDIA_ROOT: keep the tests' copies out of var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def export_profile(request):
    """The default profile the data migration seeds; a browser test's flush empties the table for later tests."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or "cast" in names:
        request.getfixturevalue("db")
    else:
        return
    import importlib

    from django.apps import apps

    from lindung.enrolment.models import ExportProfile

    if not ExportProfile.objects.exists():
        importlib.import_module("lindung.enrolment.migrations.0003_default_export_profile").forward(apps, None)
        importlib.import_module("lindung.enrolment.migrations.0004_occupation_as_written_column").forward(apps, None)
