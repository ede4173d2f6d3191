from lindung.claims.tests.conftest import benefit_rules, covered, paid_months, report  # noqa: F401
from lindung.coverage.tests.conftest import apbd, coverage_rules, draft_year, enrolled, first_worker  # noqa: F401
from lindung.programmes.tests.conftest import rate_schedule, worker, year2021, year_data  # noqa: F401
