"""The reports in the system Chromium: each role's home page, the dashboards, the year report, the public page."""

from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from lindung.coverage import billing
from lindung.reports import services

pytestmark = pytest.mark.browser


@pytest.fixture
def protected_year(cast, enrolled, apbd, draft_year, paid_months):
    people, _ = enrolled(3)
    billing.build_ledger(draft_year, by=cast.finance)
    paid_months(apbd, {m: date(2023, m, 10) for m in range(1, 13)})
    services.set_workforce_estimate(
        region_code="64.02.06",
        valid_from=date(2023, 1, 1),
        informal_workers=12,
        source="Perkiraan Disnaker",
        by=cast.admin,
    )
    services.record_milestone(
        kind="regulation", on=date(2023, 3, 1), title="Perbup 5/2023 pekerja rentan", by=cast.admin
    )
    return people


def test_admin_reads_coverage_money_and_claims_and_downloads_the_year_report(page, cast, protected_year, log_in):
    log_in(page, "admin")
    page.goto("/")
    expect(page.get_by_role("heading", name="Program 2023")).to_be_visible()
    nav = page.get_by_role("navigation", name="Menu utama")
    nav.locator("summary", has_text="Laporan").click()
    nav.get_by_role("link", name="Cakupan", exact=True).click()
    page.get_by_label("Tahun program").select_option("2023")
    page.get_by_role("button", name="Tampilkan").click()
    table = page.locator("table.data")
    expect(table).to_contain_text("Tenggarong")
    # 3 members of an estimated 12, all protected in December 2023, the year's last month
    tenggarong = table.locator("tr").filter(has_text="Tenggarong").first
    expect(tenggarong).to_contain_text("25,0 %")
    expect(page.locator(".stats")).to_contain_text("Terlindungi Desember 2023")
    page.screenshot(path="test-results/reports-coverage.png", full_page=True)
    page.get_by_role("link", name="Tenggarong", exact=True).click()
    expect(page.get_by_role("heading")).to_contain_text("Kecamatan Tenggarong")
    page.get_by_role("navigation", name="Laporan").get_by_role("link", name="Keuangan").click()
    expect(page.locator("table.data")).to_contain_text("APBD Kukar")
    page.get_by_role("navigation", name="Laporan").get_by_role("link", name="Santunan").click()
    expect(page.get_by_text("Berkas di Disnaker")).to_be_visible()
    page.get_by_role("navigation", name="Laporan").get_by_role("link", name="Cakupan", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Laporan tahunan (PDF)").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Perbup 5/2023 pekerja rentan" in text and "Halaman 1 dari" in text


def test_a_worker_checks_their_nik_on_the_public_page_without_logging_in(page, protected_year):
    page.goto("/publik/")
    expect(page.get_by_role("heading", name="Apakah saya terlindungi?")).to_be_visible()
    page.get_by_label("NIK (16 angka, seperti di KTP)").fill(protected_year[0].nik)
    page.get_by_role("button", name="Periksa").click()
    expect(page.get_by_role("status")).to_contain_text("Terdaftar")
    page.screenshot(path="test-results/reports-public.png", full_page=True)
    page.get_by_label("NIK (16 angka, seperti di KTP)").fill("123")
    page.get_by_role("button", name="Periksa").click()
    expect(page.get_by_role("alert")).to_contain_text("NIK belum benar")


def test_operator_home_shows_the_villages_numbers(page, cast, protected_year, log_in):
    log_in(page, "operator_a", "sandi-uji-123")
    page.goto("/")
    expect(page.get_by_role("heading", name="Desa Anda")).to_be_visible()
    expect(page.get_by_text("Usulan ditolak, perlu diperbaiki")).to_be_visible()
    page.screenshot(path="test-results/reports-home-operator.png", full_page=True)


def test_finance_home_has_its_cards_and_dues_in_one_block(page, cast, protected_year, log_in):
    log_in(page, "finance", "sandi-uji-123")
    page.goto("/")
    section = page.locator("section.home-section").filter(has=page.get_by_role("heading", name="Keuangan"))
    expect(section).to_contain_text("Penyandang dana menunggak 2 bulan")
    expect(section.get_by_role("heading", name="Iuran BPJS Ketenagakerjaan")).to_be_visible()
    expect(page.get_by_role("heading", name="Iuran BPJS Ketenagakerjaan")).to_have_count(1)
    page.screenshot(path="test-results/reports-home-finance.png", full_page=True)


def test_the_coverage_page_says_when_its_stored_counts_were_taken(page, cast, protected_year, draft_year, log_in):
    from lindung.reports import snapshot

    snapshot.take(draft_year)
    log_in(page, "admin")
    page.goto("/laporan/?tahun=2023")
    expect(page.get_by_text("dihitung pada")).to_be_visible()
    expect(page.locator("table.data").locator("tr").filter(has_text="Tenggarong").first).to_contain_text("25,0 %")
    page.screenshot(path="test-results/reports-coverage-snapshot.png", full_page=True)
