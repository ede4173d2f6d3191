"""Last year's demo programme carried through BPJS: enrolment, the branch's reply, invoices and payments.

The regency's budget pays on time (12 months ahead in January). A village's Dana Desa pays
January–June in January, then nothing until October, when it pays July–December at once: its
workers lapsed after three unpaid months, so July–September is a gap on their person pages and
a backdating correction (koreksi kepesertaan iuran lanjutan) waits for BPJS's answer
(domain.md §9's worked case). Everything goes through the services the pages use; the branch is
played by the stand-ins (`enrolment.bpjs.FileStandIn`, `coverage.bpjs.StandInBranch`).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

PERSON_YEAR = 16_800 * 12


def _enrol(funder, *, admin, folder: Path) -> None:
    from lindung.enrolment.batches import approve_batch, mark_batch_sent
    from lindung.enrolment.bpjs import FileStandIn
    from lindung.enrolment.exports import batch_xlsx, default_profile
    from lindung.enrolment.replies import apply_reply

    batch = approve_batch(funder, by=admin)
    sent = folder / f"kiriman-{funder.pk}.xlsx"
    sent.write_bytes(batch_xlsx(batch, default_profile()))
    mark_batch_sent(batch, by=admin)
    reply = folder / f"balasan-{funder.pk}.xlsx"
    FileStandIn(seed=funder.pk).reply_to_batch(sent, reply)
    apply_reply(batch, reply, filename=reply.name, by=admin)


def _bill_and_pay(invoices, *, paid_on: date, finance, folder: Path) -> None:
    from lindung.coverage import billing
    from lindung.coverage.bpjs import StandInBranch, write_receipts
    from lindung.coverage.reconciliation import reconcile_receipts

    for invoice in invoices:
        if not invoice.billing_code:
            code = f"{invoice.funder_id:04d}{invoice.funder.programme_year.year % 100:02d}{invoice.first_month:02d}001"
            billing.record_billing(
                invoice, billing_code=code, amount=invoice.amount, billed_on=invoice.issued_on, by=finance
            )
            invoice.refresh_from_db()
    path = folder / f"kwitansi-{paid_on:%Y%m%d}.xlsx"
    path.write_bytes(write_receipts(StandInBranch().receipts_for(invoices, received_on=paid_on)))
    reconcile_receipts(path, by=finance)


def ensure_demo_protection(*, today: date | None = None) -> dict | None:
    """Last year's programme through enrolment and payments, one village paid late; None if it exists."""
    from lindung.coverage import billing
    from lindung.demo.services import demo_users_plan
    from lindung.funding.services import allocate_year, create_funder
    from lindung.programmes.models import ProgrammeYear
    from lindung.programmes.services import approve_year, create_year, eligible_people

    today = today or timezone.localdate()
    last = today.year - 1
    if ProgrammeYear.objects.filter(year=last).exists():
        return None
    users = get_user_model().objects
    admin, finance = users.get(username="admin"), users.get(username="keuangan")
    village = demo_users_plan()[3][3]  # the first demo operator's village
    year = create_year(
        {
            "year": last,
            "name": "Jaminan sosial ketenagakerjaan pekerja rentan (demo, tahun lalu)",
            "period_start": date(last, 1, 1),
            "months": 12,
            "covers_jkk": True,
            "covers_jkm": True,
            "covers_jht": False,
            "declared_income": 1_000_000,
            "min_age": 18,
            "max_age": 65,
            "occupations": [],
            "segments": [],
            "require_domicile": True,
            "priority_occupations": [],
        },
        by=admin,
    )
    eligible = eligible_people(year)
    if not eligible.filter(village_id=village).exists():
        # A small demo registry may have nobody there: take the village with the most eligible workers.
        top = eligible.values("village_id").annotate(n=Count("id")).order_by("-n", "village_id").first()
        if top is None:
            return None
        village = top["village_id"]
    apbd = create_funder(year, {"kind": "apbd_kab", "name": "APBD Kabupaten", "budget": 3_000 * PERSON_YEAR}, by=admin)
    desa = create_funder(
        year,
        {
            "kind": "dana_desa",
            "name": "Dana Desa (demo, dibayar terlambat)",
            "village": village,
            "budget": 60 * PERSON_YEAR,
        },
        by=admin,
    )
    allocate_year(year, by=admin)
    approve_year(year, by=admin, decree_number=f"500/DEMO/DISTRANSNAKER/{last}", decree_date=date(last, 1, 2))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for funder in (apbd, desa):
            _enrol(funder, admin=admin, folder=folder)
        year_invoice = billing.issue_invoice(apbd, first_month=1, months=12, by=finance, on=date(last, 1, 2))
        first_half = billing.issue_invoice(desa, first_month=1, months=6, by=finance, on=date(last, 1, 2))
        _bill_and_pay([year_invoice, first_half], paid_on=date(last, 1, 10), finance=finance, folder=folder)
        # The village budget is disbursed late: nothing from July until October, then July–December at once.
        july = billing.issue_invoice(desa, first_month=7, months=3, by=finance, on=date(last, 7, 1))
        october = billing.issue_invoice(desa, first_month=10, months=3, by=finance, on=date(last, 10, 1))
        _bill_and_pay([july, october], paid_on=date(last, 10, 13), finance=finance, folder=folder)
    request = billing.request_backdating(
        desa,
        first_month=7,
        last_month=9,
        reason="Dana Desa cair terlambat (Oktober); iuran Juli–September dibayar 13 Oktober. Mohon koreksi "
        "kepesertaan iuran lanjutan agar perlindungan tidak terputus.",
        by=finance,
    )
    return {"year": last, "funders": [apbd.pk, desa.pk], "backdating": request.pk, "village": village}
