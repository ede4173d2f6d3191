"""The budget sheet's realisation is what payments recorded here wrote: there is no second way to type it."""

from datetime import date

import pytest
from django.urls import NoReverseMatch, reverse

from lindung.coverage import billing
from lindung.funding.services import budget_sheet

MONTH = 16_800


def test_a_payment_is_the_realisation_the_budget_sheet_shows(client, cast, enrolled, apbd, draft_year):
    enrolled(2)
    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.finance)
    billing.record_payment(invoice, paid_on=date(2023, 1, 12), amount=MONTH, receipt_number="KW-1", by=cast.finance)
    first = budget_sheet(draft_year)[0]["rows"][0]
    assert (first["realised"], first["remaining"]) == (MONTH, 10_000_000 - MONTH)

    client.force_login(cast.finance)
    page = client.get(reverse("funding:budget-sheet", args=[draft_year.year])).content.decode()
    assert "Rp 16.800" in page
    assert reverse("coverage:funder-ledger", args=[apbd.pk]) in page
    assert "Catat realisasi" not in page and 'name="amount"' not in page


def test_the_hand_typed_realisation_is_gone(client, cast, apbd):
    with pytest.raises(NoReverseMatch):
        reverse("funding:realisation", args=[apbd.pk])
    client.force_login(cast.finance)
    response = client.post(f"/pendanaan/dana/{apbd.pk}/realisasi/", {"month": 1, "amount": 5, "note": ""})
    assert response.status_code == 404
    assert not apbd.realisations.exists()
