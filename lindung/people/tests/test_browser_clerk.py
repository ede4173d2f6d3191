"""A clerk's day in the registry, in the system Chromium: what the queue, the forms and the help page show."""

import os
from datetime import date

import pytest
from playwright.sync_api import expect

from lindung.people.models import Person, Status
from lindung.people.services import reject_person

pytestmark = pytest.mark.browser

# LINDUNG_SHOTS=/some/folder keeps a screenshot of each page the test looks at, for a person to look at too.
SHOTS = os.environ.get("LINDUNG_SHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_queue_holds_warned_workers_for_a_note_and_filters_them_out(page, cast, make_person, log_in):
    make_person(by=cast.operator_a, name="Sanusi Tua", birth=date(1930, 3, 1))
    make_person(by=cast.operator_a, name="Dewi Lestari", sex_="P")

    log_in(page, "verifier")
    page.goto("/pekerja/verifikasi/")
    queue = page.locator("#queue-results")
    old_row = queue.locator("tr").filter(has_text="Sanusi Tua")
    expect(old_row.get_by_role("link", name="Periksa Sanusi Tua")).to_be_visible()
    expect(old_row.get_by_role("button", name="Terima Sanusi Tua")).to_have_count(0)
    shot(page, "queue")

    page.get_by_role("link", name="tanpa peringatan").click()
    expect(queue.get_by_role("link", name="Sanusi Tua")).to_have_count(0)
    expect(queue.get_by_role("link", name="Dewi Lestari")).to_be_visible()

    page.goto("/pekerja/verifikasi/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Terima semua yang tersaring (2)").click()
    expect(page.get_by_role("status").first).to_contain_text("1 data diverifikasi.")
    expect(page.locator(".msg-warning")).to_contain_text("1 data tidak ikut diterima karena ada peringatan")

    queue.get_by_role("link", name="Periksa Sanusi Tua").click()
    expect(page.locator("#verify-holds")).to_contain_text("Usia")
    page.get_by_role("button", name="Terima", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Tulis catatan verifikasi")
    page.get_by_label("Catatan verifikasi").fill("Masih aktif bertani, surat keterangan kepala desa ada.")
    shot(page, "person-verify-note")
    page.get_by_role("button", name="Terima", exact=True).click()
    expect(page.locator("#person-status")).to_have_text("Diverifikasi")
    assert Person.objects.get(name="Sanusi Tua").status == Status.VERIFIED


def test_the_operator_corrects_with_the_reason_in_view_and_types_dates_and_money_the_indonesian_way(
    page, cast, make_person, log_in
):
    person = make_person(by=cast.operator_a, name="Joko Susilo")
    reject_person(person, by=cast.verifier, reason="Penghasilan belum diisi sesuai surat keterangan desa")

    log_in(page, "operator_a")
    page.goto(f"/pekerja/{person.pk}/ubah/")
    expect(page.locator("#rejection-reason")).to_contain_text("Penghasilan belum diisi sesuai surat keterangan desa")
    birth = page.get_by_label("Tanggal lahir")
    expect(birth).to_have_value("12/05/1980")
    assert birth.get_attribute("type") == "text"
    income = page.get_by_label("Penghasilan dilaporkan (Rp)")
    income.fill("Rp 1.500.000")
    expect(page.locator("#id_declared_income_understood")).to_have_text("Terbaca: Rp 1.500.000")
    income.fill("1,5")
    expect(page.locator("#id_declared_income_understood")).to_contain_text("bisa terbaca dua cara")
    income.fill("1.500.000")
    expect(page.locator("#id_declared_income_understood")).to_have_text("Terbaca: Rp 1.500.000")
    shot(page, "person-correct")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#person-status")).to_have_text("Diusulkan")
    person.refresh_from_db()
    assert person.declared_income == 1_500_000


def test_a_wrong_nik_does_not_add_required_errors_for_what_it_fills(page, cast, log_in):
    log_in(page, "operator_a")
    page.goto("/pekerja/baru/")
    page.get_by_label("NIK").fill("640206120580")
    page.get_by_label("Nama lengkap sesuai KTP").fill("Ahmad Fauzi")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("NIK")
    expect(page.locator(".field-error").filter(has_text="Tanggal lahir wajib diisi")).to_have_count(0)
    expect(page.locator(".field-error").filter(has_text="Jenis kelamin wajib diisi")).to_have_count(0)
    shot(page, "person-wrong-nik")


def test_menus_reach_reference_lists_blocked_workers_and_a_help_page_per_role(page, cast, log_in, log_out):
    log_in(page, "operator_a")
    nav = page.get_by_role("navigation", name="Menu utama")
    nav.locator("summary", has_text="Registri").click()
    expect(nav.get_by_role("link", name="Registri pekerja")).to_be_visible()
    expect(nav.get_by_role("link", name="Daftar pembanding")).to_have_count(0)
    nav.get_by_role("link", name="Diblokir").click()
    expect(page.get_by_role("heading", name="Pekerja diblokir", level=1)).to_be_visible()
    nav.get_by_role("link", name="Bantuan").click()
    expect(page.locator("#peran-operator")).to_contain_text("Usulkan pekerja")
    expect(page.locator("details#peran-verifier")).to_be_visible()
    shot(page, "help-operator")
    log_out(page)

    log_in(page, "verifier")
    nav.locator("summary", has_text="Registri").click()
    nav.get_by_role("link", name="Daftar pembanding").click()
    expect(page.get_by_role("heading", name="Daftar pembanding", level=1)).to_be_visible()
    expect(page.get_by_label("Berkas (xlsx, xls, ods atau csv)")).to_be_visible()
    shot(page, "reference-upload")
    nav.get_by_role("link", name="Bantuan").click()
    expect(page.locator("section#peran-verifier")).to_contain_text("Antrean verifikasi")
