"""Finance pages, the person page's timeline, the API and the home alerts: who sees and records what."""

from datetime import date

import pytest
from django.urls import reverse

from lindung.coverage import billing
from lindung.coverage.models import Invoice, Payment, ReceiptFile
from lindung.funding.models import FunderUser

MONTH = 16_800


@pytest.fixture
def ledger(cast, enrolled, apbd):
    """One enrolled worker of village A; January invoiced and paid, February invoiced."""
    (person,), (membership,) = enrolled()
    january = billing.issue_invoice(apbd, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    billing.record_payment(january, paid_on=date(2023, 1, 10), amount=MONTH, receipt_number="KW-1", by=cast.finance)
    february = billing.issue_invoice(apbd, first_month=2, by=cast.finance, on=date(2023, 2, 1))
    return person, membership, january, february


def pages(apbd, january, year=2023):
    return [
        reverse("coverage:year-ledger", args=[year]),
        reverse("coverage:funder-ledger", args=[apbd.pk]),
    ]


@pytest.mark.parametrize("who", ["admin", "finance", "auditor"])
def test_office_roles_see_every_funder(client, cast, ledger, apbd, who):
    _, _, january, _ = ledger
    client.force_login(getattr(cast, who))
    for url in pages(apbd, january):
        response = client.get(url)
        assert response.status_code == 200
        assert "APBD Kukar" in response.content.decode()
    body = client.get(reverse("coverage:funder-ledger", args=[apbd.pk])).content.decode()
    assert "KW-1" in body and january.number in body
    assert ("Catat pembayaran" in body) == (who != "auditor")


@pytest.mark.parametrize("who", ["operator_a", "operator_b", "verifier_all", "outsider"])
def test_registry_roles_cannot_open_money_pages(client, cast, ledger, apbd, who):
    _, _, january, _ = ledger
    client.force_login(getattr(cast, who))
    for url in [*pages(apbd, january), reverse("coverage:receipts")]:
        response = client.get(url)
        assert response.status_code == 403
        assert "APBD Kukar" not in response.content.decode()


def test_a_sponsor_sees_only_its_own_funder(client, cast, ledger, apbd, draft_year):
    from lindung.funding.models import Funder

    other = Funder.objects.create(programme_year=draft_year, kind="csr", name="PT Lain", budget=1_000_000)
    FunderUser.objects.create(funder=other, user=cast.sponsor)
    client.force_login(cast.sponsor)
    assert client.get(reverse("coverage:funder-ledger", args=[apbd.pk])).status_code == 404
    assert client.get(reverse("coverage:funder-ledger", args=[other.pk])).status_code == 200
    year_page = client.get(reverse("coverage:year-ledger", args=[2023])).content.decode()
    assert "PT Lain" in year_page and "APBD Kukar" not in year_page
    assert client.get(reverse("coverage:receipts")).status_code == 403


@pytest.mark.parametrize("who", ["auditor", "sponsor", "operator_a"])
def test_only_finance_and_admin_can_post_money(client, cast, ledger, apbd, who):
    _, _, _, february = ledger
    FunderUser.objects.create(funder=apbd, user=cast.sponsor)
    client.force_login(getattr(cast, who))
    posts = [
        (reverse("coverage:invoice-issue", args=[apbd.pk]), {"first_month": 3, "months": 1}),
        (
            reverse("coverage:invoice-pay", args=[february.pk]),
            {"paid_on": "2023-02-10", "amount": MONTH, "receipt_number": "KW-X"},
        ),
        (reverse("coverage:ledger-build", args=[2023]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (403, 404)
    assert Invoice.objects.count() == 2 and Payment.objects.count() == 1


def test_finance_records_billing_and_payment_through_the_page(client, cast, ledger, apbd):
    _, _, _, february = ledger
    client.force_login(cast.finance)
    client.post(
        reverse("coverage:invoice-billing", args=[february.pk]),
        {"billing_code": "00012", "amount": MONTH, "billed_on": "2023-02-02"},
    )
    response = client.post(
        reverse("coverage:invoice-pay", args=[february.pk]),
        {"paid_on": "2023-02-11", "amount": MONTH * 2, "receipt_number": "KW-2"},
        follow=True,
    )
    assert "lebih besar dari sisa tagihan" in response.content.decode()
    client.post(
        reverse("coverage:invoice-pay", args=[february.pk]),
        {"paid_on": "2023-02-11", "amount": MONTH, "receipt_number": "KW-2"},
    )
    february.refresh_from_db()
    assert (february.billing_code, february.paid_amount) == ("00012", MONTH)


def test_receipt_upload_runs_the_reconciliation_and_shows_the_result(client, cast, ledger, apbd):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, _, _, february = ledger
    content = f"No. Kwitansi;Tanggal;Nomor Tagihan;Jumlah\nKW-9;10/02/2023;{february.number};16800\n".encode()
    client.force_login(cast.finance)
    response = client.post(reverse("coverage:receipts"), {"file": SimpleUploadedFile("k.csv", content)}, follow=True)
    assert "pembayaran dicatat" in response.content.decode()
    result = ReceiptFile.objects.get()
    detail = client.get(reverse("coverage:receipts-detail", args=[result.pk])).content.decode()
    assert "KW-9" in detail and "Melunasi" in detail
    client.force_login(cast.operator_a)
    assert client.get(reverse("coverage:receipts-detail", args=[result.pk])).status_code == 404


def test_the_person_page_shows_each_month_with_funder_kpj_and_paid_date(client, cast, ledger):
    person, membership, _, _ = ledger
    client.force_login(cast.operator_a)
    body = client.get(reverse("people:person-detail", args=[person.pk])).content.decode()
    assert 'data-month="Januari 2023" data-state="paid"' in body
    assert f"KPJ {membership.kpj}" in body and "dibayar 10 Januari 2023" in body
    assert 'data-month="Maret 2023" data-state="lapsed"' in body  # unpaid since February, long lapsed by now


def test_the_person_page_timeline_costs_a_handful_of_queries(client, cast, ledger, django_assert_max_num_queries):
    person, _, _, _ = ledger
    client.force_login(cast.admin)
    client.get(reverse("people:person-detail", args=[person.pk]))
    with django_assert_max_num_queries(30):
        client.get(reverse("people:person-detail", args=[person.pk]))


def test_the_api_answers_coverage_on_a_day(client, cast, ledger):
    person, membership, _, _ = ledger
    client.force_login(cast.operator_a)
    data = client.get(reverse("person-coverage", args=[person.pk]), {"on": "2023-01-20"}).json()
    assert (data["covered"], data["since"], data["kpj"], data["months_paid"]) == (True, "2023-01-01", membership.kpj, 1)
    assert data["funder"]["name"] == "APBD Kukar" and data["months"][0]["paid_on"] == "2023-01-10"
    assert client.get(reverse("person-coverage", args=[person.pk]), {"on": "kemarin"}).status_code == 400
    client.force_login(cast.operator_b)
    assert client.get(reverse("person-coverage", args=[person.pk])).status_code == 404


def test_finance_home_warns_of_two_unpaid_months_and_open_corrections(client, cast, enrolled, apbd, draft_year):
    enrolled()
    billing.issue_invoice(apbd, first_month=1, months=3, by=cast.finance, on=date(2023, 1, 2))
    alerts = [a.text for a in billing.finance_alerts(today=date(2023, 2, 20))]
    assert any("2 bulan belum dibayar (Januari 2023, Februari 2023)" in t and "31 Maret 2023" in t for t in alerts)
    lapsed = [a.text for a in billing.finance_alerts(today=date(2023, 4, 20))]
    assert any("1 pekerja tidak terlindungi" in t for t in lapsed)
    due = [a.text for a in billing.finance_alerts(today=date(2023, 1, 5))]
    assert any("jatuh tempo 16 Januari 2023" in t for t in due)
    client.force_login(cast.finance)
    assert "Iuran BPJS Ketenagakerjaan" in client.get(reverse("home")).content.decode()
    client.force_login(cast.operator_a)
    assert "Iuran BPJS Ketenagakerjaan" not in client.get(reverse("home")).content.decode()
