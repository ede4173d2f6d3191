"""Registry list and search: median and p95 request time for paginated, filtered pages.

Builds a fresh database of each size with the demo generator (timed too), then
requests the registry pages through Django's test client as a logged-in user,
so the figure includes the queries, the count for pagination and the template.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

import django

RUNS = 11


def ensure_postgres_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def fresh_sqlite() -> None:
    if os.environ.get("DATABASE_URL"):
        return
    from pathlib import Path

    var = Path(os.environ["LINDUNG_VAR_DIR"])
    for suffix in ("", "-wal", "-shm"):
        path = var / f"lindung.sqlite3{suffix}"
        if path.exists():
            path.unlink()


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="52000,1000000")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run (one size only)")
    args = parser.parse_args()
    if not args.reuse:
        ensure_postgres_database()
        fresh_sqlite()
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from lindung.demo.services import ensure_demo_users, generate_demo_people
    from lindung.people.models import Person
    from lindung.regions.services import load_regions

    setup_test_environment()  # lets the client see the page's context (row counts)
    backend = connection.vendor
    call_command("migrate", verbosity=0)
    load_regions()
    users = {u["username"]: u for u in ensure_demo_users()}
    operator = next(name for name in users if name.startswith("operator."))
    queries = [
        ("admin", "daftar, tanpa saringan", "/pekerja/"),
        ("admin", "kecamatan + status", "/pekerja/?district=64.02.06&status=verified"),
        ("admin", "kecamatan + status, hal. 20", "/pekerja/?district=64.02.06&status=verified&hal=20"),
        ("admin", "pekerjaan + usia", "/pekerja/?occupation=nelayan&age=36-45"),
        ("admin", "cari nama 'rizki'", "/pekerja/?q=rizki"),
        ("admin", "cari nama + kecamatan", "/pekerja/?q=siti&district=64.02.02"),
        ("admin", "cari awalan NIK", "/pekerja/?q=64020612"),
        ("admin", "halaman terakhir-ish (hal. 500)", "/pekerja/?hal=500"),
        (operator, "operator desa, daftar", "/pekerja/"),
        ("admin", "beranda (hitungan per kecamatan)", "/"),
    ]
    done = 0
    for size in [int(s) for s in args.sizes.split(",")]:
        need = size - done
        started = time.perf_counter()
        if args.reuse and Person.objects.exists():
            need = 0
        else:
            generate_demo_people(need, seed=2021 + done)
        gen_seconds = max(time.perf_counter() - started, 1e-9)
        done = size
        total = Person.objects.count()
        # The steady state of a live database: autovacuum/ANALYZE have run after the bulk load.
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE people_person" if backend == "postgresql" else "ANALYZE")
        print(
            f"\n[{backend}] {total:,} people; generated + validated + inserted {need:,} in {gen_seconds:.1f} s "
            f"({need / gen_seconds:,.0f} rows/s)"
        )
        print(f"{'query':<38} {'median ms':>10} {'p95 ms':>8}  rows")
        clients = {}
        for username in {"admin", operator}:
            client = Client()
            client.login(username=username, password=users[username]["password"])
            clients[username] = client
        for username, label, url in queries:
            client = clients[username]
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            samples = sorted(timed(lambda u=url, c=client: c.get(u)) for _ in range(RUNS))
            page = response.context["page"] if response.context and "page" in response.context else None
            rows = page.paginator.count if page is not None else "-"
            p95 = samples[int(len(samples) * 0.95) - 1]
            print(f"{label:<38} {statistics.median(samples):>10.1f} {p95:>8.1f}  {rows}")


if __name__ == "__main__":
    main()
