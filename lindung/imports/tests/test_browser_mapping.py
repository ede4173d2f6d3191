"""The mapping page in the system Chromium: first values under each column, unmapped date/place/RT to decide."""

import os
from datetime import date

import pytest
from playwright.sync_api import expect

from lindung.imports.tests.conftest import write_xlsx

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("LINDUNG_SHOTS", "")


def test_operator_sees_the_values_and_must_decide_on_an_unmapped_date_column(page, cast, log_in, tmp_path):
    rows = [
        ["DAFTAR PEKERJA RENTAN DESA MANGKURAWANG KECAMATAN TENGGARONG"],
        [],
        ["No", "NIK", "Nama", "Lhr", "Kelahiran", None, "L/P", "Pekerjaan"],
        [None, None, None, None, "Tempat", "Tanggal", None, None],
        [1, "6402061604880001", "Muhammad Baso Syam", date(1988, 4, 16), "Samarinda", "16-04-1988", "L", "Guru Ngaji"],
        [2, "6402060111770001", "Rizki", date(1977, 11, 1), "Tenggarong", "01-11-1977", "L", "Tukang Pijat"],
        [3, "6402061502860001", "Irwansyah", date(1986, 2, 15), "Balikpapan", "15-02-1986", "L", "Pemulung"],
    ]
    path = write_xlsx(tmp_path / "daftar.xlsx", {"Data": rows})
    log_in(page, "operator_a")
    page.goto("/impor/")
    page.get_by_label("Berkas daftar pekerja").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa kolom").click()

    expect(page.get_by_role("heading", name="2. Periksa arti setiap kolom")).to_be_visible()
    expect(page.get_by_label("Kelahiran Tempat")).to_have_value("birth_place")
    expect(page.get_by_label("Kelahiran Tanggal")).to_have_value("birth_date")
    expect(page.locator("table.mapping")).to_contain_text("Irwansyah")
    # Birth date is mapped (Kelahiran Tanggal), so "Lhr" is not flagged: its dates are a second copy.
    expect(page.locator("tr.needs-choice")).to_have_count(0)
    page.get_by_label("Kelahiran Tanggal").select_option("")
    page.get_by_role("button", name="Periksa semua baris").click()
    expect(page.get_by_role("alert")).to_contain_text("“Lhr” tampak berisi tanggal lahir")
    flagged = page.locator("tr.needs-choice")
    expect(flagged).to_have_count(2)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/mapping.png", full_page=True)
    page.get_by_label("Lhr").select_option("birth_date")
    page.get_by_label("Kelahiran Tanggal").select_option("-")
    page.get_by_role("button", name="Periksa semua baris").click()
    expect(page.locator("#count-valid")).to_have_text("3")
