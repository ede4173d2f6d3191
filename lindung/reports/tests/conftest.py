import pytest

from lindung.claims.tests.conftest import benefit_rules, covered, paid_months, report  # noqa: F401
from lindung.coverage.tests.conftest import apbd, coverage_rules, draft_year, enrolled, first_worker  # noqa: F401
from lindung.programmes.tests.conftest import rate_schedule, worker, year2021, year_data  # noqa: F401


@pytest.fixture(autouse=True)
def empty_cache():
    """The public figures are cached for minutes; every test starts from the database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
