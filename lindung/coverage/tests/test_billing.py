"""Invoices from the roster, BPJS's billing, payments in month order, credits and backdating corrections."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEntry
from lindung.coverage import billing
from lindung.coverage.models import BackdatingStatus, FunderMonth, Invoice, InvoiceStatus, Payment
from lindung.coverage.services import coverage_on
from lindung.errors import DomainError
from lindung.funding.models import Realisation

MONTH = 16_800
AFTER = date(2023, 10, 20)


def pay(invoice, day, receipt, by, amount=None):
    invoice.refresh_from_db()
    return billing.record_payment(
        invoice, paid_on=day, amount=amount or invoice.outstanding, receipt_number=receipt, by=by
    )


def test_first_invoices_bill_each_funder_its_roster(cast, enrolled, apbd, draft_year):
    enrolled(3)
    (invoice,) = billing.issue_first_invoices(draft_year, by=cast.finance, on=date(2023, 1, 2))
    assert (invoice.funder, invoice.first_month, invoice.months) == (apbd, 1, 1)
    assert (invoice.people, invoice.amount, invoice.status) == (3, 3 * MONTH, InvoiceStatus.ISSUED)
    months = FunderMonth.objects.filter(funder=apbd).order_by("month")
    assert [(m.month, m.people, m.amount_due) for m in months][:2] == [(1, 3, 3 * MONTH), (2, 3, 3 * MONTH)]
    assert months.count() == 12 and months.get(month=1).invoice == invoice and months.get(month=2).invoice is None
    assert AuditEntry.objects.filter(action="coverage.invoice.issued", target_id=str(invoice.pk)).exists()


def test_paying_ahead_bills_three_six_or_twelve_months(cast, enrolled, apbd):
    enrolled(2)
    invoice = billing.issue_invoice(apbd, first_month=1, months=6, by=cast.finance)
    assert (invoice.amount, invoice.month_amounts) == (6 * 2 * MONTH, [[2, 2 * MONTH]] * 6)
    with pytest.raises(DomainError, match="1, 3, 6 atau 12"):
        billing.issue_invoice(apbd, first_month=7, months=4, by=cast.finance)
    with pytest.raises(DomainError, match="sudah ditagihkan"):
        billing.issue_invoice(apbd, first_month=6, months=1, by=cast.finance)
    with pytest.raises(DomainError, match="tidak muat"):
        billing.issue_invoice(apbd, first_month=10, months=6, by=cast.finance)


def test_an_invoice_for_an_unapproved_year_is_refused(cast, apbd):
    with pytest.raises(DomainError, match="belum disetujui"):
        billing.issue_invoice(apbd, first_month=1, by=cast.finance)
    assert not Invoice.objects.exists()


@pytest.mark.parametrize("who", ["operator_a", "verifier_all", "auditor", "sponsor", "outsider"])
def test_only_finance_and_admin_record_money(cast, enrolled, apbd, who):
    enrolled()
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        billing.issue_invoice(apbd, first_month=1, by=user)
    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.admin)
    with pytest.raises(PermissionDenied):
        billing.record_payment(invoice, paid_on=date(2023, 1, 5), amount=MONTH, receipt_number="K1", by=user)
    with pytest.raises(PermissionDenied):
        billing.record_billing(invoice, billing_code="123", amount=MONTH, billed_on=date(2023, 1, 3), by=user)
    assert not Payment.objects.exists()


def test_billing_records_bpjs_code_and_amount_once(cast, enrolled, apbd):
    enrolled()
    first = billing.issue_invoice(apbd, first_month=1, by=cast.finance)
    second = billing.issue_invoice(apbd, first_month=2, by=cast.finance)
    billing.record_billing(
        first, billing_code=" 00012345678 ", amount=MONTH, billed_on=date(2023, 1, 3), by=cast.finance
    )
    first.refresh_from_db()
    assert (first.billing_code, first.billed_amount, first.status) == ("00012345678", MONTH, InvoiceStatus.BILLED)
    with pytest.raises(DomainError, match="sudah tercatat pada tagihan lain"):
        billing.record_billing(
            second, billing_code="00012345678", amount=MONTH, billed_on=date(2023, 2, 3), by=cast.finance
        )
    with pytest.raises(DomainError, match="lebih dari nol"):
        billing.record_billing(second, billing_code="99", amount=0, billed_on=date(2023, 2, 3), by=cast.finance)


def test_a_payment_marks_the_month_paid_and_covers_its_people(cast, enrolled, apbd):
    (person,), _ = enrolled()
    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.finance)
    payment = pay(invoice, date(2023, 1, 12), "KW-0001", cast.finance)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount, invoice.outstanding) == (InvoiceStatus.PAID, MONTH, 0)
    assert FunderMonth.objects.get(funder=apbd, month=1).paid_on == date(2023, 1, 12)
    assert coverage_on(person, date(2023, 1, 20), today=AFTER).covered
    assert Realisation.objects.get(funder=apbd, month=1).amount == MONTH
    assert AuditEntry.objects.filter(action="coverage.payment.recorded", target_id=str(payment.pk)).exists()


def test_a_payment_larger_than_the_invoice_is_refused_and_nothing_changes(cast, enrolled, apbd):
    enrolled()
    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.finance)
    with pytest.raises(DomainError, match="lebih besar dari sisa tagihan"):
        billing.record_payment(
            invoice, paid_on=date(2023, 1, 5), amount=MONTH + 1, receipt_number="K1", by=cast.finance
        )
    invoice.refresh_from_db()
    assert (invoice.paid_amount, Payment.objects.count()) == (0, 0)
    assert FunderMonth.objects.get(funder=apbd, month=1).paid_on is None


def test_the_same_receipt_twice_is_refused(cast, enrolled, apbd):
    enrolled()
    first = billing.issue_invoice(apbd, first_month=1, by=cast.finance)
    second = billing.issue_invoice(apbd, first_month=2, by=cast.finance)
    pay(first, date(2023, 1, 5), "KW-7", cast.finance)
    with pytest.raises(DomainError, match="Kwitansi KW-7 sudah tercatat"):
        pay(second, date(2023, 2, 5), "KW-7", cast.finance)
    assert Payment.objects.count() == 1


def test_a_partial_payment_pays_the_earliest_months_first(cast, enrolled, apbd):
    (person,), _ = enrolled()
    invoice = billing.issue_invoice(apbd, first_month=1, months=3, by=cast.finance)
    pay(invoice, date(2023, 1, 10), "KW-1", cast.finance, amount=MONTH)
    paid = dict(FunderMonth.objects.filter(funder=apbd, month__lte=3).values_list("month", "paid_on"))
    assert paid == {1: date(2023, 1, 10), 2: None, 3: None}
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PARTLY_PAID
    pay(invoice, date(2023, 2, 10), "KW-2", cast.finance)
    paid = dict(FunderMonth.objects.filter(funder=apbd, month__lte=3).values_list("month", "paid_on"))
    assert paid == {1: date(2023, 1, 10), 2: date(2023, 2, 10), 3: date(2023, 2, 10)}
    assert coverage_on(person, date(2023, 3, 31), today=AFTER).months_paid == 3


def test_a_later_invoice_waits_for_the_earlier_one(cast, enrolled, apbd):
    enrolled()
    billing.issue_invoice(apbd, first_month=1, by=cast.finance)
    second = billing.issue_invoice(apbd, first_month=2, by=cast.finance)
    with pytest.raises(DomainError, match="bulan terlama yang belum dibayar"):
        pay(second, date(2023, 2, 5), "KW-2", cast.finance)


def test_bpjs_billing_a_different_amount_is_what_must_be_paid(cast, enrolled, apbd):
    enrolled(2)
    invoice = billing.issue_invoice(apbd, first_month=1, by=cast.finance)
    billing.record_billing(invoice, billing_code="555", amount=MONTH, billed_on=date(2023, 1, 3), by=cast.finance)
    pay(invoice, date(2023, 1, 5), "KW-1", cast.finance)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount) == (InvoiceStatus.PAID, MONTH)
    assert FunderMonth.objects.get(funder=apbd, month=1).paid_on == date(2023, 1, 5)


def test_a_death_mid_year_leaves_a_credit_offset_against_the_next_invoice(cast, enrolled, apbd):
    _, (_, membership) = enrolled(2)
    first = billing.issue_invoice(apbd, first_month=1, months=6, by=cast.finance)
    pay(first, date(2023, 1, 10), "KW-1", cast.finance)
    membership.status, membership.ended_month, membership.end_cause = "ended", 3, "meninggal"
    membership.save()
    lines = billing.credit_lines(apbd)
    assert [(line.month, line.amount, line.people_gone) for line in lines] == [(m, MONTH, 1) for m in (4, 5, 6)]
    assert billing.available_credit(apbd) == 3 * MONTH
    assert billing.ended_members_paid_after(apbd) == [membership]
    second = billing.issue_invoice(apbd, first_month=7, months=6, by=cast.finance, on=date(2023, 6, 20))
    assert (second.people, second.amount, second.credit_applied) == (1, 6 * MONTH, 3 * MONTH)
    assert second.outstanding == 3 * MONTH
    assert billing.available_credit(apbd) == 0
    pay(second, date(2023, 7, 1), "KW-2", cast.finance)
    assert FunderMonth.objects.get(funder=apbd, month=12).paid_on == date(2023, 7, 1)


def test_the_worked_case_through_the_services_and_its_correction(cast, enrolled, apbd):
    """domain.md §9 end to end: invoices paid to June, July–October paid in October, then the koreksi."""
    (person,), _ = enrolled()
    first = billing.issue_invoice(apbd, first_month=1, months=6, by=cast.finance, on=date(2023, 1, 2))
    pay(first, date(2023, 1, 10), "KW-1", cast.finance)
    late = billing.issue_invoice(apbd, first_month=7, months=3, by=cast.finance, on=date(2023, 7, 1))
    october = billing.issue_invoice(apbd, first_month=10, months=1, by=cast.finance, on=date(2023, 10, 1))
    pay(late, date(2023, 10, 10), "KW-2", cast.finance)
    pay(october, date(2023, 10, 10), "KW-3", cast.finance)
    assert not coverage_on(person, date(2023, 8, 15), today=AFTER).covered
    answer = coverage_on(person, date(2023, 10, 15), today=AFTER)
    assert answer.covered and answer.since == date(2023, 10, 1)
    states = {fm.month: s.state for fm, s in billing.funder_states(apbd, today=AFTER)}
    assert [states[m] for m in (6, 7, 8, 9, 10)] == ["paid", "lapsed", "lapsed", "lapsed", "paid"]
    with pytest.raises(DomainError, match="koreksi tidak diperlukan"):
        billing.request_backdating(apbd, first_month=2, last_month=3, reason="salah bulan", by=cast.finance)
    request = billing.request_backdating(
        apbd, first_month=7, last_month=9, reason="APBD cair terlambat", by=cast.finance
    )
    assert not coverage_on(person, date(2023, 8, 15), today=AFTER).covered
    with pytest.raises(DomainError, match="nomor surat"):
        billing.decide_backdating(request, granted=True, by=cast.finance)
    billing.decide_backdating(request, granted=True, letter_number="B/123/2023", by=cast.finance)
    request.refresh_from_db()
    assert request.status == BackdatingStatus.GRANTED
    assert coverage_on(person, date(2023, 8, 15), today=AFTER).since == date(2023, 1, 1)
    with pytest.raises(DomainError, match="sudah diputuskan"):
        billing.decide_backdating(request, granted=False, by=cast.finance)


def test_a_death_recorded_by_enrolment_leaves_its_paid_months_as_credit(cast, enrolled, apbd):
    from lindung.enrolment.services import record_death

    (_, dying), _ = enrolled(2)
    invoice = billing.issue_invoice(apbd, first_month=1, months=6, by=cast.finance, on=date(2023, 1, 2))
    pay(invoice, date(2023, 1, 10), "KW-1", cast.finance)
    record_death(dying, died_on=date(2023, 3, 9), by=cast.admin, note="Akta kematian 12/2023")
    assert [(line.month, line.amount) for line in billing.credit_lines(apbd)] == [(m, MONTH) for m in (4, 5, 6)]
    assert not coverage_on(dying, date(2023, 4, 2), today=AFTER).covered
    assert coverage_on(dying, date(2023, 3, 9), today=AFTER).covered
