"""The import a village operator clicks through, in the system Chromium."""

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from conftest import nik_for
from lindung.imports.tests.conftest import write_xlsx
from lindung.people.models import Person

pytestmark = pytest.mark.browser


def _messy_workbook(path):
    # "Usaha" is not a wording the guesser knows: the operator maps it to Pekerjaan.
    header = ["No", "NIK", "Nama Lengkap", "L/P", "Tgl Lahir", "Usaha", "No HP"]
    good = [
        [i, nik_for("640206", date(1980 + i, 5, 12), "L", i), name, "L", f"12-05-{1980 + i}", "Petani", ""]
        for i, name in enumerate(["Ahmad Fauzi", "Budi Santoso", "Rudi Hartono"], start=1)
    ]
    damaged = [4, 6402061205840000, "Joko Susilo", "L", "12-05-1984", "Nelayan", ""]
    formula = [5, nik_for("640206", date(1985, 5, 12), "L", 5), '=HYPERLINK("x")', "L", "12/05/85", "Ojek", ""]
    rows = [["DAFTAR PEKERJA RENTAN DESA MANGKURAWANG"], ["KECAMATAN TENGGARONG"], [], header, *good, damaged,
            formula, ["JUMLAH"]]  # fmt: skip
    return write_xlsx(path, {"RT 03": rows})


def test_operator_uploads_corrects_a_column_commits_and_downloads_the_rows_to_fix(page, cast, log_in, tmp_path):
    log_in(page, "operator_a")
    page.goto("/impor/")
    expect(page.get_by_role("heading", name="Impor spreadsheet dari desa")).to_be_visible()
    page.get_by_label("Berkas daftar pekerja").set_input_files(str(_messy_workbook(tmp_path / "rt03.xlsx")))
    page.get_by_role("button", name="Unggah dan periksa kolom").click()

    expect(page.get_by_role("heading", name="2. Periksa arti setiap kolom")).to_be_visible()
    expect(page.get_by_label("NIK", exact=True)).to_have_value("nik")
    expect(page.get_by_label("Usaha")).to_have_value("")
    page.get_by_label("Usaha").select_option("occupation")
    page.get_by_role("button", name="Periksa semua baris").click()

    expect(page.locator("#count-valid")).to_have_text("3")
    expect(page.locator("#count-invalid")).to_have_text("2")
    problems = page.locator("#problems")
    expect(problems).to_contain_text("Format kolom NIK sebagai Teks")
    expect(problems).to_contain_text("Nama tidak boleh diawali =")
    assert Person.objects.count() == 0

    page.get_by_role("button", name="Simpan 3 baris yang valid ke registri").click()
    expect(page.locator("#commit-result")).to_contain_text("3 pekerja ditambahkan")
    assert set(Person.objects.values_list("occupation", flat=True)) == {"petani"}

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh baris yang ditolak (XLSX)").click()
    # The download is saved without an extension, which openpyxl refuses by name.
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book["RT 03"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == ["Joko Susilo", '=HYPERLINK("x")']
    assert "Format kolom NIK sebagai Teks" in rows[0][-1]
