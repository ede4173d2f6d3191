"""Run every benchmark and print its figures: `make bench` (or `python -m benchmarks [--quick]`).

Each benchmark runs in its own process, because the database is chosen per process
by DATABASE_URL and LINDUNG_VAR_DIR.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/lindung_bench")


def run(module: str, *args: str, env: dict | None = None) -> None:
    print(f"\n### {module} {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env={**os.environ, **(env or {})}, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sizes = "5000" if args.quick else "52000,1000000"
    run("benchmarks.synth_speed", "--rows", "100000" if args.quick else "1000000")
    run("benchmarks.hostile")
    sqlite_env = {"DATABASE_URL": "", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-sqlite")}
    run("benchmarks.registry", "--sizes", sizes, env=sqlite_env)
    run("benchmarks.imports", *(["--quick"] if args.quick else []), *(["--no-postgres"] if args.no_postgres else []))
    run("benchmarks.funding", *(["--people", "50000", "--decree", "5000"] if args.quick else []), env={"DATABASE_URL": "", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-funding")})  # noqa: E501
    run(
        "benchmarks.coverage",
        *(["--people", "20000", "--samples", "100", "--receipt-lines", "10000"] if args.quick else []),
        env={"DATABASE_URL": "", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-coverage")} if args.no_postgres else
        {"DATABASE_URL": PG_URL.rsplit("/", 1)[0] + "/lindung_bench_coverage"},
    )
    enrol = ["--export", "5000", "--reply", "10000"] if args.quick else []
    enrol_sqlite = {"DATABASE_URL": "", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-enrol")}
    run("benchmarks.enrolment", *enrol, env=enrol_sqlite)
    if not args.no_postgres:
        enrol_pg = {"DATABASE_URL": PG_URL, "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-pg")}
        run("benchmarks.enrolment", *enrol, env=enrol_pg)
    invoice = ["--people", "5000"] if args.quick else []
    run("benchmarks.invoice_members", *invoice,
        env={"DATABASE_URL": "", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-invoice")})  # fmt: skip
    if not args.no_postgres:
        run("benchmarks.invoice_members", *invoice,
            env={"DATABASE_URL": PG_URL.rsplit("/", 1)[0] + "/lindung_bench_invoice",
                 "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-invoice-pg")})  # fmt: skip
    run("benchmarks.dedup", "--sizes", "20000" if args.quick else "100000,1000000")
    # 50 users on the real server, alone and during a 200,000-row import (about 4 minutes per database and
    # server): waitress as `make run` serves, and gunicorn's worker processes as production does.
    load_args = ["--quick"] if args.quick else []
    for server in ("waitress", "gunicorn"):
        run("benchmarks.load", *load_args, "--server", server,
            env={"DATABASE_URL": "", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-load")})  # fmt: skip
        if not args.no_postgres:
            run("benchmarks.load", *load_args, "--server", server,
                env={"DATABASE_URL": PG_URL.rsplit("/", 1)[0] + "/lindung_bench_load",
                     "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-load-pg")})  # fmt: skip
    reports = ["--size", "5000", "--claims", "500"] if args.quick else []
    if args.quick or args.no_postgres:
        sqlite_reports = {"DATABASE_URL": "", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-reports")}
        run("benchmarks.reports", *reports, env=sqlite_reports)
    else:
        run("benchmarks.reports", env={"DATABASE_URL": PG_URL, "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-pg")})
    if not args.no_postgres:
        run(
            "benchmarks.funding",
            *(["--people", "50000", "--decree", "5000"] if args.quick else []),
            env={"DATABASE_URL": PG_URL.rsplit("/", 1)[0] + "/lindung_bench_funding", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-pg")},  # noqa: E501
        )
        run(
            "benchmarks.claims",
            *(["--people", "20000", "--claims", "2000"] if args.quick else []),
            env={"DATABASE_URL": PG_URL.rsplit("/", 1)[0] + "/lindung_bench_claims", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-claims")},  # noqa: E501
        )
        run(
            "benchmarks.registry",
            "--sizes",
            sizes,
            env={"DATABASE_URL": PG_URL, "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-pg")},
        )


if __name__ == "__main__":
    main()
