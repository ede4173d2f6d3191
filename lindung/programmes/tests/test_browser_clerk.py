"""The office's side of a clerk's day in the system Chromium: forms that read as they look, approval as a decision."""

import os

import pytest
from playwright.sync_api import expect

from lindung.funding.models import Funder
from lindung.programmes.models import ProgrammeYear, YearStatus

pytestmark = pytest.mark.browser

# LINDUNG_SHOTS=/some/folder keeps a screenshot of each page the test looks at, for a person to look at too.
SHOTS = os.environ.get("LINDUNG_SHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def assert_small_box_left_of_its_label(page, label: str) -> None:
    box = page.get_by_label(label, exact=True).bounding_box()
    text = page.locator("label").filter(has_text=label).first.bounding_box()
    assert box["width"] < 30 and box["height"] < 30, box
    # The box sits on its label's line, just left of the words: one can tell which box is which.
    middle = box["y"] + box["height"] / 2
    assert text["y"] <= middle <= text["y"] + text["height"], (box, text)
    assert text["x"] - 40 <= box["x"] <= text["x"] + 30, (box, text)


def test_admin_sets_up_a_year_in_words_funds_it_in_rupiah_and_approves_after_a_confirmation(page, cast, worker, log_in):
    worker(name="Siti Aminah")
    worker(name="Bambang Sutrisno")
    log_in(page, "admin")

    page.goto("/program/baru/")
    assert_small_box_left_of_its_label(page, "Petani")
    assert_small_box_left_of_its_label(page, "JKK (kecelakaan kerja)")
    page.get_by_label("Tahun anggaran").fill("2021")
    page.get_by_label("Bulan pertama").select_option(label="Oktober")
    page.get_by_label("Jumlah bulan").fill("3")
    page.get_by_label("Prioritas pertama").select_option(label="Nelayan")
    page.get_by_label("Prioritas kedua").select_option(label="Petani")
    expect(page.get_by_text("Kode pekerjaan")).to_have_count(0)
    shot(page, "year-form")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Tahun program 2021 dibuat")
    assert ProgrammeYear.objects.get().priority_occupations == ["nelayan", "petani"]
    expect(page.get_by_text("domain.md")).to_have_count(0)
    expect(page.locator("dd").filter(has_text="PP 44/2015")).to_be_visible()

    page.get_by_role("link", name="+ Tambah penyandang dana").click()
    page.get_by_label("Jenis penyandang dana").select_option("apbd_kab")
    page.locator("#id_name").fill("APBD Kutai Kartanegara")
    page.get_by_label("Pagu (Rp)").fill("50.000.000")
    expect(page.locator("#id_budget_understood")).to_have_text("Terbaca: Rp 50.000.000")
    shot(page, "funder-form")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#funders")).to_contain_text("Rp 50.000.000")
    assert Funder.objects.get().budget == 50_000_000

    page.get_by_role("button", name="Jalankan alokasi").click()
    expect(page.locator("#allocation-result")).to_contain_text("6 orang-bulan")
    page.get_by_label("Nomor SK Bupati").fill("500/77/DISTRANSNAKER/2021")
    page.get_by_label("Tanggal SK").fill("20/09/2021")
    page.get_by_role("button", name="Setujui dan kunci…").click()
    expect(page.get_by_role("heading", name="Setujui dan kunci tahun program 2021?")).to_be_visible()
    expect(page.locator("#approve-totals tfoot")).to_contain_text("2 orang")
    expect(page.locator("#approve-totals tfoot")).to_contain_text("Rp 100.800")
    expect(page.get_by_label("Nomor SK Bupati")).to_have_value("500/77/DISTRANSNAKER/2021")
    page.get_by_label("Nomor SK Bupati").fill("")
    page.get_by_role("button", name="Ya, setujui dan kunci").click()
    expect(page.locator(".field-error").first).to_contain_text("Isi nomor SK Bupati")
    assert ProgrammeYear.objects.get().status == YearStatus.DRAFT
    page.get_by_label("Nomor SK Bupati").fill("500/77/DISTRANSNAKER/2021")
    expect(page.get_by_label("Tanggal SK Bupati")).to_have_value("20/09/2021")
    shot(page, "year-approve")
    page.get_by_role("button", name="Ya, setujui dan kunci").click()
    expect(page.locator("#year-status")).to_have_text("Disetujui")
    expect(page.locator("#approved-by")).to_contain_text("Disetujui oleh Admin")
    expect(page.locator("#approved-by")).to_contain_text("tanggal 20 September 2021")
    shot(page, "year-approved")


def test_a_funder_added_after_the_allocation_is_shown_and_blocks_the_approval(page, cast, worker, year2021, log_in):
    from lindung.funding.services import allocate_year, create_funder

    worker(name="Siti Aminah")
    create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 10_000_000}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    create_funder(year2021, {"kind": "csr", "name": "PT Terlambat", "budget": 5_000_000}, by=cast.admin)
    log_in(page, "admin")
    page.goto("/program/2021/")
    expect(page.locator("#allocation-stale")).to_contain_text(
        "Penyandang dana PT Terlambat ditambahkan sesudah alokasi"
    )
    page.get_by_label("Nomor SK Bupati").fill("500/1/2021")
    page.get_by_label("Tanggal SK").fill("20/09/2021")
    page.get_by_role("button", name="Setujui dan kunci…").click()
    expect(page.locator("#approve-stale")).to_be_visible()
    expect(page.get_by_role("button", name="Ya, setujui dan kunci")).to_be_disabled()


def test_the_simulator_reads_amounts_the_indonesian_way_and_its_boxes_sit_by_their_labels(page, cast, log_in):
    log_in(page, "finance")
    page.goto("/program/simulasi/")
    assert_small_box_left_of_its_label(page, "JKM")
    page.get_by_label("Anggaran tersedia (Rp), pilihan").fill("Rp 1.786.176.000")
    expect(page.locator("#id_budget_understood")).to_have_text("Terbaca: Rp 1.786.176.000")
    page.get_by_label("Anggaran tersedia (Rp), pilihan").fill("1.786,176")
    expect(page.locator("#id_budget_understood")).to_contain_text("bisa terbaca dua cara")
    page.get_by_label("Anggaran tersedia (Rp), pilihan").fill("1786176000")
    expect(page.locator("#id_budget_understood")).to_have_text("Terbaca: Rp 1.786.176.000")
    shot(page, "simulator")
    page.get_by_role("button", name="Hitung").click()
    expect(page.locator("main")).to_contain_text("Rp 1.786.176.000")
