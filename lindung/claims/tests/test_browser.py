"""A death from the village to the heir's account, clicked through in the system Chromium."""

import re

import pytest
from playwright.sync_api import expect

from lindung.audit.models import AuditEntry
from lindung.claims.models import Claim, ClaimStatus, DocumentState
from lindung.enrolment.models import MembershipStatus
from lindung.people.models import Status

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n%%EOF\n"


def test_a_death_is_reported_checked_documented_recommended_and_paid(
    page, covered, cast, log_in, log_out, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    # The village operator reports the death, found through the registry's search.
    log_in(page, "operator_a")
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Klaim").click()
    page.get_by_role("link", name="+ Laporkan klaim").click()
    page.get_by_label("Nama atau NIK").fill("ahmad")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="Ahmad Fauzi").click()
    page.get_by_label("Jenis klaim").select_option("jkm")
    page.get_by_label("Tanggal peristiwa").fill("2023-05-15")
    page.get_by_label("Tempat peristiwa").fill("Sungai Mahakam, Tenggarong")
    page.get_by_label("Kronologi singkat").fill("Perahu terbalik saat menjala ikan.")
    page.get_by_role("button", name="Laporkan").click()
    expect(page.get_by_role("status")).to_contain_text("dilaporkan. Dinas akan memeriksanya.")
    expect(page.locator("#claim-status")).to_have_text("Dilaporkan")
    expect(page.locator("#entitlement")).to_have_text("Rp 42.000.000")
    expect(page.locator("#covered")).to_contain_text("Ya, sejak 1 Januari 2023")
    page.get_by_text("Tambah ahli waris").click()
    page.get_by_label("Nama ahli waris").fill("Siti Fauziah")
    page.get_by_label("Hubungan").select_option("spouse")
    page.get_by_label("Bank", exact=True).fill("Bankaltimtara")
    page.get_by_label("Nomor rekening").fill("0012345678")
    page.get_by_role("button", name="Simpan ahli waris").click()
    expect(page.get_by_role("status")).to_contain_text("Ahli waris ditambahkan")
    claim = Claim.objects.get()
    log_out(page)

    # The labour office checks it, attaches the documents and recommends it.
    log_in(page, "verifier")
    nav = page.get_by_role("navigation", name="Menu utama")
    nav.locator("summary", has_text="Santunan").click()
    nav.get_by_role("link", name="Klaim").click()
    page.get_by_role("link", name=f"#{claim.pk}").click()
    page.get_by_label("Layak: lanjutkan").check()
    page.get_by_role("button", name="Simpan pemeriksaan").click()
    expect(page.locator("#claim-status")).to_have_text("Diperiksa Dinas: layak")
    page.get_by_role("button", name="Rekomendasikan ke BPJS").click()
    expect(page.get_by_role("alert")).to_contain_text("Berkas belum lengkap")
    for doc in claim.documents.filter(state=DocumentState.MISSING):
        page.locator("#upload_kind").select_option(doc.kind)
        page.get_by_label("Berkas (PDF, JPEG atau PNG)").set_input_files(
            {"name": f"{doc.kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.get_by_role("button", name="Unggah").click()
        expect(page.get_by_role("status")).to_contain_text("Dokumen diunggah")
        expect(page.locator(f"#doc-{doc.kind}")).to_contain_text("Diterima")
    page.get_by_role("button", name="Rekomendasikan ke BPJS").click()
    expect(page.locator("#claim-status")).to_have_text("Direkomendasikan ke BPJS")

    # The heir submits at BPJS; the labour office records it, then BPJS's payment.
    page.get_by_label("Nomor tanda terima BPJS").fill("TT/JKM/2026/0042")
    page.get_by_role("button", name="Catat pengajuan ahli waris").click()
    expect(page.locator("#claim-status")).to_have_text("Diajukan ke BPJS")
    expect(page.get_by_text(re.compile(r"BPJS wajib membayar paling lambat"))).to_be_visible()
    page.get_by_label("Jumlah dibayar (Rp)").fill("42000001")
    page.get_by_role("button", name="Catat pembayaran").click()
    expect(page.get_by_role("alert")).to_contain_text("melebihi hak menurut aturan Rp 42.000.000")
    page.get_by_label("Jumlah dibayar (Rp)").fill("42000000")
    page.get_by_role("button", name="Catat pembayaran").click()
    expect(page.locator("#claim-status")).to_have_text("Dibayar BPJS")

    # The worker's page shows the claim and that the cover ended with the death.
    page.get_by_role("link", name="Ahmad Fauzi").first.click()
    expect(page.locator("#person-status")).to_have_text("Meninggal")
    claims_section = page.locator("section", has=page.get_by_role("heading", name="Klaim santunan"))
    expect(claims_section).to_contain_text("JKM (meninggal bukan karena kerja)")
    expect(claims_section).to_contain_text("Dibayar BPJS")
    expect(claims_section).to_contain_text("Rp 42.000.000")
    coverage = page.locator("#perlindungan")
    expect(coverage).to_contain_text(re.compile(r"Bulan iuran diakui\s*5 bulan"))
    # May 2023, the month of the death, stays covered; June on is ended.
    expect(coverage.locator("li[data-state=ended]")).to_have_count(7)
    expect(coverage.locator("li[data-state=ended]").first).to_contain_text("Kepesertaan berakhir")

    claim.refresh_from_db()
    assert (claim.status, claim.paid_amount) == (ClaimStatus.PAID, 42_000_000)
    covered.refresh_from_db()
    assert covered.status == Status.DECEASED
    assert covered.memberships.get().status == MembershipStatus.ENDED
    assert AuditEntry.objects.filter(action="claims.document.uploaded", target_id=str(claim.pk)).count() == 7
