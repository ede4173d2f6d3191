"""`lindung import`: the contract of its CSV, dry runs, and files it cannot read."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lindung.imports.models import ImportBatch, ImportRow
from lindung.imports.tests.conftest import CORPUS
from lindung.people.models import Person

COLUMNS = ["sheet", "source_row", "status", "nik", "name", "sex", "birth_date", "village_code", "phone", "occupation",
           "errors", "occupation_category"]  # fmt: skip


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_writes_the_csv_contract_and_nothing_to_the_database(cast, tmp_path):
    out_csv = tmp_path / "hasil.csv"
    stdout, stderr = _run(str(CORPUS / "desa_mangkurawang.xlsx"), "--dry-run", "--out", str(out_csv), "--user", "admin")
    with out_csv.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert next(reader) == COLUMNS
        lines = [dict(zip(COLUMNS, row, strict=True)) for row in reader]
    assert (Person.objects.count(), ImportBatch.objects.count(), ImportRow.objects.count()) == (0, 0, 0)
    first = lines[0]
    assert first["sheet"] == "RT 01" and first["source_row"] == "8" and first["status"] == "valid"
    assert len(first["nik"]) == 16 and first["village_code"] == "64.02.06.1010"
    assert first["birth_date"][4] == "-" and first["sex"] in ("L", "P")
    assert all(line["phone"] == "" or line["phone"].startswith("+62") for line in lines)
    damaged = next(line for line in lines if line["errors"] == "nik_notasi_ilmiah")
    assert damaged["status"] == "invalid" and damaged["nik"] == ""
    assert "Uji coba" in stdout and "Impor:" in stderr


def test_csv_rows_have_an_empty_sheet_and_record_numbers(cast, tmp_path):
    out_csv = tmp_path / "hasil.csv"
    _run(str(CORPUS / "kecamatan_tenggarong.csv"), "--dry-run", "--out", str(out_csv), "--user", "admin")
    with out_csv.open(encoding="utf-8", newline="") as fh:
        lines = list(csv.DictReader(fh))
    assert {line["sheet"] for line in lines} == {""}
    # Every record has a quoted two-line address, so record numbers are not line numbers.
    assert [int(line["source_row"]) for line in lines] == list(range(2, 32))


def test_import_without_dry_run_commits(cast):
    stdout, _ = _run(str(CORPUS / "excel_lama.csv"), "--user", "admin")
    assert "11 pekerja ditambahkan" in stdout
    assert Person.objects.count() == 11


def test_the_village_option_fills_rows_without_a_village(cast):
    _run(str(CORPUS / "tanpa_kolom_desa.xlsx"), "--village", "64.02.06.2012", "--user", "admin")
    assert set(Person.objects.values_list("village_id", flat=True)) == {"64.02.06.2012"}


@pytest.mark.parametrize(
    "content,message",
    [
        (b"%PDF-1.4 laporan", "PDF"),
        (b"", "kosong"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le"), "kata sandi"),
    ],
)
def test_an_unreadable_file_exits_non_zero_and_writes_nothing(cast, tmp_path, content, message):
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(content)
    out_csv = tmp_path / "hasil.csv"
    with pytest.raises(CommandError) as exc:
        _run(str(path), "--out", str(out_csv), "--user", "admin")
    assert message in str(exc.value)
    assert not out_csv.exists() and not (tmp_path / "hasil.csv.tmp").exists()
    assert ImportBatch.objects.count() == 0


def test_an_empty_workbook_is_refused(cast, tmp_path):
    import xlsxwriter

    path = tmp_path / "kosong.xlsx"
    xlsxwriter.Workbook(str(path)).close()
    with pytest.raises(CommandError) as exc:
        _run(str(path), "--user", "admin")
    assert "tidak berisi data" in str(exc.value)


def test_the_real_process_exits_non_zero(tmp_path):
    import os
    import subprocess
    import sys

    path = tmp_path / "foto.xlsx"
    path.write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    env = {**os.environ, "LINDUNG_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lindung"), "import", str(path), "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "JPEG" in done.stderr


def test_the_out_csv_gives_the_occupation_as_written_and_its_category(cast, tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_text(
        "NIK;Nama;L/P;Tgl Lahir;Desa;No HP;Pekerjaan\n"
        "6402061205800001;Ahmad Fauzi;L;12-05-1980;Mangkurawang;081234567890;Guru Ngaji\n",
        encoding="utf-8",
    )
    out = tmp_path / "hasil.csv"
    _run(str(path), "--dry-run", "--out", str(out), "--user", cast.admin.username)
    with out.open(encoding="utf-8") as fh:
        line = next(csv.DictReader(fh))
    assert line["occupation"] == "Guru Ngaji"
    assert line["occupation_category"] == "guru_ngaji"
