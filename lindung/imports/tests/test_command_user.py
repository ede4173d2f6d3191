"""`lindung import`: --dry-run needs no --user (it writes nothing), a real import names its actor; what it left out."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from lindung.audit.models import AuditEntry
from lindung.imports.models import ImportBatch
from lindung.imports.tests.conftest import CORPUS
from lindung.people.models import Person


def test_a_dry_run_with_out_needs_no_user_and_writes_nothing(db, tmp_path, monkeypatch):
    monkeypatch.delenv("LINDUNG_CLI_USER", raising=False)
    out_csv = tmp_path / "hasil.csv"
    stdout = io.StringIO()
    call_command(
        "import", str(CORPUS / "excel_lama.csv"), "--dry-run", "--out", str(out_csv), stdout=stdout,
        stderr=io.StringIO(),
    )  # fmt: skip
    with out_csv.open(encoding="utf-8", newline="") as fh:
        lines = list(csv.DictReader(fh))
    assert len(lines) == 12
    assert sum(line["status"] != "invalid" for line in lines) == 11
    assert "Uji coba" in stdout.getvalue()
    assert (Person.objects.count(), ImportBatch.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


def test_an_import_that_writes_still_requires_a_user_even_with_a_superuser_around(cast, monkeypatch):
    monkeypatch.delenv("LINDUNG_CLI_USER", raising=False)
    get_user_model().objects.create_superuser("root", password="sandi-uji-123")
    with pytest.raises(CommandError) as exc:
        call_command("import", str(CORPUS / "excel_lama.csv"), stdout=io.StringIO(), stderr=io.StringIO())
    assert "--user" in str(exc.value)
    assert Person.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_the_command_line_says_which_date_place_or_rt_column_it_left_unmapped(db, tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_text(
        "NIK;Nama;Lhr;Pekerjaan\n6402061604880001;Muhammad Baso Syam;16-04-1988;Nelayan\n", encoding="utf-8"
    )
    err = io.StringIO()
    call_command("import", str(path), "--dry-run", "--village", "64.02.06.1010", stdout=io.StringIO(), stderr=err)
    assert "Kolom “Lhr” tampak berisi tanggal lahir, tetapi belum dipetakan" in err.getvalue()
