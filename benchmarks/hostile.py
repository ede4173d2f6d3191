"""Hostile workbooks: how fast and with how much memory a file that claims a huge grid is refused.

    python -m benchmarks.hostile

Prints seconds and extra peak memory (ru_maxrss) for a 2 KB .xlsx with one cell at GR1048576,
with and without its <dimension>, and for a legitimate 52,000 x 14 sheet read to the end.
Asserts nothing about time.
"""

import os
import re
import resource
import tempfile
import time
import zipfile
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    import xlsxwriter

    from lindung.lib.sheets import SheetError, open_workbook

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
    legit = folder / "desa.xlsx"
    book = xlsxwriter.Workbook(str(legit), {"constant_memory": True})
    sheet = book.add_worksheet("Data")
    for r in range(52_000):
        sheet.write_row(r, 0, [f"64020612058{r:05d}", f"Pekerja {r}", "L", "Tenggarong", "12-05-1980"] + ["x"] * 9)
    book.close()
    for path in (bomb, bare, legit):
        before, started = _peak_mb(), time.perf_counter()
        try:
            rows = sum(1 for s in open_workbook(path).sheets for _ in s.rows)
            outcome = f"dibaca, {rows:,} baris"
        except SheetError as exc:
            outcome = f"ditolak ({exc.code})"
        print(
            f"{path.name:<26} {path.stat().st_size:>10,} B  {outcome:<30} {time.perf_counter() - started:6.3f} s  "
            f"+{_peak_mb() - before:5.0f} MB puncak"
        )


if __name__ == "__main__":
    main()
