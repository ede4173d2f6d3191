"""Hostile workbooks: how fast and with how much memory a file that claims a huge grid is refused.

    python -m benchmarks.hostile

Prints seconds and extra peak memory (ru_maxrss) for a 2 KB .xlsx with one cell at GR1048576,
with and without its <dimension>; for tiny .ods files that repeat a filled row 400,000 times,
put one cell a million blank rows down, repeat a cell 16,000 columns wide or spread the grid
over eight sheets; for small .xls files with a cell at CV65536 behind a DIMENSIONS record that
says A1:B2, eight sheets with a far cell each, and two billion claimed shared strings; and for
legitimate 52,000 x 14 sheets (.xlsx, .ods) read to the end. Target for every bomb: refused
in <= 1 s with <= 100 MB extra. The bombs run first, since the peak only grows.
Asserts nothing about time.
"""

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")


def _peak_mb() -> float:
    # VmHWM is this process image's own peak; ru_maxrss would start at the RSS of the parent that forked it.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    import xlsxwriter

    from lindung.testing import hostile_files as H

    folder = Path(tempfile.mkdtemp(prefix="lindung-hostile-"))
    bomb = folder / "bom.xlsx"
    book = xlsxwriter.Workbook(str(bomb))
    book.add_worksheet("Data").write(1048575, 199, "x")
    book.close()
    bare = folder / "bom-tanpa-dimensi.xlsx"
    with zipfile.ZipFile(bomb) as src, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            dst.writestr(info.filename, data)
    bombs = [
        H.ods_rows_bomb(folder / "bom-baris.ods"),
        H.ods_far_cell(folder / "bom-sel-jauh.ods"),
        H.ods_wide(folder / "bom-lebar.ods"),
        H.ods_many_sheets(folder / "bom-8-lembar.ods"),
        H.ods_entities(folder / "bom-entitas.ods"),
        H.xls_far_cell(folder / "bom-sel-jauh.xls"),
        H.xls_wide(folder / "bom-lebar.xls"),
        H.xls_many_sheets(folder / "bom-8-lembar.xls"),
        H.xls_shared_strings(folder / "bom-teks.xls"),
    ]
    legit_ods = H.ods(
        folder / "desa.ods",
        {"Data": "".join(
            H.row(H.text_cell(f"64020612058{r:05d}"), H.text_cell(f"Pekerja {r}"), H.text_cell("L"),
                  H.text_cell("Tenggarong"), H.text_cell("12-05-1980"), H.text_cell("x", repeat=9))
            for r in range(52_000)
        ) + H.row(H.empty_cells(1024), repeat=1_048_576 - 52_000)},
    )  # fmt: skip
    legit = folder / "desa.xlsx"
    book = xlsxwriter.Workbook(str(legit), {"constant_memory": True})
    sheet = book.add_worksheet("Data")
    for r in range(52_000):
        sheet.write_row(r, 0, [f"64020612058{r:05d}", f"Pekerja {r}", "L", "Tenggarong", "12-05-1980"] + ["x"] * 9)
    book.close()
    for path in (bomb, bare, *bombs, legit, legit_ods):
        # Each file in a fresh process: the peak of this one holds the files it built.
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.hostile", "--one", str(path)], capture_output=True, text=True, check=True
        )
        print(f"{path.name:<26} {path.stat().st_size:>10,} B  {done.stdout.strip()}")
    shutil.rmtree(folder)


def one(path: Path) -> None:
    """Open one file to the end of its rows; print the outcome, seconds and the peak above the start."""
    from lindung.lib.sheets import SheetError, open_workbook

    before, started = _peak_mb(), time.perf_counter()
    try:
        rows = sum(1 for s in open_workbook(path).sheets for _ in s.rows)
        outcome = f"dibaca, {rows:,} baris"
    except SheetError as exc:
        outcome = f"ditolak ({exc.code})"
    print(f"{outcome:<32} {time.perf_counter() - started:6.3f} s  +{_peak_mb() - before:5.0f} MB puncak")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        one(Path(sys.argv[2]))
    else:
        main()
