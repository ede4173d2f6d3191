"""A two-row header ("Kelahiran" over Tempat | Tanggal, "Alamat" over RT | RW) maps every sub-column."""

import csv
import zipfile
from datetime import date
from xml.sax.saxutils import escape

import pytest
import xlsxwriter

from lindung.imports import services
from lindung.imports.tests.conftest import dry_run_lines

VILLAGE = "64.02.06.1010"
NIK = "6402061604880001"  # born 16-04-1988, a man
UPPER = ["No", "NIK", "Nama", "Kelahiran", None, "Alamat", None, "L/P", "Pekerjaan"]
LOWER = [None, None, None, "Tempat", "Tanggal", "RT", "RW", None, None]
PERSON = [1, NIK, "Muhammad Baso Syam", "Balikpapan", "16-04-1988", "003", "002", "L", "Guru Ngaji"]
EXPECTED = ["", "nik", "name", "birth_place", "birth_date", "rt", "rw", "sex", "occupation"]


def _xlsx(path):
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = book.add_worksheet("Data")
    for col, label in enumerate(UPPER):
        if label in ("Kelahiran", "Alamat"):
            ws.merge_range(0, col, 0, col + 1, label)
        elif label is not None:
            ws.merge_range(0, col, 1, col, label)
    for col, label in enumerate(LOWER):
        if label:
            ws.write_string(1, col, label)
    for col, value in enumerate(PERSON):
        ws.write(2, col, value)
    book.close()


def _ods(path):
    def cell(value, span=1, rows=1):
        attrs = ""
        if span > 1 or rows > 1:
            attrs = f' table:number-columns-spanned="{span}" table:number-rows-spanned="{rows}"'
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int):
            attrs += f' office:value-type="float" office:value="{value}"'
        else:
            attrs += ' office:value-type="string"'
        return f"<table:table-cell{attrs}><text:p>{escape(str(value))}</text:p></table:table-cell>"

    upper = []
    for label in UPPER:
        if label in ("Kelahiran", "Alamat"):
            upper.append(cell(label, span=2))
        elif label is None:
            upper.append("<table:covered-table-cell/>")
        else:
            upper.append(cell(label, rows=2))
    lower = ["<table:covered-table-cell/>" if UPPER[c] not in (None, "Kelahiran", "Alamat") else cell(v)
             for c, v in enumerate(LOWER)]  # fmt: skip
    rows = ["".join(upper), "".join(lower), "".join(cell(v) for v in PERSON)]
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Data">'
        + "".join(f"<table:table-row>{r}</table:table-row>" for r in rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)


def _csv(path):
    # An office suite saves a merged cell as its text in the first column and nothing in the next.
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(
            [["" if v is None else v for v in UPPER], ["" if v is None else v for v in LOWER], PERSON]
        )


@pytest.mark.parametrize("suffix,write", [("xlsx", _xlsx), ("ods", _ods), ("csv", _csv)])
def test_kelahiran_over_tempat_and_tanggal_maps_birth_place_and_birth_date(cast, tmp_path, suffix, write):
    path = tmp_path / f"daftar.{suffix}"
    write(path)
    _, tables, _ = services.read_structure(path, filename=path.name)
    assert tables[0]["fields"] == EXPECTED
    ctx = services.Context.load(by=cast.admin, default_village=VILLAGE)
    [row] = services.iter_file_rows(path, tables, services.guessed_mapping(tables), ctx, filename=path.name)
    assert row.raw["birth_place"] == "Balikpapan"
    assert row.raw["birth_date"] == date(1988, 4, 16)
    assert (row.raw["rt"], row.raw["rw"]) == ("003", "002")
    [line] = dry_run_lines(path, by=cast.admin, village_code=VILLAGE)
    assert (line["status"], line["errors"], line["birth_date"], line["sex"]) == ("valid", "", "1988-04-16", "L")
