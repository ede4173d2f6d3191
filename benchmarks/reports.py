"""Dashboards, home pages, the public page and the year report on a large regency: median and p95 times.

Builds (or with --reuse keeps) a database of N people with a whole year's protection: an approved
programme year, memberships active at BPJS, twelve months of ledger with invoices and payments (one
village fund paid late, so a gap and lapse risk exist), and a number of claims. The claims are bulk
written with the amounts the rules give, since the benchmark times reading them, not reporting them.
Then it takes the year's figure snapshot (what `lindung refresh_figures` stores; --live drops it to time
the live counts instead) and requests every home page and dashboard as its role would, through Django's
test client, printing wall and database time per page and the load average (the machine may be shared).
"""

import argparse
import os
import statistics
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

import django

RUNS = 11


class QueryClock:
    """Adds up the time spent in the database (a database wrapper), to tell it from a loaded CPU."""

    def __init__(self):
        self.ms = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - started) * 1000
            self.queries += 1


def timed(fn, clock: QueryClock | None = None) -> tuple[float, float]:
    """Wall time of one call and the database time inside it, in ms."""
    from django.db import connection

    clock = clock or QueryClock()
    before = clock.ms
    started = time.perf_counter()
    with connection.execute_wrapper(clock):
        fn()
    return (time.perf_counter() - started) * 1000, clock.ms - before


def build(size: int, claims: int, year_no: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from lindung.claims.models import BenefitRules, Claim, ClaimStatus, Kind
    from lindung.coverage import billing
    from lindung.coverage.models import FunderMonth
    from lindung.demo.services import ensure_demo_users, generate_demo_people
    from lindung.enrolment.models import Membership, MembershipStatus
    from lindung.enrolment.services import create_memberships
    from lindung.funding.services import allocate_year, create_funder
    from lindung.people.models import Person, Status
    from lindung.programmes.services import approve_year, create_year
    from lindung.regions.models import Region

    started = time.perf_counter()
    generate_demo_people(size, seed=2021)
    print(f"registry: {Person.objects.count():,} people in {time.perf_counter() - started:.0f} s", flush=True)
    ensure_demo_users()
    admin = get_user_model().objects.get(username="admin")
    finance = get_user_model().objects.get(username="keuangan")
    Person.objects.filter(status=Status.PROPOSED).update(status=Status.VERIFIED)
    year = create_year(
        {
            "year": year_no,
            "name": "Benchmark",
            "period_start": date(year_no, 1, 1),
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
    villages = list(Region.objects.in_installation().villages().order_by("code")[:40])
    for v in villages:
        create_funder(
            year,
            {"kind": "dana_desa", "name": f"Dana Desa {v.name} {v.code}", "budget": 100 * 201_600, "village": v.code},
            by=admin,
        )
    create_funder(year, {"kind": "apbd_kab", "name": "APBD Kabupaten", "budget": size * 201_600}, by=admin)
    t = time.perf_counter()
    allocate_year(year, by=admin)
    approve_year(year, by=admin, decree_number=f"SK {year_no}", decree_date=date(year_no, 1, 2))
    create_memberships(year, by=admin)
    Membership.objects.filter(programme_year=year).update(
        status=MembershipStatus.ACTIVE, bpjs_start_date=date(year_no, 1, 1)
    )
    print(f"allocation, approval, memberships: {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    billing.build_ledger(year, by=finance)
    late = {f.pk for f in year.funders.filter(kind="dana_desa").order_by("pk")[:5]}
    today = timezone.localdate()
    for funder in year.funders.all():
        for month in range(1, 13):
            if date(year_no, month, 1) > today:
                break
            if not FunderMonth.objects.filter(funder=funder, month=month, people__gt=0).exists():
                continue
            invoice = billing.issue_invoice(funder, first_month=month, months=1, by=finance, on=date(year_no, month, 1))
            # Five village funds stop paying after March: their people lapse, the rest pay on the 10th.
            if (funder.pk in late and month > 3) or date(year_no, month, 10) > today:
                continue
            invoice.refresh_from_db()
            billing.record_payment(
                invoice,
                paid_on=date(year_no, month, 10),
                amount=invoice.outstanding,
                receipt_number=f"KW-{funder.pk}-{month}",
                by=finance,
            )
    print(f"ledger, invoices, payments: {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    rules = BenefitRules.objects.order_by("-valid_from").first()
    people = list(
        Membership.objects.filter(programme_year=year).values_list(
            "person_id", "person__village_id", "funder_id", "pk"
        )[:claims]
    )
    kinds = [Kind.JKM, Kind.JKK_TREATMENT, Kind.JKK_DEATH]
    states = [ClaimStatus.REPORTED, ClaimStatus.PAID, ClaimStatus.SUBMITTED]
    rows = []
    for i, (person_id, village, funder_id, membership_id) in enumerate(people):
        kind = kinds[i % len(kinds)]
        status = states[i % len(states)]
        amount = 42_000_000 if kind == Kind.JKM else 70_000_000 if kind == Kind.JKK_DEATH else 5_000_000
        rows.append(
            Claim(
                person_id=person_id,
                kind=kind,
                village_id=village,
                event_date=date(year_no, 1 + i % 11, 1 + i % 27),
                place="Benchmark",
                account="Benchmark",
                declared_income=1_000_000,
                covered=True,
                membership_id=membership_id,
                funder_id=funder_id,
                months_paid=6,
                rules=rules,
                entitlement=amount,
                status=status,
                reported_by=admin,
                reported_at=timezone.now(),
                paid_on=date(year_no, 12, 1) if status == ClaimStatus.PAID else None,
                paid_amount=amount if status == ClaimStatus.PAID else None,
                submitted_on=date(year_no, 11, 1) if status != ClaimStatus.REPORTED else None,
                bpjs_due_on=date(year_no, 11, 12) if status != ClaimStatus.REPORTED else None,
            )
        )
    Claim.objects.bulk_create(rows, batch_size=5000)
    print(f"{len(rows):,} claims in {time.perf_counter() - t:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument(
        "--live", action="store_true", help="count the coverage figures live (no stored snapshot), as before"
    )
    args = parser.parse_args()
    from benchmarks.registry import ensure_postgres_database, fresh_sqlite

    if not args.reuse:
        ensure_postgres_database()
        fresh_sqlite()
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from lindung.demo.services import ensure_demo_users
    from lindung.people.models import Person
    from lindung.programmes.models import ProgrammeYear
    from lindung.regions.services import load_regions
    from lindung.reports import paritrana

    setup_test_environment()  # the test client's host name is allowed
    call_command("migrate", verbosity=0)
    load_regions()
    year_no = timezone.localdate().year
    if not (args.reuse and Person.objects.exists()):
        build(args.size, args.claims, year_no)
    users = {u["username"]: u for u in ensure_demo_users()}
    from lindung.reports import snapshot
    from lindung.reports.models import FigureSnapshot

    bench_year = ProgrammeYear.objects.get(year=year_no)
    if args.live:
        FigureSnapshot.objects.filter(programme_year=bench_year).delete()
        print("coverage figures counted live (no snapshot)")
    else:
        started = time.perf_counter()
        snap = snapshot.take(bench_year)
        print(
            f"snapshot: {snap.villages.count()} villages, {snap.member_groups.count()} member groups "
            f"in {time.perf_counter() - started:.1f} s"
        )
    operator = next(name for name in users if name.startswith("operator."))
    district_verifier = next(name for name in users if name.startswith("verifikator."))
    pages = [
        ("admin", "beranda admin", "/"),
        ("keuangan", "beranda keuangan", "/"),
        ("auditor", "beranda auditor", "/"),
        ("verifikator", "beranda verifikator", "/"),
        (district_verifier, "beranda verifikator kecamatan", "/"),
        (operator, "beranda operator desa", "/"),
        ("admin", "cakupan per kecamatan", f"/laporan/?tahun={year_no}"),
        ("admin", "cakupan desa dalam kecamatan", f"/laporan/?tahun={year_no}&kecamatan=64.02.06"),
        ("admin", "keuangan", f"/laporan/uang/?tahun={year_no}"),
        ("admin", "santunan", "/laporan/santunan/"),
        (operator, "cakupan operator desa", f"/laporan/?tahun={year_no}"),
        (None, "halaman publik", "/publik/"),
    ]
    print(f"\n[{connection.vendor}] {Person.objects.count():,} people")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'page':<36} {'median ms':>10} {'p95 ms':>8} {'db median ms':>13} {'queries':>8}")
    clients = {}
    for username, label, url in pages:
        if username not in clients:
            client = Client()
            if username:
                client.login(username=username, password=users[username]["password"])
            clients[username] = client
        client = clients[username]
        response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)
        clock = QueryClock()
        runs = [timed(lambda u=url, c=client: c.get(u), clock) for _ in range(RUNS)]
        samples = sorted(wall for wall, _ in runs)
        p95 = samples[int(len(samples) * 0.95) - 1]
        db = statistics.median(ms for _, ms in runs)
        print(
            f"{label:<36} {statistics.median(samples):>10.1f} {p95:>8.1f} {db:>13.1f} {clock.queries // RUNS:>8}",
            flush=True,
        )
    from lindung.people.models import Person as P

    nik = P.objects.order_by("pk").values_list("nik", flat=True).first()
    public = Client()
    runs = [timed(lambda i=i: public.post("/publik/", {"nik": nik}, REMOTE_ADDR=f"127.0.1.{i}")) for i in range(RUNS)]
    samples = sorted(wall for wall, _ in runs)
    db = statistics.median(ms for _, ms in runs)
    print(f"{'publik: periksa NIK':<36} {statistics.median(samples):>10.1f} {samples[-2]:>8.1f} {db:>13.1f}")
    from django.contrib.auth import get_user_model

    year = ProgrammeYear.objects.get(year=year_no)
    admin = get_user_model().objects.get(username="admin")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    started = time.perf_counter()
    report = paritrana.build(year, user=admin)
    pdf = paritrana.to_pdf(report)
    xlsx = paritrana.to_xlsx(report)
    print(
        f"laporan tahunan: {time.perf_counter() - started:.1f} s (PDF {len(pdf) / 1024:.0f} KB, "
        f"XLSX {len(xlsx) / 1024:.0f} KB)"
    )


if __name__ == "__main__":
    main()
