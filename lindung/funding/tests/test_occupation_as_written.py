"""The decree list and the sponsor's page show the occupation as the list wrote it beside its category."""

import io

import openpyxl

from lindung.funding import exports
from lindung.funding.services import allocate_year, create_funder


def _funded(cast, year, worker):
    worker(name="Budi", occupation="imam_marbot", occupation_written="Imam Masjid")
    worker(name="Ani", occupation="lainnya", occupation_other="Penjual jamu", occupation_written="Penjual jamu")
    worker(name="Citra", occupation="petani", occupation_written="PETANI")
    funder = create_funder(year, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 10 * 50_400}, by=cast.admin)
    allocate_year(year, by=cast.admin)
    return funder


def test_the_decree_workbook_shows_the_words_of_the_list_beside_the_category(cast, year2021, worker):
    funder = _funded(cast, year2021, worker)
    content, _ = exports.decree_xlsx(funder, full_nik=False)
    rows = list(openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    shown = {r[2]: r[4] for r in rows if isinstance(r[0], int)}
    assert shown == {
        "Budi": "Imam Masjid (Imam/marbot masjid)",
        "Ani": "Penjual jamu (Lainnya)",
        "Citra": "Petani",  # the same words as the category are said once
    }


def test_the_decree_pdf_fits_the_longer_text_in_its_column(cast, year2021, worker):
    funder = _funded(cast, year2021, worker)
    content, count = exports.decree_pdf(funder, full_nik=False)
    assert content.startswith(b"%PDF") and count == 3
