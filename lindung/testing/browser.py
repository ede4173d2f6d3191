"""Browser fixtures: the system Chromium, driven by Playwright, against pytest-django's live server.

A browser test needs a TransactionTestCase database (the live server thread only
sees committed rows), and the flush after each such test empties the region
table that the root conftest loads once per session. So a browser test gets a
handful of regions (the cast's districts) before it starts, and the whole list
is loaded again once after the module, for the tests that follow.
"""

import csv
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
PASSWORD = "sandi-uji-123"  # the root conftest's cast
# The cast's villages lie in these districts; the regency and province are parents.
BROWSER_REGIONS = ("64", "64.02", "64.02.02", "64.02.06")


@pytest.fixture(scope="module")
def _async_unsafe_allowed():
    # Playwright's sync API keeps an asyncio loop running in the test thread,
    # and Django then refuses ORM calls from fixtures and asserts.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def _all_regions_after_module(django_db_blocker):
    yield
    from lindung.regions.models import Region
    from lindung.regions.services import load_regions

    with django_db_blocker.unblock():
        if Region.objects.filter(level="village").count() < 1000:
            load_regions()


@pytest.fixture(scope="session")
def _browser_regions_file(tmp_path_factory) -> Path:
    from lindung.regions.services import CURRENT_FILE

    with CURRENT_FILE.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        rows = [r for r in reader if r["code"] in BROWSER_REGIONS or r["code"][:8] in BROWSER_REGIONS[2:]]
    path = tmp_path_factory.mktemp("regions") / "wilayah_browser.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def browser_regions(transactional_db, _browser_regions_file, _all_regions_after_module):
    """The few regions a browser test needs, loaded again after an earlier test's flush."""
    from lindung.regions.models import Region
    from lindung.regions.services import load_regions

    if Region.objects.filter(code__in=BROWSER_REGIONS).count() != len(BROWSER_REGIONS):
        load_regions(current_file=_browser_regions_file, former_file=_browser_regions_file.with_name("none.csv"))


@pytest.fixture(autouse=True)
def _browser_test_database(request):
    # Before any other fixture, so the cast finds its regions.
    if request.node.get_closest_marker("browser") is not None:
        request.getfixturevalue("browser_regions")


@pytest.fixture(scope="module")
def browser(_async_unsafe_allowed):
    if not os.access(CHROMIUM, os.X_OK):
        # Fail, never skip: a browser test that silently does not run proves nothing.
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright import sync_api

    # Generous for a busy CI machine; a passing test never waits for it.
    sync_api.expect.set_options(timeout=TIMEOUT_MS)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # While Playwright's loop runs, the tests' ORM calls get connections of their own
        # (asgiref's Local follows the running loop's context); close them here, inside that
        # context, or PostgreSQL refuses to drop the test database at the end.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Makassar", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def log_in():
    """Log in through the login page, as a user would; returns once the home page shows."""
    from playwright.sync_api import expect

    def log_in(page, username: str, password: str = PASSWORD) -> None:
        page.goto("/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("heading", name="Beranda", level=1)).to_be_visible()

    return log_in


@pytest.fixture
def log_out():
    from playwright.sync_api import expect

    def log_out(page) -> None:
        page.get_by_role("button", name="Keluar").click()
        expect(page.get_by_role("heading", name="Masuk ke lindung")).to_be_visible()

    return log_out
