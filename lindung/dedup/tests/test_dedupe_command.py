"""`lindung dedupe` works on a plain file: these tests have no database (pytest-django blocks it)."""

import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lindung.lib.linkage_bench import COLUMNS

ROWS = [
    [
        "A1",
        "desa",
        "6402061205800001",
        "6402061203150001",
        "Muhammad Rizki",
        "L",
        "Tenggarong",
        "12-05-1980",
        "6402061010",
        "Mangkurawang",
        "Tenggarong",
        "005",
        "Jl. Mangkurawang",
        "081234560001",
        "petani",
    ],
    [
        "A2",
        "kecamatan",
        "6402061205800007",
        "6402061203150001",
        "M. RIZKY",
        "L",
        "",
        "12-05-1980",
        "64.02.06.2012",
        "",
        "",
        "",
        "",
        "081234560001",
        "",
    ],
    ["A3", "desa", "6402064203750002", "", "Siti Aminah", "P", "", "02-03-1975", "6402021001", "", "", "", "", "", ""],
    ["A4", "desa", "", "", "", "", "", "", "", "", "", "", "", "", ""],
]


def _write(path, rows, header=COLUMNS):
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def test_dedupe_writes_a_cluster_for_every_record(tmp_path, capsys):
    source, out = tmp_path / "desa.csv", tmp_path / "klaster.csv"
    _write(source, ROWS)
    call_command("dedupe", str(source), "--out", str(out))
    with out.open(encoding="utf-8") as fh:
        result = list(csv.DictReader(fh))
    assert [r["record_id"] for r in result] == ["A1", "A2", "A3", "A4"]
    cluster = {r["record_id"]: r["cluster_id"] for r in result}
    assert cluster["A1"] == cluster["A2"]
    assert len({cluster["A1"], cluster["A3"], cluster["A4"]}) == 3
    assert "Selesai: 4 baris, 3 orang" in capsys.readouterr().err


def test_dedupe_names_the_missing_columns(tmp_path):
    source = tmp_path / "desa.csv"
    _write(source, [], header=["record_id", "nik", "nama"])
    with pytest.raises(CommandError, match="no_kk"):
        call_command("dedupe", str(source), "--out", str(tmp_path / "x.csv"))
