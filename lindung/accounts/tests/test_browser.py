"""In the system Chromium: the admin creates a village operator, who logs in and sees only that village."""

import pytest
from playwright.sync_api import expect

from conftest import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.browser

NEW_PASSWORD = "sungai-mahakam-pagi-42"


def test_the_admin_creates_an_operator_who_then_sees_only_their_village(page, cast, make_person, log_in, log_out):
    make_person(by=cast.operator_a, name="Siti Aminah", village_code=VILLAGE_A)
    make_person(by=cast.operator_b, name="Bambang Loa Kulu", village_code=VILLAGE_B)

    log_in(page, "admin")
    nav = page.get_by_role("navigation", name="Menu utama")
    nav.locator("summary", has_text="Pengaturan").click()
    nav.get_by_role("link", name="Pengguna").click()
    expect(page.get_by_role("heading", name="Pengguna", level=1)).to_be_visible()
    page.get_by_role("link", name="Tambah pengguna").click()
    page.get_by_label("Nama pengguna").fill("rina.desa")
    page.get_by_label("Nama lengkap").fill("Rina Marlina")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Buat pengguna").click()
    expect(page.get_by_role("heading", name="rina.desa")).to_be_visible()
    expect(page.locator("#roles")).to_contain_text("Belum ada peran")

    form = page.locator("#role-form")
    form.get_by_label("Peran").select_option("operator")
    form.get_by_label("Wilayah").select_option(VILLAGE_A)
    form.get_by_role("button", name="Tambah peran").click()
    expect(page.locator("#roles")).to_contain_text("Operator desa")
    expect(page.locator("#roles")).to_contain_text("Mangkurawang")
    log_out(page)

    log_in(page, "rina.desa", NEW_PASSWORD)
    nav.locator("summary", has_text="Registri").click()
    nav.get_by_role("link", name="Registri pekerja").click()
    table = page.locator("#people-table")
    expect(table.get_by_role("link", name="Siti Aminah")).to_be_visible()
    expect(table.get_by_text("Bambang Loa Kulu")).to_have_count(0)
    expect(nav.get_by_role("link", name="Pengguna")).to_have_count(0)
