"""The error workbook goes back to the village and comes back fixed: it imports like any other file."""

import io

import openpyxl

from lindung.imports import services, workbooks
from lindung.imports.models import ImportBatch
from lindung.imports.tests.conftest import CORPUS, dry_run_lines


def test_the_error_workbook_reimports_and_a_fixed_row_is_accepted(cast, tmp_path, truth):
    services.import_file(CORPUS / "desa_mangkurawang.xlsx", by=cast.operator_a)
    batch = ImportBatch.objects.get()
    book = openpyxl.load_workbook(io.BytesIO(workbooks.error_workbook(batch)))
    assert book.sheetnames == ["Petunjuk", "RT 01", "RT 02"]
    path = tmp_path / "perbaiki.xlsx"
    book.save(path)
    again = dry_run_lines(path, by=cast.operator_a)
    refused = [t for t in truth if t["file"] == "desa_mangkurawang.xlsx" and t["status"] == "invalid"]
    assert len(again) == len(refused)
    assert all(line["status"] == "invalid" for line in again), "an unfixed row is refused again"

    sheet = book["RT 01"]
    header = [c.value for c in sheet[1]]
    name_col, reason_col = header.index("Nama Lengkap"), len(header) - 1
    row = next(r for r in sheet.iter_rows(min_row=2) if "diawali =" in r[reason_col].value)
    row[name_col].value = "Nama Sudah Diperbaiki"
    book.save(path)
    fixed = next(line for line in dry_run_lines(path, by=cast.operator_a) if line["name"] == "Nama Sudah Diperbaiki")
    assert fixed["status"] == "valid" and fixed["village_code"] == "64.02.06.1010"
