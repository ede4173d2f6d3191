"""The coverage URLs in the leak matrix (lindung/testing/leaks.py): ledger, invoices, payments, receipts.

The objects sit on the enrolment cases' approved year 2022 (its extend runs first, app order).
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.testing.leaks import FUNDING_OFFICERS, OFFICE, REGISTRY, Case

MONEY_READERS = OFFICE | {"sponsor"}


def extend(world):
    from lindung.coverage import billing
    from lindung.coverage.models import BackdatingRequest, ReceiptFile

    admin, funder = world.cast.admin, world.things["funder_2022"]
    billing.build_ledger(world.things["year_2022"], by=admin)
    invoice = billing.issue_invoice(funder, first_month=1, months=1, by=admin, on=date(2022, 1, 5))
    backdating = BackdatingRequest.objects.create(
        funder=funder, first_month=1, last_month=1, reason="APBD cair terlambat", requested_by=admin
    )
    receipt_file = ReceiptFile.objects.create(sha256="2" * 64, filename="kwitansi-bpjs.csv", uploaded_by=admin)
    world.things.update(invoice_2022=invoice, backdating_2022=backdating, receipt_file=receipt_file)


def _pk(name, key, query=""):
    return lambda w: [(reverse(name, kwargs={"pk": w.things[key].pk}) + query, None)]


def _year(name, key="year_2022"):
    return lambda w: [(reverse(name, args=[w.things[key].year]), None)]


def _receipt_upload(w):
    return {"file": SimpleUploadedFile("kwitansi.csv", b"nomor;kode;jumlah;tanggal\n", content_type="text/csv")}


CASES = [
    # A sponsor reads the ledger of its own funders only (none in 2022, its CSR funder in 2021).
    Case("coverage:year-ledger", _year("coverage:year-ledger"), get=MONEY_READERS),
    Case("coverage:year-ledger", _year("coverage:year-ledger", "year"), get=MONEY_READERS),
    Case("coverage:ledger-build", _year("coverage:ledger-build"), post=FUNDING_OFFICERS, data=lambda w: {"months": 1}),
    Case("coverage:funder-ledger", _pk("coverage:funder-ledger", "funder_2022"), get=OFFICE),
    Case("coverage:funder-ledger", _pk("coverage:funder-ledger", "csr"), get=MONEY_READERS),
    Case(
        "coverage:invoice-issue",
        _pk("coverage:invoice-issue", "funder_2022"),
        post=FUNDING_OFFICERS,
        data=lambda w: {"first_month": 2, "months": 1},
    ),
    Case(
        "coverage:invoice-members",
        lambda w: [
            (reverse("coverage:invoice-members", kwargs={"pk": w.things["invoice_2022"].pk, "fmt": fmt}), None)
            for fmt in ("xlsx", "csv")
        ],
        get=OFFICE,
    ),
    Case(
        "coverage:backdating-request",
        _pk("coverage:backdating-request", "funder_2022"),
        post=FUNDING_OFFICERS,
        data=lambda w: {"first_month": 2, "last_month": 3, "reason": "APBD cair terlambat"},
    ),
    Case(
        "coverage:invoice-billing",
        _pk("coverage:invoice-billing", "invoice_2022"),
        post=FUNDING_OFFICERS,
        data=lambda w: {
            "billing_code": "KODE-2022-01",
            "amount": w.things["invoice_2022"].amount,
            "billed_on": "2022-01-06",
        },
    ),
    Case(
        "coverage:invoice-pay",
        _pk("coverage:invoice-pay", "invoice_2022"),
        post=FUNDING_OFFICERS,
        data=lambda w: {
            "paid_on": "2022-01-10",
            "amount": w.things["invoice_2022"].amount,
            "receipt_number": "KW-2022-0001",
            "reference": "",
            "payer": "APBD Kukar 2022",
        },
    ),
    Case(
        "coverage:backdating-decide",
        _pk("coverage:backdating-decide", "backdating_2022"),
        post=FUNDING_OFFICERS,
        data=lambda w: {"granted": "1", "letter_number": "S-12/BPJS/2022", "note": ""},
    ),
    Case(
        "coverage:receipts",
        lambda w: [(reverse("coverage:receipts"), None)],
        get=OFFICE,
        post=FUNDING_OFFICERS,
        data=_receipt_upload,
    ),
    Case("coverage:receipts-detail", _pk("coverage:receipts-detail", "receipt_file"), get=OFFICE),
    Case("coverage:receipts-detail", _pk("coverage:receipts-detail", "receipt_file", "?hasil=matched"), get=OFFICE),
    # REST API: a person's cover, region-scoped like the person.
    Case(
        "person-coverage",
        lambda w: [
            (reverse("person-coverage", kwargs={"pk": w.people[k].pk}) + "?on=2022-01-15", k) for k in ("a", "b")
        ],
        get=REGISTRY,
        json=True,
    ),
]
