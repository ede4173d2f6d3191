"""Done when (issue 9): the demo year from approval through batch, reply, invoice and payment; the person page then
shows each covered month.

Everything is clicked in Chromium; only the branch is played by the stand-ins (enrolment's
`FileStandIn` writes the reply, coverage's `StandInBranch` the kwitansi list), as it is in the demo.
"""

from datetime import date

import pytest
from playwright.sync_api import expect

from lindung.coverage.bpjs import StandInBranch, write_receipts
from lindung.coverage.models import Invoice
from lindung.demo.services import ensure_demo_programme, ensure_demo_users, generate_demo_people
from lindung.enrolment import exports
from lindung.enrolment.bpjs import FileStandIn
from lindung.enrolment.models import EnrolmentBatch, Membership, MembershipStatus
from lindung.programmes.models import ProgrammeYear

pytestmark = pytest.mark.browser


def enrol_through_the_pages(page, year, tmp_path):
    """Each funder's first batch approved and sent on the enrolment pages; the stand-in's reply uploaded."""
    for funder in year.funders.filter(allocations__isnull=False).distinct():
        page.goto(f"/kepesertaan/{year.year}/")
        page.get_by_role("link", name=funder.name).click()
        page.get_by_role("button", name="Setujui kiriman ini").click()
        expect(page.get_by_role("status")).to_contain_text("Kiriman 1 disetujui")
        page.get_by_role("button", name="Tandai terkirim ke BPJS").click()
        expect(page.locator("#batch-status")).to_have_text("Terkirim ke BPJS")
        batch = EnrolmentBatch.objects.get(funder=funder)
        sent, reply = tmp_path / f"kiriman-{funder.pk}.xlsx", tmp_path / f"balasan-{funder.pk}.xlsx"
        sent.write_bytes(exports.batch_xlsx(batch, exports.default_profile()))
        FileStandIn(seed=3).reply_to_batch(sent, reply)
        page.get_by_label("Berkas balasan BPJS").set_input_files(str(reply))
        page.get_by_role("button", name="Unggah balasan").click()
        expect(page.locator("#reply-counts")).to_contain_text("diterima")


def test_the_demo_year_from_approval_to_a_covered_person_page(page, cast, log_in, tmp_path):
    ensure_demo_users()  # first: the demo's verified people name the demo verifier
    generate_demo_people(300, seed=9, today=date(2026, 1, 5))
    ensure_demo_programme(today=date(2026, 1, 5))
    year = ProgrammeYear.objects.get()

    log_in(page, "admin")
    page.goto(f"/program/{year.year}/")
    page.get_by_label("Nomor SK Bupati").fill(f"500/12/DISTRANSNAKER/{year.year}")
    page.get_by_label("Tanggal SK").fill(f"02/01/{year.year}")
    page.get_by_role("button", name="Setujui dan kunci…").click()
    page.get_by_role("button", name="Ya, setujui dan kunci").click()
    expect(page.locator("#year-status")).to_have_text("Disetujui")

    year.refresh_from_db()
    enrol_through_the_pages(page, year, tmp_path)
    member = Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related("person", "funder").first()
    assert member is not None and member.kpj

    page.goto(f"/program/{year.year}/")
    page.get_by_role("link", name="Iuran dan perlindungan").click()
    page.get_by_label("Tagihan pertama untuk").select_option("12")
    page.get_by_role("button", name="Perbarui buku besar dan terbitkan tagihan pertama").click()
    expect(page.get_by_role("status")).to_contain_text("tagihan pertama diterbitkan")

    page.get_by_role("link", name=member.funder.name).click()
    invoice = Invoice.objects.get(funder=member.funder)
    card = page.locator(f"#tagihan-{invoice.pk}")
    card.get_by_label("Kode penetapan iuran").fill("000123456789")
    card.get_by_label("Tanggal tagihan").fill(f"{year.year}-01-06")
    card.get_by_role("button", name="Catat tagihan BPJS").click()
    expect(page.get_by_role("status")).to_contain_text(f"Tagihan BPJS untuk {invoice.number} dicatat")

    invoices = list(Invoice.objects.select_related("funder"))
    receipts = tmp_path / "kwitansi.xlsx"
    receipts.write_bytes(write_receipts(StandInBranch().receipts_for(invoices, received_on=date(year.year, 1, 10))))
    page.goto("/perlindungan/kwitansi/")
    page.get_by_label("Daftar kwitansi BPJS atau rekening koran (XLSX/CSV)").set_input_files(str(receipts))
    page.get_by_role("button", name="Unggah dan cocokkan").click()
    expect(page.locator(".job-done")).to_contain_text(f"{len(invoices)} pembayaran dicatat")
    page.get_by_role("link", name="Lihat hasil").click()
    expect(page.locator("table")).to_contain_text("Melunasi")

    page.goto(f"/pekerja/{member.person_id}/")
    timeline = page.locator("ol.timeline li")
    expect(timeline).to_have_count(12)
    for month in ("Januari", "Juni", "Desember"):
        cell = page.locator(f'li[data-month="{month} {year.year}"]')
        expect(cell).to_have_attribute("data-state", "paid")
        expect(cell).to_contain_text(f"KPJ {member.kpj}")
        expect(cell).to_contain_text(f"dibayar 10 Januari {year.year}")
    expect(page.locator(".coverage-now")).to_contain_text("terlindungi")
