"""Where people see costs, PP 50/2025 amounts agree: year page, funder form, sponsor pages, decree."""

import io
from datetime import date

import openpyxl
import pytest

from lindung.funding import exports
from lindung.funding.services import allocate_year, create_funder, funder_totals, link_sponsor
from lindung.programmes.services import create_year

PASSWORD = "sandi-uji-123"
FULL, CUT = 16_800, 8_400
FARMER_2026, OJEK_2026 = 3 * FULL + 9 * CUT, 12 * CUT


@pytest.fixture
def sponsored2026(cast, year_data, worker):
    year = create_year(year_data(year=2026, period_start=date(2026, 1, 1), months=12), by=cast.admin)
    worker(occupation="petani", name="Tani")
    worker(occupation="ojek", name="Ojek")
    csr = create_funder(
        year, {"kind": "csr", "name": "PT Tambang", "budget": FARMER_2026 + OJEK_2026, "rank": 1}, by=cast.admin
    )
    create_funder(year, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 12 * FULL}, by=cast.admin)
    allocate_year(year, by=cast.admin)
    link_sponsor(csr, cast.sponsor, by=cast.admin)
    return year, csr


def test_the_sponsor_sees_its_discounted_cost_and_why(client, sponsored2026):
    client.login(username="sponsor", password=PASSWORD)
    home = client.get("/pendanaan/").content.decode()
    assert "Rp 226.800" in home  # 126,000 for the farmer + 100,800 for the ojek driver
    assert "potongan iuran JKK+JKM 50% (PP 50/2025)" in home
    people = client.get(f"/pendanaan/dana/{sponsored2026[1].pk}/peserta/").content.decode()
    assert "Rp 126.000" in people and "Rp 100.800" in people and "PP 50/2025" in people


def test_a_sponsor_in_a_year_without_discount_is_not_told_about_it(client, cast, year2021, worker):
    worker()
    csr = create_funder(year2021, {"kind": "csr", "name": "PT Lama", "budget": 50_400}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    link_sponsor(csr, cast.sponsor, by=cast.admin)
    client.login(username="sponsor", password=PASSWORD)
    home = client.get("/pendanaan/").content.decode()
    assert "Rp 50.400" in home and "PP 50/2025" not in home


def test_the_year_page_states_both_windows_and_its_totals_match_the_rows(client, sponsored2026):
    year, _ = sponsored2026
    client.login(username="admin", password=PASSWORD)
    page = client.get("/program/2026/").content.decode()
    assert "ojek Januari 2026 – Desember 2026; pekerjaan lain April 2026 – Desember 2026" in page
    assert "Rp 226.800" in page
    totals = {t["funder"].name: t["amount"] for t in funder_totals(year)}
    assert totals == {"PT Tambang": FARMER_2026 + OJEK_2026, "APBD Kukar": 0}


def test_the_funder_form_explains_the_lower_minimum_for_sponsors(client, sponsored2026):
    client.login(username="admin", password=PASSWORD)
    page = client.get("/pendanaan/2026/baru/").content.decode()
    assert "Pagu APBD dan dana desa harus paling sedikit sebesar itu" in page
    assert "Potongan PP 50/2025" in page


def test_the_decree_shows_each_rows_prices_and_totals_its_amounts(sponsored2026):
    _, csr = sponsored2026
    content, count = exports.decree_xlsx(csr, full_nik=False)
    rows = [
        list(r) for r in openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True)
    ]
    assert count == 2
    assert any(r[0] and str(r[0]).startswith("Dengan potongan PP 50/2025: Rp 8.400 per bulan") for r in rows)
    lines = {r[2]: r for r in rows if isinstance(r[0], int)}
    assert (lines["Tani"][7], lines["Tani"][8]) == ("Rp 8.400–16.800", FARMER_2026)
    assert (lines["Ojek"][7], lines["Ojek"][8]) == (CUT, OJEK_2026)
    total = next(r for r in rows if r[2] and str(r[2]).startswith("JUMLAH SELURUHNYA"))
    assert total[8] == FARMER_2026 + OJEK_2026
    pdf, _ = exports.decree_pdf(csr, full_nik=False)
    assert pdf.startswith(b"%PDF")
