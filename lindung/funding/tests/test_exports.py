import io

import openpyxl

from conftest import VILLAGE_A, VILLAGE_A2, VILLAGE_B
from lindung.funding import exports
from lindung.funding.models import Realisation
from lindung.funding.services import allocate_year, budget_sheet, create_funder


def setup_year(cast, year, worker):
    worker(village_code=VILLAGE_A, name="Budi")
    worker(village_code=VILLAGE_A, name="Ani")
    worker(village_code=VILLAGE_A2, name="Citra")
    worker(village_code=VILLAGE_B, name="Dodi")
    funder = create_funder(year, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 10 * 50_400}, by=cast.admin)
    allocate_year(year, by=cast.admin)
    return funder


def cells(content: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_the_decree_workbook_is_numbered_grouped_totalled_and_spelled(cast, year2021, worker):
    funder = setup_year(cast, year2021, worker)
    content, count = exports.decree_xlsx(funder, full_nik=True)
    rows = cells(content)
    assert count == 4
    assert rows[0][0] == "LAMPIRAN KEPUTUSAN BUPATI KUTAI KARTANEGARA"
    assert rows[4][0] == "KONSEP — belum disetujui, bukan lampiran SK yang berlaku"
    numbered = [r for r in rows if isinstance(r[0], int)]
    assert [r[0] for r in numbered] == [1, 2, 3, 4]
    # Loa Kulu (64.02.02) before Tenggarong (64.02.06); within a village by name.
    assert [r[2] for r in numbered] == ["Dodi", "Ani", "Budi", "Citra"]
    assert numbered[0][5] == "10/2021–12/2021"
    assert numbered[0][8] == 50_400
    headings = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("Kecamatan")]
    assert headings == ["Kecamatan Loa Kulu", "Kecamatan Tenggarong"]
    total = next(r for r in rows if r[2] and str(r[2]).startswith("JUMLAH SELURUHNYA"))
    assert total[2] == "JUMLAH SELURUHNYA" and total[3] == 4 and total[8] == 201_600
    words = next(r for r in rows if r[2] and str(r[2]).startswith("Terbilang"))
    assert words[2] == "Terbilang: dua ratus satu ribu enam ratus rupiah"
    assert len(numbered[0][1]) == 16 and "*" not in numbered[0][1]


def test_the_decree_can_hide_niks(cast, year2021, worker):
    funder = setup_year(cast, year2021, worker)
    rows = [r for r in cells(exports.decree_xlsx(funder, full_nik=False)[0]) if isinstance(r[0], int)]
    assert all("********" in r[1] for r in rows)


def test_the_decree_pdf_is_a_pdf_with_every_person(cast, year2021, worker):
    funder = setup_year(cast, year2021, worker)
    content, count = exports.decree_pdf(funder, full_nik=True)
    assert content.startswith(b"%PDF") and count == 4


def test_the_budget_sheet_shows_pagu_committed_realised_and_remaining(cast, year2021, worker):
    funder = setup_year(cast, year2021, worker)
    Realisation.objects.create(funder=funder, month=1, amount=4 * 16_800)  # as coverage's payments write it
    sheet = budget_sheet(year2021)[0]
    first, last = sheet["rows"][0], sheet["rows"][-1]
    assert (first["people"], first["committed"], first["realised"]) == (4, 67_200, 67_200)
    assert first["remaining"] == 504_000 - 67_200
    assert last["committed_total"] == 201_600 and last["realised_total"] == 67_200
    assert sheet["uncommitted"] == 504_000 - 201_600
    content = exports.budget_sheet_xlsx(year2021, [sheet])
    assert cells(content)[3][:4] == ["APBD Kukar", "Oktober 2021", 4, 504_000]
