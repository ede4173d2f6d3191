"""Issuing one funder's 12-month invoice over N members, with its frozen member rows, and its rincian peserta.

Builds a fresh database: N verified synthetic people, one APBD funder paying for all of them,
`allocate_year`, approval and one active membership per allocation row (as in the coverage
benchmark). Then times `issue_invoice` (the eligibility re-check over the funder's members, the
member lines and their bulk insert, in the service's transactions) and the XLSX and CSV downloads.
"""

import argparse
import os
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

import django

from benchmarks.registry import ensure_postgres_database, fresh_sqlite


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=52_000)
    args = parser.parse_args()
    ensure_postgres_database()
    fresh_sqlite()
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.coverage import make_memberships
    from benchmarks.funding import insert_people, year_data
    from lindung.accounts.models import Role
    from lindung.accounts.services import grant_role
    from lindung.coverage import billing, exports
    from lindung.coverage.models import InvoiceMember
    from lindung.enrolment import renewal
    from lindung.funding.services import allocate_year, create_funder
    from lindung.programmes.models import ProgrammeYear, YearStatus
    from lindung.programmes.services import create_year
    from lindung.regions.services import load_regions

    backend = connection.vendor
    call_command("migrate", verbosity=0)
    load_regions()
    admin = get_user_model().objects.create_superuser("bench-admin", password="x")
    started = time.perf_counter()
    n = insert_people(args.people)
    year = create_year(year_data(2025), by=admin)
    funder = create_funder(
        year,
        {"kind": "apbd_kab", "name": "APBD Bench", "budget": year.monthly_cost() * year.months * n * 2},
        by=admin,
    )
    allocate_year(year, by=admin)
    ProgrammeYear.objects.filter(pk=year.pk).update(status=YearStatus.APPROVED)
    year.refresh_from_db()
    members = make_memberships(year)
    if backend == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(
        f"[{backend}] {n:,} people, {members:,} active memberships of one funder set up in "
        f"{time.perf_counter() - started:.1f} s (not timed)"
    )
    finance = get_user_model().objects.create_user("bench-finance", password="x")
    grant_role(finance, Role.FINANCE, None, by=None)
    funder.refresh_from_db()

    started = time.perf_counter()
    renewal.recheck_before_invoice(year, funder=funder, by=finance)
    recheck = time.perf_counter() - started
    started = time.perf_counter()
    lines, _ = billing.invoice_lines(funder, 1, 12)
    computed = time.perf_counter() - started

    started = time.perf_counter()
    invoice = billing.issue_invoice(funder, first_month=1, months=12, by=finance, on=date(2025, 1, 2))
    elapsed = time.perf_counter() - started
    rows = InvoiceMember.objects.filter(invoice=invoice).count()
    print(
        f"issue_invoice, 12 months: {elapsed:.2f} s for {rows:,} member rows (Rp {invoice.amount:,}); of which "
        f"the re-check alone {recheck:.2f} s, the member lines alone {computed:.2f} s ({len(lines):,})"
    )
    for fmt in exports.FORMATS:
        started = time.perf_counter()
        content, _ = exports.export_invoice_members(invoice, fmt, by=finance)
        print(f"rincian peserta {fmt}: {time.perf_counter() - started:.2f} s, {len(content) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
