from lindung.programmes.tests.conftest import rate_schedule, worker, year2021, year_data  # noqa: F401
