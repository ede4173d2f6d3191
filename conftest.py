"""Shared fixtures: region codes loaded once, and a fixed cast of users.

The cast (village A and B in different districts):
  admin            regency admin (whole installation)
  verifier         verifier of district Tenggarong (village A's district)
  verifier_all     verifier of the whole regency
  operator_a       operator of village A
  operator_b       operator of village B
  finance, auditor whole installation, read-only roles
  sponsor          a CSR sponsor's login, linked to no funder yet (sees only what its funder pays)
  outsider         a logged-in user with no role
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

# Browser fixtures (system Chromium through Playwright) for every app's browser tests.
pytest_plugins = ["lindung.testing.browser"]

VILLAGE_A = "64.02.06.1010"  # Mangkurawang, Tenggarong
VILLAGE_A2 = "64.02.06.2012"  # Rapak Lambur, Tenggarong
VILLAGE_B = "64.02.02.2001"  # a desa in Loa Kulu
DISTRICT_A = "64.02.06"


def nik_for(district: str = "640206", birth: date = date(1980, 5, 12), sex: str = "L", serial: int = 1) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from lindung.regions.services import load_regions

    with django_db_blocker.unblock():
        load_regions()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The cast logs in a lot; real hashing would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Long work runs inside the call in tests, so assertions see its result.
    settings.LINDUNG_JOBS = "inline"


@pytest.fixture(autouse=True)
def seeded_configuration(request):
    """Rows data migrations seed (rates, coverage and benefit rules, the batch export profile).

    A transactional test's flush empties them, and pytest-django runs every transactional test
    after the others, so each transactional test puts them back first.
    """
    names = request.fixturenames
    if "transactional_db" not in names and "live_server" not in names:
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    from lindung.claims.models import BenefitRules
    from lindung.coverage.models import CoverageRules
    from lindung.enrolment.models import ExportProfile
    from lindung.programmes.models import RateSchedule

    if not RateSchedule.objects.exists():
        for name in (
            "0002_default_rates",
            "0004_transport_discount_seed",
            "0007_min_cover_months_source",
            "0009_rates_source_cites_regulations",
        ):
            importlib.import_module(f"lindung.programmes.migrations.{name}").forward(apps, None)
    if not BenefitRules.objects.exists():
        importlib.import_module("lindung.claims.migrations.0002_seed_benefit_rules").forward(apps, None)

    if not CoverageRules.objects.exists():
        importlib.import_module("lindung.coverage.migrations.0002_seed_rules").forward(apps, None)
    if not ExportProfile.objects.exists():
        importlib.import_module("lindung.enrolment.migrations.0003_default_export_profile").forward(apps, None)
        importlib.import_module("lindung.enrolment.migrations.0004_occupation_as_written_column").forward(apps, None)


class Cast:
    pass


@pytest.fixture
def cast(db):
    from lindung.accounts.models import Role
    from lindung.accounts.services import grant_role

    User = get_user_model()
    c = Cast()
    plan = {
        "admin": [(Role.ADMIN, None)],
        "verifier": [(Role.VERIFIER, DISTRICT_A)],
        "verifier_all": [(Role.VERIFIER, None)],
        "operator_a": [(Role.OPERATOR, VILLAGE_A)],
        "operator_b": [(Role.OPERATOR, VILLAGE_B)],
        "finance": [(Role.FINANCE, None)],
        "auditor": [(Role.AUDITOR, None)],
        "sponsor": [(Role.SPONSOR, None)],
        "outsider": [],
    }
    for username, grants in plan.items():
        user = User.objects.create_user(username=username, password="sandi-uji-123", first_name=username.title())
        for role, region in grants:
            grant_role(user, role, region, by=None)
        setattr(c, username, User.objects.get(pk=user.pk))
    return c


def person_data(**overrides) -> dict:
    birth = overrides.pop("birth", date(1980, 5, 12))
    sex = overrides.pop("sex_", "L")
    serial = overrides.pop("serial", 1)
    village = overrides.get("village_code", VILLAGE_A)
    data = {
        "nik": nik_for(village[:8].replace(".", ""), birth, sex, serial),
        "kk_number": "",
        "name": "Ahmad Fauzi",
        "sex": sex,
        "birth_place": "Tenggarong",
        "birth_date": birth,
        "village_code": VILLAGE_A,
        "rt": "5",
        "rw": "",
        "street": "Jl. Mangkurawang",
        "phone": "0812-3456-7890",
        "occupation": "petani",
        "occupation_other": "",
        "segment": "",
        "declared_income": 1_000_000,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_person(cast):
    from lindung.people.services import propose_person

    counter = {"n": 0}

    def make(by=None, **overrides):
        counter["n"] += 1
        overrides.setdefault("serial", counter["n"])
        return propose_person(person_data(**overrides), by=by or cast.admin)

    return make
