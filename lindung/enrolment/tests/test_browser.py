"""The batch path in the system Chromium: approve, send, upload the branch's reply, see the person's KPJ."""

import pytest
from playwright.sync_api import expect

from lindung.enrolment import exports
from lindung.enrolment.bpjs import FileStandIn
from lindung.enrolment.models import EnrolmentBatch

pytestmark = pytest.mark.browser


def test_admin_sends_a_batch_and_applies_the_reply(page, cast, approved, log_in, tmp_path):
    siti = approved["people"][0]
    log_in(page, "admin")
    page.goto(f"/program/{approved['year'].year}/")
    page.locator("main").get_by_role("link", name="Kepesertaan BPJS").click()
    page.get_by_role("link", name="APBD Kukar").click()
    page.get_by_role("button", name="Setujui kiriman ini").click()
    expect(page.get_by_role("status")).to_contain_text("Kiriman 1 disetujui")
    page.get_by_role("button", name="Tandai terkirim ke BPJS").click()
    expect(page.locator("#batch-status")).to_have_text("Terkirim ke BPJS")

    batch = EnrolmentBatch.objects.get()
    batch_file, reply_file = tmp_path / "kiriman.xlsx", tmp_path / "balasan.xlsx"
    batch_file.write_bytes(exports.batch_xlsx(batch, exports.default_profile()))
    FileStandIn(nik_problem_rate=0).reply_to_batch(batch_file, reply_file)
    page.get_by_label("Berkas balasan BPJS").set_input_files(str(reply_file))
    page.get_by_role("button", name="Unggah balasan").click()
    expect(page.locator("#reply-counts")).to_contain_text("3 diterima, 0 ditolak")

    page.goto(f"/pekerja/{siti.pk}/")
    expect(page.locator("#person-memberships")).to_contain_text("Aktif")
    expect(page.locator("#person-memberships")).to_contain_text(FileStandIn().kpj_for(siti.nik))
