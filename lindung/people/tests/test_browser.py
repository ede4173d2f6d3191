"""The paths users click, in the system Chromium: operator, verifier, and back to the operator."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from conftest import VILLAGE_A, nik_for
from lindung.audit.models import AuditEntry
from lindung.people.models import Person, Status

pytestmark = pytest.mark.browser


def test_login_page_is_indonesian_and_styled(page, live_server):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/\?next=/$"))
    assert page.locator("html").get_attribute("lang") == "id"
    stylesheet = page.request.get(live_server.url + "/static/lindung/lindung.css")
    assert stylesheet.ok, "the stylesheet is not served (is lindung/static in STATICFILES_DIRS?)"

    page.get_by_label("Nama pengguna").fill("operator_a")
    page.get_by_label("Kata sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Nama pengguna atau kata sandi salah")
    expect(page.get_by_label("Nama pengguna")).to_have_value("operator_a")


def test_operator_finds_a_person_and_proposes_another(page, cast, make_person, log_in, log_out):
    make_person(by=cast.operator_a, name="Siti Aminah", sex_="P", birth=date(1985, 3, 2))
    make_person(by=cast.operator_a, name="Bambang Sutrisno")

    log_in(page, "operator_a")
    nav = page.get_by_role("navigation", name="Menu utama")
    nav.locator("summary", has_text="Registri").click()
    nav.get_by_role("link", name="Registri pekerja").click()
    expect(page.get_by_role("heading", name="Registri pekerja")).to_be_visible()
    table = page.locator("#people-table")
    expect(table.get_by_role("link", name="Bambang Sutrisno")).to_be_visible()

    # The search refreshes only the table (htmx) and puts the query in the address.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Cari nama atau NIK").fill("aminah")
    page.get_by_label("Cari nama atau NIK").press("Enter")
    expect(table.get_by_role("link", name="Bambang Sutrisno")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]q=aminah"))
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator("#people-table")).to_have_count(1)

    page.locator("#people-table").get_by_role("link", name="Siti Aminah").click()
    expect(page.get_by_role("heading", name="Siti Aminah")).to_be_visible()
    expect(page.locator("#person-status")).to_have_text("Diusulkan")

    # Back shows the whole searched list again, never the bare table htmx fetched.
    page.go_back()
    expect(page.get_by_label("Cari nama atau NIK")).to_have_value("aminah")
    expect(page.locator("#people-table").get_by_role("link", name="Siti Aminah")).to_be_visible()
    expect(page.locator("#people-table").get_by_role("link", name="Bambang Sutrisno")).to_have_count(0)

    page.get_by_role("link", name="+ Usulkan pekerja").click()
    expect(page.get_by_role("heading", name="Usulkan pekerja baru")).to_be_visible()
    page.get_by_label("NIK").fill("6402061205800")
    page.get_by_label("Nama lengkap sesuai KTP").fill("Rudi Hartono")
    page.get_by_label("Desa/kelurahan").select_option(VILLAGE_A)
    page.get_by_label(re.compile(r"^Pekerjaan\W*$")).select_option("petani")
    page.get_by_role("button", name="Simpan").click()

    nik_field = page.locator(".field", has=page.locator("#id_nik"))
    expect(nik_field.locator(".field-error")).to_contain_text("NIK harus 16 digit, tetapi tertulis 13 digit")
    expect(page.locator("#id_nik")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Data belum tersimpan")

    nik = nik_for("640206", date(1980, 5, 12), "L", 30)
    page.get_by_label("NIK").fill(nik)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Rudi Hartono diusulkan. Menunggu verifikasi.")
    expect(page.get_by_role("heading", name="Rudi Hartono")).to_be_visible()
    expect(page.locator("#person-status")).to_have_text("Diusulkan")
    assert Person.objects.get(nik=nik).proposed_by == cast.operator_a

    log_out(page)


def test_verifier_accepts_one_rejects_another_and_the_operator_reads_why(page, cast, make_person, log_in, log_out):
    make_person(by=cast.operator_a, name="Dewi Lestari", sex_="P")
    joko = make_person(by=cast.operator_a, name="Joko Susilo")

    log_in(page, "verifier")
    nav = page.get_by_role("navigation", name="Menu utama")
    nav.locator("summary", has_text="Registri").click()
    nav.get_by_role("link", name="Verifikasi", exact=True).click()
    expect(page.get_by_role("heading", name="Antrean verifikasi")).to_be_visible()
    queue = page.locator("#queue-results")
    expect(queue.get_by_role("link", name="Joko Susilo")).to_be_visible()

    page.get_by_label("Cari nama atau NIK").fill("dewi")
    page.get_by_label("Cari nama atau NIK").press("Enter")
    expect(queue.get_by_role("link", name="Joko Susilo")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/pekerja/verifikasi/\?.*q=dewi"))

    queue.get_by_role("link", name="Dewi Lestari").click()
    page.get_by_role("button", name="Terima", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Dewi Lestari diverifikasi.")
    expect(page.locator("#person-status")).to_have_text("Diverifikasi")

    nav = page.get_by_role("navigation", name="Menu utama")
    nav.locator("summary", has_text="Registri").click()
    nav.get_by_role("link", name="Verifikasi", exact=True).click()
    expect(queue.get_by_role("link", name="Dewi Lestari")).to_have_count(0)
    queue.get_by_role("link", name="Joko Susilo").click()
    page.get_by_label("Alasan penolakan").fill("Foto KTP buram; unggah ulang yang jelas.")
    page.get_by_role("button", name="Tolak").click()
    expect(page.locator("#person-status")).to_have_text("Ditolak")
    log_out(page)

    log_in(page, "operator_a")
    page.goto(f"/pekerja/?status={Status.REJECTED}")
    page.locator("#people-table").get_by_role("link", name="Joko Susilo").click()
    expect(page.locator("#person-status")).to_have_text("Ditolak")
    expect(page.get_by_role("note")).to_contain_text("Foto KTP buram; unggah ulang yang jelas.")
    expect(page.get_by_role("link", name="Perbaiki data").first).to_be_visible()
    joko.refresh_from_db()
    assert joko.status == Status.REJECTED


def test_reveal_button_shows_the_full_nik_and_records_it(page, cast, make_person, log_in):
    person = make_person(by=cast.operator_a, name="Ahmad Fauzi")

    log_in(page, "operator_a")
    page.goto(f"/pekerja/{person.pk}/")
    expect(page.locator("#nik-cell")).to_contain_text(person.masked_nik)
    expect(page.locator("#nik-cell")).not_to_contain_text(person.nik)

    page.get_by_role("button", name="Tampilkan NIK lengkap").click()
    expect(page.locator("#nik-value")).to_have_text(person.nik)
    assert (
        AuditEntry.objects.for_target(person).filter(action="people.person.nik_viewed", actor=cast.operator_a).exists()
    )
