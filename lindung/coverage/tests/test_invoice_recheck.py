"""Issuing an invoice runs the eligibility re-check first; the undecided are billed and counted, never held back.

Holding an invoice back until a verifier decides would leave the month unpaid, and a third unpaid
month lapses the whole roster (domain.md §9): one death not yet confirmed must not cost 52,000
people their cover.
"""

from datetime import date

from django.urls import reverse

from lindung.audit.models import AuditEntry
from lindung.coverage import billing
from lindung.coverage.models import Invoice
from lindung.enrolment.models import ProposalStatus, RemovalProposal
from lindung.enrolment.renewal import keep_person
from lindung.people.models import Status
from lindung.people.services import close_person

MONTH = 16_800


def test_an_invoice_runs_the_recheck_and_bills_the_undecided_counting_them(cast, enrolled, apbd):
    (_, dead), _ = enrolled(2)
    # Closed in the registry, but nobody has taken them off the roster yet.
    close_person(dead, by=cast.verifier, status=Status.DECEASED, reason="Akta kematian 7/2023")

    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    assert (invoice.people, invoice.amount, invoice.awaiting_removal) == (2, 2 * MONTH, 1)
    note = billing.awaiting_removal_note(invoice)
    assert note.startswith("1 peserta pada tagihan ini diusulkan dikeluarkan") and "Pemeriksaan ulang 2023" in note
    # Finance ran the check by issuing; its proposal waits for the verifier.
    proposal = RemovalProposal.objects.get(person=dead)
    assert (proposal.status, proposal.cause) == (ProposalStatus.PROPOSED, "meninggal")
    check = AuditEntry.objects.get(action="enrolment.renewal.checked")
    assert (check.actor_id, check.data["before_invoice_of"], check.data["proposed"]) == (cast.finance.pk, apbd.pk, 1)
    issued = AuditEntry.objects.get(action="coverage.invoice.issued")
    assert issued.data["awaiting_removal"] == 1

    keep_person(proposal, by=cast.verifier, note="Akta keliru, sudah dicek ke desa")
    second = billing.issue_invoice(apbd, first_month=2, by=cast.finance, on=date(2023, 2, 1))
    assert (second.people, second.awaiting_removal) == (2, 0)
    assert billing.awaiting_removal_note(second) == ""
    # A decided proposal is not proposed again by the next invoice's check.
    billing.issue_invoice(apbd, first_month=3, by=cast.finance, on=date(2023, 3, 1))
    assert RemovalProposal.objects.count() == 1


def test_first_invoices_run_the_recheck_too(cast, enrolled, draft_year):
    (_, dead), _ = enrolled(2)
    close_person(dead, by=cast.verifier, status=Status.DECEASED, reason="Akta kematian 7/2023")
    invoices = billing.issue_first_invoices(draft_year, by=cast.finance, on=date(2023, 1, 2))
    assert [i.awaiting_removal for i in invoices] == [1]
    assert RemovalProposal.objects.filter(person=dead, status=ProposalStatus.PROPOSED).exists()


def test_the_funder_page_says_who_was_billed_while_awaiting_a_decision(client, cast, enrolled, apbd):
    (_, dead), _ = enrolled(2)
    close_person(dead, by=cast.verifier, status=Status.DECEASED, reason="Akta kematian 7/2023")
    client.force_login(cast.finance)
    response = client.post(
        reverse("coverage:invoice-issue", args=[apbd.pk]), {"first_month": 1, "months": 1}, follow=True
    )
    page = response.content.decode()
    assert "Tagihan diterbitkan." in page
    assert "1 peserta pada tagihan ini diusulkan dikeluarkan" in page  # the warning after issuing
    assert "termasuk 1 yang diusulkan dikeluarkan dan belum diputuskan verifikator saat terbit" in page
    assert Invoice.objects.get().awaiting_removal == 1


def test_an_eligible_roster_is_billed_with_nothing_awaiting(cast, enrolled, apbd):
    enrolled(2)
    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    assert (invoice.amount, invoice.awaiting_removal) == (2 * MONTH, 0)
    assert not RemovalProposal.objects.exists()
    assert AuditEntry.objects.filter(action="enrolment.renewal.checked", data__before_invoice_of=apbd.pk).exists()
