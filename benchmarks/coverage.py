"""Coverage ledger: the year's ledger and first invoices, coverage_on, the person page, a receipt file.

Builds a fresh database: N verified synthetic people, the funding benchmark's ~500 funders,
the same `allocate_year`, approval, and one active membership per allocation row (inserted in
bulk, as BPJS's reply would leave them). Then times, through the same services the pages use:

- `issue_first_invoices` (the ledger of every funder-month plus each funder's first invoice);
- `coverage_on` for random people (median and p95), after the first month is paid;
- the person page with its timeline (median and p95, Django's test client);
- a receipt file of L lines (instalments on the invoices for months 2..12, a few unmatched and
  over lines) reconciled by `reconcile_receipts`.
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

import django

from benchmarks.registry import ensure_postgres_database, fresh_sqlite


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def make_memberships(year) -> int:
    """One active membership per funded allocation row, in one INSERT … SELECT."""
    from django.db import connection

    from lindung.enrolment.models import Membership

    table = Membership._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"""INSERT INTO {table} (programme_year_id, person_id, funder_id, months_mask, kpj, status,
                    refused_reason, bpjs_start_date, created_at, updated_at, end_cause)
                SELECT programme_year_id, person_id, funder_id, months_mask,
                       CAST(23000000000 + person_id AS VARCHAR(30)), 'active', '', %s, %s, %s, ''
                FROM funding_allocation WHERE programme_year_id = %s AND funder_id IS NOT NULL""",
            [year.period_start, django.utils.timezone.now(), django.utils.timezone.now(), year.pk],
        )
        return cur.rowcount


def receipt_lines(invoices, lines: int, rng: random.Random, day: date) -> str:
    """A kwitansi list paying each invoice in instalments, with ~1% unmatched and ~0.5% over lines."""
    rows = [
        "DAFTAR KWITANSI PENERIMAAN IURAN;;;;;",
        ";;;;;",
        "No. Kwitansi;Tanggal Terima;Nomor Tagihan;Pembayar;Jumlah (Rp)",
    ]
    per_invoice = max(1, lines // max(1, len(invoices)))
    n = 0
    for inv in invoices:
        left = inv.outstanding
        for k in range(per_invoice):
            if n >= lines or left <= 0:
                break
            amount = left if k == per_invoice - 1 else max(1, left // (per_invoice - k))
            r = rng.random()
            if r < 0.01:
                rows.append(f"KW-{n:07d};{day:%d/%m/%Y};99{n:09d};Entah Siapa;{amount}")
            elif r < 0.015:
                rows.append(f"KW-{n:07d};{day:%d/%m/%Y};{inv.number};{inv.funder.name};{left + 1000}")
            else:
                rows.append(f"KW-{n:07d};{day:%d/%m/%Y};{inv.number};{inv.funder.name};{amount}")
                left -= amount
            n += 1
    while n < lines:
        rows.append(f"KW-{n:07d};{day:%d/%m/%Y};88{n:09d};Entah Siapa;16800")
        n += 1
    rows.append(";;;JUMLAH;")
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--receipt-lines", type=int, default=100_000)
    args = parser.parse_args()
    ensure_postgres_database()
    fresh_sqlite()
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from benchmarks.funding import insert_people, make_funders, year_data
    from lindung.accounts.models import Role
    from lindung.accounts.services import grant_role
    from lindung.coverage import billing
    from lindung.coverage.models import FunderMonth, Invoice, InvoiceStatus
    from lindung.coverage.reconciliation import reconcile_receipts
    from lindung.coverage.services import coverage_on
    from lindung.enrolment.models import Membership
    from lindung.errors import DomainError
    from lindung.funding.models import Funder
    from lindung.funding.services import allocate_year
    from lindung.people.models import Person
    from lindung.programmes.models import ProgrammeYear, YearStatus
    from lindung.programmes.services import create_year
    from lindung.regions.services import load_regions

    backend = connection.vendor
    call_command("migrate", verbosity=0)
    load_regions()
    started = time.perf_counter()
    n = insert_people(args.people)
    year = create_year(year_data(2025), by=None)
    funders = make_funders(year, random.Random(7), n)
    allocate_year(year, by=None)
    ProgrammeYear.objects.filter(pk=year.pk).update(status=YearStatus.APPROVED)
    year.refresh_from_db()
    members = make_memberships(year)
    if backend == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(
        f"[{backend}] {n:,} people, {funders} funders, {members:,} active memberships set up in "
        f"{time.perf_counter() - started:.1f} s (not timed)"
    )
    finance = get_user_model().objects.create_user("bench-finance", password="x")
    grant_role(finance, Role.FINANCE, None, by=None)
    admin = get_user_model().objects.create_superuser("bench-admin", password="x")

    started = time.perf_counter()
    invoices = billing.issue_first_invoices(year, by=finance, on=date(2025, 1, 2))
    elapsed = time.perf_counter() - started
    rows = FunderMonth.objects.filter(funder__programme_year=year).count()
    total = sum(i.amount for i in invoices)
    print(
        f"ledger + first invoices: {elapsed:.1f} s ({rows:,} funder-month rows for {members:,} memberships x 12 "
        f"months; {len(invoices)} invoices, Rp {total:,})"
    )

    # January paid on time for every funder, through the same service finance uses.
    for k, inv in enumerate(invoices):
        billing.record_payment(
            inv, paid_on=date(2025, 1, 10), amount=inv.outstanding, receipt_number=f"JAN-{k}", by=finance
        )
    rng = random.Random(11)
    ids = list(Membership.objects.values_list("person_id", flat=True).order_by("?")[: args.samples])
    people = list(Person.objects.filter(pk__in=ids))
    times, covered = [], 0
    today = date(2025, 3, 1)
    for person in people:
        on = date(2025, rng.randint(1, 2), rng.randint(1, 28))
        t = time.perf_counter()
        answer = coverage_on(person, on, today=today)
        times.append((time.perf_counter() - t) * 1000)
        covered += answer.covered
    print(
        f"coverage_on over {len(times)} random people: median {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 95):.1f} ms ({covered} covered)"
    )

    client = Client(SERVER_NAME="localhost")
    client.force_login(admin)
    client.get(reverse("people:person-detail", args=[people[0].pk]))
    page = []
    for person in people[:100]:
        t = time.perf_counter()
        response = client.get(reverse("people:person-detail", args=[person.pk]))
        page.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200 and b'class="timeline"' in response.content
    print(f"person page with timeline: median {statistics.median(page):.0f} ms, p95 {percentile(page, 95):.0f} ms")

    # The rest of the year billed (quarterly, then the last two months singly), not timed.
    for funder in Funder.objects.filter(pk__in=Invoice.objects.values("funder_id")).select_related("programme_year"):
        for first, months in ((2, 3), (5, 3), (8, 3), (11, 1), (12, 1)):
            try:
                billing.issue_invoice(funder, first_month=first, months=months, by=finance, on=date(2025, 2, 1))
            except DomainError:
                continue  # no member in those months (a sponsor's months start later or end earlier)
    open_invoices = list(
        Invoice.objects.filter(funder__programme_year=year)
        .exclude(status=InvoiceStatus.PAID)
        .select_related("funder")
        .order_by("funder_id", "first_month")
    )
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as fh:
        fh.write(receipt_lines(open_invoices, args.receipt_lines, random.Random(3), date(2025, 2, 10)))
        path = fh.name
    started = time.perf_counter()
    result = reconcile_receipts(path, by=finance)
    elapsed = time.perf_counter() - started
    s = result.summary
    print(
        f"receipt file of {s['lines']:,} lines over {len(open_invoices):,} open invoices reconciled in "
        f"{elapsed:.1f} s: "
        f"{s['payments']:,} payments, outcomes {s['outcomes']}"
    )
    os.unlink(path)


if __name__ == "__main__":
    main()
