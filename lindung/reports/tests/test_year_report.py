import io
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from conftest import VILLAGE_A, VILLAGE_B
from lindung.enrolment.models import Membership, MembershipStatus
from lindung.funding.services import allocate_year, create_funder
from lindung.reports import paritrana, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(cast, year2021, worker):
    people = [worker(village_code=VILLAGE_A) for _ in range(3)] + [
        worker(village_code=VILLAGE_B, occupation="kepala_desa")
    ]
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 4 * 50_400}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    for p in people[:2]:
        Membership.objects.create(
            programme_year=year2021, person=p, funder=apbd, months_mask=0b111, status=MembershipStatus.ACTIVE
        )
    services.record_milestone(
        kind="regulation", on=date(2021, 10, 1), title="PKS dengan BPJS Ketenagakerjaan", by=cast.admin
    )
    return year2021


def _section(report, prefix):
    return next(s for s in report.sections if s.title.startswith(prefix))


def test_report_sections_carry_the_hand_counted_figures(cast, year):
    report = paritrana.build(year, user=cast.admin)
    summary = dict(_section(report, "1.").rows)
    assert summary["Didanai tahun ini"] == 4
    assert summary["Peserta aktif BPJS Ketenagakerjaan"] == 2
    funders = _section(report, "4.").rows
    assert funders[0][:6] == ["APBD Kukar", "APBD kabupaten", "SG", 3, 1, 4]  # the village head counts as PU
    absorption = _section(report, "5.").rows[0]
    assert absorption[:3] == ["APBD Kukar", 4 * 50_400, 4 * 50_400]
    growth = _section(report, "3.").rows
    assert growth == [["2021", 4, 2, 4 * 50_400, None]]
    assert _section(report, "8.").rows[0][2] == "PKS dengan BPJS Ketenagakerjaan"
    assert _section(report, "7.").rows[-1][:2] == ["Jumlah", 0]
    assert _section(report, "6.").rows[-1][0] == "Jumlah"


def test_xlsx_and_pdf_hold_the_same_numbers(cast, year):
    report = paritrana.build(year, user=cast.admin)
    sheet = openpyxl.load_workbook(io.BytesIO(paritrana.to_xlsx(report))).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "APBD Kukar" in values and 201_600 in values
    pages = PdfReader(io.BytesIO(paritrana.to_pdf(report))).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Rp 201.600" in text
    assert "Halaman 1 dari" in text
    assert "PKS dengan BPJS Ketenagakerjaan" in text


def test_the_button_serves_both_files_to_office_roles_only(client, cast, year):
    client.force_login(cast.finance)
    pdf = client.get(reverse("reports:year-report-pdf", args=[2021]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("reports:year-report-xlsx", args=[2021])).status_code == 200
    for user in (cast.operator_a, cast.verifier, cast.sponsor):
        client.force_login(user)
        assert client.get(reverse("reports:year-report-pdf", args=[2021])).status_code == 403


def test_the_command_writes_the_report(cast, year, tmp_path):
    out = tmp_path / "laporan.xlsx"
    call_command("report_year", "2021", "--out", str(out), "--user", "admin")
    assert openpyxl.load_workbook(out).active["A1"].value.startswith("Laporan perlindungan")
