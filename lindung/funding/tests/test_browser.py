"""The budget path in the system Chromium: set up a year, add a funder, allocate, approve, download the decree."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser



def test_admin_sets_up_a_year_funds_it_approves_and_downloads_the_decree(page, cast, worker, log_in):
    siti = worker(name="Siti Aminah")
    worker(name="Bambang Sutrisno")
    log_in(page, "admin")

    page.goto("/program/")
    page.get_by_role("link", name="+ Tahun program baru").click()
    expect(page.get_by_role("heading", name="Tahun program baru")).to_be_visible()
    page.get_by_label("Tahun anggaran").fill("2021")
    page.get_by_label("Bulan pertama").select_option(label="Oktober")
    page.get_by_label("Jumlah bulan").fill("3")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Tahun program 2021 dibuat")
    expect(page.locator("#monthly-cost")).to_have_text("Rp 16.800")

    page.get_by_role("link", name="+ Tambah penyandang dana").click()
    page.get_by_label("Jenis penyandang dana").select_option("apbd_kab")
    page.locator("#id_name").fill("APBD Kutai Kartanegara")
    page.get_by_label("Pagu (Rp)").fill("1000")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("kurang dari biaya satu pekerja selama 3 bulan (Rp 50.400")
    page.get_by_label("Pagu (Rp)").fill("1786176000")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#funders")).to_contain_text("APBD Kutai Kartanegara")

    page.get_by_role("button", name="Jalankan alokasi").click()
    expect(page.get_by_role("status").first).to_contain_text("2 dari 2 pekerja layak didanai")
    expect(page.locator("#allocation-result")).to_contain_text("6 orang-bulan, Rp 100.800")

    page.get_by_label("Nomor SK Bupati").fill("500/77/DISTRANSNAKER/2021")
    page.get_by_role("button", name="Setujui dan kunci").click()
    expect(page.locator("#year-status")).to_have_text("Disetujui")
    expect(page.get_by_role("button", name="Jalankan alokasi")).to_have_count(0)

    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX").click()
    download = info.value
    assert download.suggested_filename == "lampiran-sk-2021-apbd-kutai-kartanegara.xlsx"
    with open(download.path(), "rb") as fh:
        rows = list(openpyxl.load_workbook(io.BytesIO(fh.read())).active.iter_rows(values_only=True))
    assert rows[1][0] == "NOMOR: 500/77/DISTRANSNAKER/2021"
    assert [r[2] for r in rows if isinstance(r[0], int)] == ["Bambang Sutrisno", "Siti Aminah"]
    assert any(r[2] == "Terbilang: seratus ribu delapan ratus rupiah" for r in rows)

    page.get_by_role("link", name="Amandemen per orang", exact=True).click()
    end = page.locator("#end-cover")
    end.get_by_label("NIK pekerja").fill(siti.nik)
    end.get_by_label("Berakhir mulai bulan").select_option(label="ke-3 · Desember 2021")
    end.get_by_label("Alasan").select_option(label="Meninggal dunia")
    end.get_by_role("button", name="Akhiri kepesertaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Amandemen 1 dicatat. Kepesertaan Siti Aminah")
    expect(page.locator("#person-cover")).to_contain_text("Didanai 2 bulan oleh APBD Kutai Kartanegara")


def test_the_simulator_works_on_a_phone(page, cast, log_in):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "finance")
    page.goto("/program/simulasi/")
    expect(page.locator("#example-total")).to_have_text("= Rp 1.786.176.000")
    page.get_by_label("Jumlah pekerja").fill("52000")
    page.get_by_label("Jumlah bulan").fill("12")
    page.get_by_label("Anggaran tersedia (Rp), pilihan").fill("18000000000")
    page.get_by_role("button", name="Hitung").click()
    expect(page.locator("#sim-total")).to_have_text("Rp 10.483.200.000")
    expect(page.locator("#sim-capacity")).to_contain_text("89.285 pekerja")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
