"""An import refuses a village outside the installation's regency as outside it, not as unknown."""

import csv

import pytest

from lindung.imports import services
from lindung.imports.reading import ImportRefused
from lindung.imports.tests.conftest import dry_run_lines

REGENCY = "di luar Kabupaten Kutai Kartanegara"


def _write(path, villages):
    rows = [["NIK", "Nama", "L/P", "Tgl Lahir", "Desa", "Pekerjaan"]]
    for i, village in enumerate(villages, start=1):
        rows.append([f"640206120580{i:04d}", f"Pekerja {chr(64 + i)}", "L", "12-05-1980", village, "Petani"])
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_a_village_code_or_name_of_another_regency_is_refused_as_outside_it(cast, tmp_path):
    path = _write(tmp_path / "daftar.csv", ["64.71.01.1001", "Manggar", "Antah Berantah", "64.02.06.1010"])
    lines = dry_run_lines(path, by=cast.admin)
    assert [line["errors"] for line in lines] == [
        "desa_luar_kabupaten",
        "desa_luar_kabupaten",
        "desa_tidak_dikenal",
        "",
    ]
    ctx = services.Context.load(by=cast.admin)
    with pytest.raises(Exception) as exc:
        ctx.villages.find("64.71.01.1001")
    assert REGENCY in str(exc.value.message)
    with pytest.raises(Exception) as exc:
        ctx.villages.find("Manggar")
    assert REGENCY in exc.value.message and "Balikpapan" in exc.value.message


def test_the_village_option_outside_the_regency_is_refused_naming_it(cast, tmp_path):
    path = _write(tmp_path / "daftar.csv", ["64.02.06.1010"])
    with pytest.raises(ImportRefused) as exc:
        services.import_file(path, by=cast.admin, village_code="64.71.01.1001", dry_run=True)
    assert exc.value.code == "desa_luar_kabupaten"
    assert REGENCY in exc.value.message and "Manggar" in exc.value.message
