"""Money figures against a hand count: pagu → decree → invoiced → paid, lateness and months at risk."""

from datetime import date

import pytest

from lindung.coverage import billing
from lindung.reports.money import money

pytestmark = pytest.mark.django_db
MONTH = 16_800


def _pay(invoice, day, receipt, by):
    invoice.refresh_from_db()
    return billing.record_payment(invoice, paid_on=day, amount=invoice.outstanding, receipt_number=receipt, by=by)


def test_money_follows_each_step_of_the_year(cast, enrolled, apbd, draft_year):
    enrolled(3)
    billing.build_ledger(draft_year, by=cast.finance)
    first = billing.issue_invoice(apbd, first_month=1, months=1, by=cast.finance, on=date(2023, 1, 2))
    second = billing.issue_invoice(apbd, first_month=2, months=1, by=cast.finance, on=date(2023, 2, 1))
    billing.issue_invoice(apbd, first_month=3, months=1, by=cast.finance, on=date(2023, 3, 1))
    _pay(first, date(2023, 1, 10), "KW-1", cast.finance)  # before the 15th: on time
    _pay(second, date(2023, 2, 20), "KW-2", cast.finance)  # 15 Feb 2023 is a Wednesday: 5 days late

    m = money(draft_year, today=date(2023, 5, 1))
    (row,) = m.rows
    assert row.budget == 10_000_000
    assert row.decree == 3 * 12 * MONTH
    assert row.invoiced == 3 * 3 * MONTH
    assert row.paid == 2 * 3 * MONTH
    assert (row.months_paid, row.months_late, row.average_days_late) == (2, 1, 5.0)
    # March and April are past their 15th unpaid: two months, so the people lapse if May goes unpaid too.
    assert row.unpaid_overdue == 2 and row.at_risk
    assert row.absorption == pytest.approx(100 * 6 * MONTH / 10_000_000)
    assert m.total.paid == row.paid


def test_paying_the_overdue_months_takes_the_funder_out_of_risk(cast, enrolled, apbd, draft_year):
    enrolled(1)
    billing.build_ledger(draft_year, by=cast.finance)
    invoice = billing.issue_invoice(apbd, first_month=1, months=3, by=cast.finance, on=date(2023, 1, 2))
    assert money(draft_year, today=date(2023, 3, 20)).rows[0].at_risk
    _pay(invoice, date(2023, 3, 21), "KW-9", cast.finance)
    row = money(draft_year, today=date(2023, 3, 22)).rows[0]
    assert not row.at_risk and row.months_paid == 3 and row.months_late == 3  # March was due on the 15th too


def test_money_page_and_export_carry_the_same_figures_for_office_roles_only(client, cast, enrolled, apbd, draft_year):
    import io

    import openpyxl
    from django.urls import reverse

    enrolled(2)
    billing.build_ledger(draft_year, by=cast.finance)
    invoice = billing.issue_invoice(apbd, first_month=1, months=1, by=cast.finance, on=date(2023, 1, 2))
    _pay(invoice, date(2023, 1, 10), "KW-1", cast.finance)
    client.force_login(cast.finance)
    page = client.get(reverse("reports:money"), {"tahun": 2023}).content.decode()
    assert "Rp 33.600" in page and "APBD Kukar" in page
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("reports:money-export"), {"tahun": 2023}).content)
    ).active
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0]}
    assert rows["APBD Kukar"][1:5] == (10_000_000, 2 * 12 * MONTH, 2 * MONTH, 2 * MONTH)
    for user in (cast.operator_a, cast.verifier, cast.sponsor):
        client.force_login(user)
        assert client.get(reverse("reports:money")).status_code == 403
        assert client.get(reverse("reports:money-export")).status_code == 403
