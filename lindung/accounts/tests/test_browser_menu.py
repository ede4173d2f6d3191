"""The grouped main menu in the system Chromium: opened by keyboard, closed by Escape, usable without script."""

import os

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# LINDUNG_SHOTS=/some/folder keeps a screenshot of each menu, for a person to look at too.
SHOTS = os.environ.get("LINDUNG_SHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png")


def test_a_verifier_opens_a_group_by_keyboard_and_escape_closes_it(page, cast, log_in):
    log_in(page, "verifier")
    nav = page.get_by_role("navigation", name="Menu utama")
    registry = nav.locator("summary", has_text="Registri")
    expect(nav.get_by_role("link", name="Verifikasi")).to_be_hidden()
    registry.focus()
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link", name="Verifikasi")).to_be_visible()
    shot(page, "menu-verifier")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Registri pekerja")).to_be_focused()
    page.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="Verifikasi")).to_be_hidden()
    expect(registry).to_be_focused()

    # Opening another group closes the first; a click on the page closes the last.
    registry.click()
    nav.locator("summary", has_text="Laporan").click()
    expect(nav.get_by_role("link", name="Verifikasi")).to_be_hidden()
    expect(nav.get_by_role("link", name="Cakupan")).to_be_visible()
    page.locator("footer").click()
    expect(nav.get_by_role("link", name="Cakupan")).to_be_hidden()


@pytest.mark.parametrize(
    "username, group, link",
    [
        ("operator_a", "Registri", "Impor"),
        ("finance", "Program & dana", "Kwitansi BPJS"),
        ("admin", "Pengaturan", "Jejak audit"),
    ],
)
def test_each_role_reaches_a_page_through_its_group(page, cast, log_in, username, group, link):
    log_in(page, username)
    nav = page.get_by_role("navigation", name="Menu utama")
    nav.locator("summary", has_text=group).click()
    shot(page, f"menu-{username}")
    nav.get_by_role("link", name=link).click()
    current = nav.get_by_role("link", name=link, exact=True, include_hidden=True)
    expect(current).to_have_attribute("aria-current", "page")
    expect(nav.locator("details.current > summary")).to_have_text(group)


def test_the_menu_works_without_script(browser, live_server, cast):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("admin")
    page.get_by_label("Kata sandi").fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    nav = page.get_by_role("navigation", name="Menu utama")
    nav.locator("summary", has_text="Santunan").click()
    nav.get_by_role("link", name="Pengingat beasiswa").click()
    expect(page).to_have_url(live_server.url + "/santunan/pengingat-beasiswa/")
    context.close()


def test_a_printed_page_leaves_the_menu_out(page, cast, log_in):
    log_in(page, "admin")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Menu utama")).to_be_hidden()
    expect(page.locator(".brand")).to_be_visible()
    if SHOTS:
        page.pdf(path=f"{SHOTS}/menu-print.pdf")
