import csv
import io
import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    # Uploaded files are stored under MEDIA_ROOT; a test's belong to the test.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def truth():
    return json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))


def corpus_file(name: str) -> Path:
    return CORPUS / name


def dry_run_lines(path, *, by, village_code=None) -> list[dict]:
    from lindung.imports import services

    out = io.StringIO()
    services.import_file(path, by=by, village_code=village_code, dry_run=True, out=out)
    out.seek(0)
    return list(csv.DictReader(out))


def write_xlsx(path, sheets: dict[str, list[list]]) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if hasattr(value, "year"):
                    ws.write_datetime(r, c, value, book.add_format({"num_format": "dd-mm-yyyy"}))
                elif value is not None and value != "":
                    ws.write(r, c, value)
    book.close()
    return path
