"""The template comes back clean: a filled-in template imports without a refusal."""

import io
from datetime import date

import openpyxl

from conftest import VILLAGE_A, nik_for
from lindung.imports import workbooks
from lindung.imports.tests.conftest import dry_run_lines


def test_a_filled_template_imports_every_row(cast, tmp_path):
    content = workbooks.template_workbook([(VILLAGE_A, "Mangkurawang", "Tenggarong")], today=date(2026, 11, 24))
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Daftar Pekerja"]
    sheet.append([1, nik_for("640206", date(1980, 5, 12), "L", 1), "Ahmad Fauzi", "L", "Tenggarong",
                  date(1980, 5, 12), "Mangkurawang", "Tenggarong", "5", "", "Jl. Pesut", "081234567890",
                  "Buruh harian lepas", ""])  # fmt: skip
    siti = nik_for("640206", date(1985, 3, 2), "P", 2)
    sheet.append([2, siti, "Siti Aminah", "P", "Tenggarong", date(1985, 3, 2), "Mangkurawang", "Tenggarong",
                  "", "", "", "", "Imam/marbot masjid", ""])  # fmt: skip
    path = tmp_path / "templat.xlsx"
    book.save(path)
    lines = dry_run_lines(path, by=cast.operator_a)
    assert [(line["status"], line["occupation_category"]) for line in lines] == [
        ("valid", "buruh_harian_lepas"),
        ("valid", "imam_marbot"),
    ]
