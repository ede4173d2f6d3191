"""An invoice freezes whom it bills: its member rows, their sum, and the rincian peserta download."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lindung.audit.models import AuditEntry
from lindung.coverage import billing, exports
from lindung.coverage.models import Invoice, InvoiceMember
from lindung.enrolment.models import Membership
from lindung.errors import DomainError
from lindung.funding.models import Funder, FunderUser
from lindung.lib.nik import mask_nik

MONTH = 16_800


def month_counts(invoice):
    rows = list(InvoiceMember.objects.filter(invoice=invoice))
    return [
        [
            sum(1 for r in rows if r.months_mask >> (m - 1) & 1),
            sum(r.amount // r.months for r in rows if r.months_mask >> (m - 1) & 1),
        ]
        for m in range(invoice.first_month, invoice.last_month + 1)
    ]


def test_an_invoice_equals_the_sum_of_its_member_rows(cast, enrolled, apbd, draft_year):
    _, (full, late, ended) = enrolled(3)
    Membership.objects.filter(pk=late.pk).update(months_mask=0b1111_1111_1110)  # from February
    Membership.objects.filter(pk=ended.pk).update(status="ended", ended_month=1)  # January only
    invoice = billing.issue_invoice(apbd, first_month=1, months=3, by=cast.finance, on=date(2023, 1, 2))

    rows = {r.membership_id: r for r in InvoiceMember.objects.filter(invoice=invoice)}
    assert {k: (r.months_mask, r.months, r.amount) for k, r in rows.items()} == {
        full.pk: (0b111, 3, 3 * MONTH),
        late.pk: (0b110, 2, 2 * MONTH),
        ended.pk: (0b001, 1, MONTH),
    }
    assert invoice.amount == sum(r.amount for r in rows.values()) == 6 * MONTH
    # Two people in each month, three different people over the quarter.
    assert invoice.month_amounts == month_counts(invoice) == [[2, 2 * MONTH]] * 3
    assert invoice.people == max(p for p, _ in month_counts(invoice)) == 2
    # The frozen rows say what the roster said: the same figures the ledger computes from it.
    assert billing.roster(draft_year, [apbd])[apbd.pk][:3] == invoice.month_amounts
    entry = AuditEntry.objects.get(action="coverage.invoice.issued", target_id=str(invoice.pk))
    assert entry.data["members"] == 3


def test_later_roster_changes_do_not_change_what_an_invoice_billed(cast, enrolled, apbd):
    from lindung.enrolment.services import record_death

    (_, dying), (kept, gone) = enrolled(2)
    march = billing.issue_invoice(apbd, first_month=1, months=3, by=cast.finance, on=date(2023, 1, 2))
    record_death(dying, died_on=date(2023, 2, 9), by=cast.admin, note="Akta kematian 3/2023")
    april = billing.issue_invoice(apbd, first_month=4, months=1, by=cast.finance, on=date(2023, 4, 1))

    frozen = InvoiceMember.objects.filter(invoice=march)
    assert sorted(frozen.values_list("membership_id", "months", "amount")) == sorted(
        [(kept.pk, 3, 3 * MONTH), (gone.pk, 3, 3 * MONTH)]
    )
    assert list(InvoiceMember.objects.filter(invoice=april).values_list("membership_id", flat=True)) == [kept.pk]
    assert (april.people, april.amount) == (1, MONTH)


def rincian(client, invoice, fmt):
    return client.get(reverse("coverage:invoice-members", kwargs={"pk": invoice.pk, "fmt": fmt}))


def test_the_rincian_peserta_lists_the_billed_people_formula_safe(client, cast, enrolled, apbd):
    (person,), (membership,) = enrolled()
    Membership.objects.filter(pk=membership.pk).update(kpj='=HYPERLINK("http://x","Klik")')
    invoice = billing.issue_invoice(apbd, first_month=1, months=3, by=cast.finance, on=date(2023, 1, 2))

    client.force_login(cast.finance)
    response = rincian(client, invoice, "csv")
    assert response.status_code == 200 and "rincian-peserta" in response["Content-Disposition"]
    header, line = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert header[:3] == ["No", "NIK", "Nama"] and header[-1] == "Iuran (Rp)"
    # Finance does not reveal NIKs; the KPJ typed into a reply file reaches the sheet as text.
    assert line[1] == mask_nik(person.nik) and line[2] == person.name
    assert line[5] == '\'=HYPERLINK("http://x","Klik")'
    assert line[6] == "Januari 2023 – Maret 2023" and line[7:] == ["3", str(3 * MONTH)]

    client.force_login(cast.auditor)
    response = rincian(client, invoice, "xlsx")
    assert response.status_code == 200 and "nik-lengkap" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == f"RINCIAN PESERTA TAGIHAN {invoice.number}"
    row = next(r for r in values if r[1] == person.nik)
    assert row[5].startswith("'=") and row[8] == 3 * MONTH
    assert values[-1][2] == "Jumlah" and values[-1][8] == invoice.amount
    exported = AuditEntry.objects.filter(action="coverage.invoice.members_exported", target_id=str(invoice.pk))
    assert [(e.actor_id, e.data["full_nik"]) for e in exported.order_by("id")] == [
        (cast.finance.pk, False),
        (cast.auditor.pk, True),
    ]


def test_a_sponsor_downloads_its_own_invoice_and_cannot_see_another_funders(
    client, cast, enrolled, apbd, draft_year, worker
):
    enrolled()
    other = Funder.objects.create(programme_year=draft_year, kind="csr", name="PT Lain", budget=1_000_000)
    theirs = worker(name="Budi Santoso")
    Membership.objects.create(
        programme_year=draft_year, person=theirs, funder=other, months_mask=0b111, status="active", kpj="23999"
    )
    ours = billing.issue_invoice(apbd, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    their_invoice = billing.issue_invoice(other, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    FunderUser.objects.create(funder=other, user=cast.sponsor)

    client.force_login(cast.sponsor)
    response = rincian(client, their_invoice, "csv")
    assert response.status_code == 200 and "Budi Santoso" in response.content.decode("utf-8-sig")
    assert theirs.nik not in response.content.decode("utf-8-sig")
    assert rincian(client, ours, "csv").status_code == 404
    assert rincian(client, ours, "xlsx").status_code == 404
    with pytest.raises(PermissionDenied):
        exports.export_invoice_members(ours, "csv", by=cast.sponsor)
    for who in ("operator_a", "verifier_all", "outsider"):
        client.force_login(getattr(cast, who))
        assert rincian(client, their_invoice, "csv").status_code == 404


def test_an_invoice_issued_before_member_rows_says_so(client, cast, enrolled, apbd):
    enrolled()
    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    # As migration 0004 leaves an invoice issued before it: no rows, not frozen.
    InvoiceMember.objects.filter(invoice=invoice).delete()
    Invoice.objects.filter(pk=invoice.pk).update(members_frozen=False)

    client.force_login(cast.finance)
    page = client.get(reverse("coverage:funder-ledger", args=[apbd.pk])).content.decode()
    assert "Rincian peserta tidak tersedia" in page
    assert reverse("coverage:invoice-members", kwargs={"pk": invoice.pk, "fmt": "xlsx"}) not in page
    response = rincian(client, invoice, "xlsx")
    assert response.status_code == 302
    followed = client.get(response["Location"]).content.decode()
    assert "diterbitkan sebelum lindung menyimpan rincian peserta" in followed
    with pytest.raises(DomainError, match="tidak tersimpan"):
        exports.export_invoice_members(invoice, "csv", by=cast.finance)


def test_the_invoice_page_offers_the_rincian_of_a_frozen_invoice(client, cast, enrolled, apbd):
    enrolled()
    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    client.force_login(cast.auditor)
    page = client.get(reverse("coverage:funder-ledger", args=[apbd.pk])).content.decode()
    assert reverse("coverage:invoice-members", kwargs={"pk": invoice.pk, "fmt": "xlsx"}) in page
    assert "Rincian peserta tidak tersedia" not in page
