"""The decree list says which version it is, counts its pages, signs off, and reads as Indonesians write."""

import io
import itertools
from datetime import date, datetime

import openpyxl

from conftest import VILLAGE_A
from lindung.funding import exports
from lindung.funding.amendments import end_cover
from lindung.funding.services import allocate_year, create_funder
from lindung.programmes.services import approve_year

PASSWORD = "sandi-uji-123"
SK = {"decree_number": "500/77/HK/2021", "decree_date": date(2021, 9, 20)}


class Recorder:
    """Stands in for a reportlab canvas and keeps every string drawn, page by page."""

    def __init__(self):
        self.pages = [[]]

    def showPage(self):
        self.pages.append([])

    def _keep(self, *args, **kwargs):
        self.pages[-1].extend(a for a in args if isinstance(a, str))

    drawString = drawRightString = drawCentredString = _keep

    def __getattr__(self, name):
        return lambda *args, **kwargs: None

    def text(self) -> str:
        return "\n".join("\n".join(page) for page in self.pages)


def funded(cast, year, worker, names=("Budi Santoso", "ani Lestari", "Agus Salim")):
    people = [worker(village_code=VILLAGE_A, name=n) for n in names]
    funder = create_funder(year, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 10 * 50_400}, by=cast.admin)
    allocate_year(year, by=cast.admin)
    year.refresh_from_db()
    return funder, people


def drawn(funder, *, total_pages=0) -> Recorder:
    recorder = Recorder()
    funder.programme_year.refresh_from_db()
    groups = exports.decree_groups(funder, full_nik=False)
    exports._draw_decree(recorder, funder, groups, total_pages=total_pages)
    return recorder


def test_names_sort_as_a_person_reads_them_not_capitals_first(cast, year2021, worker):
    funder, _ = funded(cast, year2021, worker)
    names = [line.name for d in exports.decree_groups(funder, full_nik=False) for v in d.villages for line in v.lines]
    assert names == ["Agus Salim", "ani Lestari", "Budi Santoso"]


def test_a_draft_carries_the_konsep_mark_on_every_page_and_counts_pages(cast, year2021, worker):
    funder, _ = funded(cast, year2021, worker)
    pages = exports._draw_decree(exports._Blank(), funder, exports.decree_groups(funder, full_nik=False), total_pages=0)
    text = drawn(funder, total_pages=pages).text()
    assert "KONSEP" in text and "KONSEP — belum disetujui, bukan lampiran SK yang berlaku" in text
    assert f"Halaman 1 dari {pages}" in text
    assert "Ditetapkan di ...................." in text and "BUPATI KUTAI KARTANEGARA," in text
    assert "Dicetak " in text and "WITA" in text


def test_the_approved_list_after_an_amendment_is_marked_with_its_number(cast, year2021, worker):
    funder, people = funded(cast, year2021, worker)
    approve_year(year2021, by=cast.admin, **SK)
    text = drawn(funder).text()
    assert "KONSEP" not in text
    assert "NOMOR: 500/77/HK/2021 TANGGAL 20 SEPTEMBER 2021" in text
    assert "pada tanggal 20 September 2021" in text
    end_cover(year2021, people[0], from_month=2, cause="meninggal", note="Akta kematian 12/2021", by=cast.admin)
    text = drawn(funder).text()
    assert "TELAH DIUBAH dengan Amandemen 1: keadaan sesudah amandemen 1" in text


def test_counts_in_the_pdf_have_dots_for_thousands(cast, year2021, worker):
    funder, _ = funded(cast, year2021, worker)
    line = exports.Line(
        "6402********0001", "Ani", "12/05/1980", date(1980, 5, 12), "Petani", "10/2021", 1, 16_800, 16_800
    )
    groups = [exports.District("64.02.06", "Tenggarong", [exports.Village(VILLAGE_A, "Loa Ipuh", [line] * 1_200)])]
    recorder = Recorder()
    pages = exports._draw_decree(recorder, funder, groups, total_pages=0)
    text = recorder.text()
    assert "JUMLAH SELURUHNYA: 1.200 orang" in text and "1.200" in text.split("\n")
    assert pages > 20 and "Halaman 21" in text


def test_the_workbook_keeps_dates_and_counts_as_numbers(cast, year2021, worker):
    funder, _ = funded(cast, year2021, worker)
    content, _ = exports.decree_xlsx(funder, full_nik=False)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    numbered = [r for r in rows if isinstance(r[0], int)]
    assert all(isinstance(r[3], datetime) for r in numbered)
    total = next(r for r in rows if r[2] == "JUMLAH SELURUHNYA")
    assert total[3] == 3


def test_masked_and_full_downloads_have_different_names(client, cast, year2021, worker):
    funder, _ = funded(cast, year2021, worker)
    client.login(username="admin", password=PASSWORD)
    full = client.get(f"/pendanaan/dana/{funder.pk}/sk.pdf")["Content-Disposition"]
    client.login(username="finance", password=PASSWORD)
    masked = client.get(f"/pendanaan/dana/{funder.pk}/sk.pdf")["Content-Disposition"]
    assert full.endswith('-konsep-nik-lengkap.pdf"') and masked.endswith('-konsep.pdf"')


def test_each_amendment_has_its_own_document(client, cast, year2021, worker):
    _, people = funded(cast, year2021, worker)
    approve_year(year2021, by=cast.admin, **SK)
    amendment = end_cover(
        year2021, people[0], from_month=2, cause="meninggal", note="Akta kematian 12/2021", by=cast.admin
    )
    client.login(username="finance", password=PASSWORD)
    response = client.get(f"/pendanaan/amandemen/{amendment.pk}.pdf")
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="amandemen-1-lampiran-sk-2021.pdf"'
    assert f"/pendanaan/amandemen/{amendment.pk}.pdf" in client.get("/program/2021/").content.decode()


class Positions(Recorder):
    """Also keeps where each left-aligned string starts, to measure the columns."""

    def __init__(self):
        super().__init__()
        self.at = []

    def drawString(self, x, y, text, *args, **kwargs):
        self.at.append((x, y, text))
        self._keep(text)


def test_no_column_runs_into_the_next_one(cast, year2021, worker):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    funder, _ = funded(cast, year2021, worker, names=("Muhammad Abdurrahman Wahid Saputra Wijaya",))
    canvas = Positions()
    exports._draw_decree(canvas, funder, exports.decree_groups(funder, full_nik=True), total_pages=1)
    [row] = [y for x, y, text in canvas.at if text == "Petani"]
    cells = sorted((x, text) for x, y, text in canvas.at if y == row)
    for (x, text), (next_x, _) in itertools.pairwise(cells):
        assert x + stringWidth(text, "Helvetica", 7.5) + 6 <= next_x, (text, x, next_x)


def test_an_amendment_document_is_for_the_office_only(client, cast, year2021, worker):
    _, people = funded(cast, year2021, worker)
    approve_year(year2021, by=cast.admin, **SK)
    amendment = end_cover(year2021, people[0], from_month=2, cause="meninggal", by=cast.admin)
    for who in ("operator_a", "sponsor"):
        client.force_login(getattr(cast, who))
        assert client.get(f"/pendanaan/amandemen/{amendment.pk}.pdf").status_code == 403
