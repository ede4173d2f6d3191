"""Issuing an invoice runs the eligibility re-check first and waits for the verifier's decisions."""

from datetime import date

import pytest
from django.urls import reverse

from lindung.audit.models import AuditEntry
from lindung.coverage import billing
from lindung.coverage.models import Invoice
from lindung.enrolment.models import ProposalStatus, RemovalProposal
from lindung.enrolment.renewal import keep_person
from lindung.errors import DomainError
from lindung.people.models import Status
from lindung.people.services import close_person

MONTH = 16_800


def test_an_invoice_waits_while_the_recheck_finds_someone_to_remove(cast, enrolled, apbd):
    (_, dead), _ = enrolled(2)
    # Closed in the registry, but nobody has taken them off the roster yet.
    close_person(dead, by=cast.verifier, status=Status.DECEASED, reason="Akta kematian 7/2023")

    with pytest.raises(DomainError, match="1 peserta APBD Kukar diusulkan dikeluarkan") as refused:
        billing.issue_invoice(apbd, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    assert "Pemeriksaan ulang 2023" in refused.value.message
    assert not Invoice.objects.exists()
    # Finance ran the check by issuing; its proposal stays for the verifier although the invoice waits.
    proposal = RemovalProposal.objects.get(person=dead)
    assert (proposal.status, proposal.cause) == (ProposalStatus.PROPOSED, "meninggal")
    check = AuditEntry.objects.get(action="enrolment.renewal.checked")
    assert (check.actor_id, check.data["before_invoice_of"], check.data["proposed"]) == (cast.finance.pk, apbd.pk, 1)

    keep_person(proposal, by=cast.verifier, note="Akta keliru, sudah dicek ke desa")
    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    assert (invoice.people, invoice.amount) == (2, 2 * MONTH)
    # A decided proposal is not proposed again by the next invoice's check.
    billing.issue_invoice(apbd, first_month=2, by=cast.finance, on=date(2023, 2, 1))
    assert RemovalProposal.objects.count() == 1


def test_first_invoices_run_the_recheck_too(cast, enrolled, draft_year):
    (_, dead), _ = enrolled(2)
    close_person(dead, by=cast.verifier, status=Status.DECEASED, reason="Akta kematian 7/2023")
    with pytest.raises(DomainError, match="belum diputuskan verifikator"):
        billing.issue_first_invoices(draft_year, by=cast.finance, on=date(2023, 1, 2))
    assert not Invoice.objects.exists()
    assert RemovalProposal.objects.filter(person=dead, status=ProposalStatus.PROPOSED).exists()


def test_the_funder_page_shows_why_the_invoice_waits(client, cast, enrolled, apbd):
    (_, dead), _ = enrolled(2)
    close_person(dead, by=cast.verifier, status=Status.DECEASED, reason="Akta kematian 7/2023")
    client.force_login(cast.finance)
    response = client.post(
        reverse("coverage:invoice-issue", args=[apbd.pk]), {"first_month": 1, "months": 1}, follow=True
    )
    assert "belum diputuskan verifikator" in response.content.decode()
    assert not Invoice.objects.exists()


def test_an_eligible_roster_is_billed_without_waiting(cast, enrolled, apbd):
    enrolled(2)
    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    assert invoice.amount == 2 * MONTH
    assert not RemovalProposal.objects.exists()
    assert AuditEntry.objects.filter(action="enrolment.renewal.checked", data__before_invoice_of=apbd.pk).exists()
