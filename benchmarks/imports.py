"""Spreadsheet import: accuracy on the messy corpus, a 52,000-row village workbook, 1,000,000 CSV rows.

    python -m benchmarks.imports [--quick] [--no-postgres]   (both parts, each in its own process)
    python -m benchmarks.imports --part sqlite   [--rows 52000]     (DATABASE_URL empty)
    python -m benchmarks.imports --part postgres [--csv-rows 1000000] (DATABASE_URL=postgres://...)
    python -m benchmarks.imports --part dry      [--csv-rows 1000000]  (either database)

Prints figures; asserts nothing about time.
"""

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

import django

from benchmarks.registry import ensure_postgres_database, fresh_sqlite

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_IMPORT_PG_URL", "postgres://postgres@127.0.0.1:5432/lindung_bench_import")


def kukar_villages() -> list[tuple[str, str, str]]:
    from lindung.regions.models import Region

    return [
        (r.code, r.name, r.parent.name)
        for r in Region.objects.in_installation().villages().filter(current=True).select_related("parent")
    ]


def village_workbook(path: Path, rows: int, villages) -> None:
    """Like the villages' own: a title, a merged two-row header with L|P ticks, one sheet per district, totals."""
    import xlsxwriter

    from lindung.lib.synth import generate_people

    names = {code: (name, district) for code, name, district in villages}
    by_district: dict[str, list] = {}
    for p in generate_people(rows, villages=sorted(names), seed=7):
        by_district.setdefault(p.village_code[:8], []).append(p)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False})  # fmt: skip
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for _, people in sorted(by_district.items()):
        ws = book.add_worksheet(names[people[0].village_code][1][:31])
        ws.write_string(0, 0, "DAFTAR PEKERJA RENTAN PENERIMA BANTUAN IURAN BPJS KETENAGAKERJAAN")
        ws.write_string(1, 0, f"KECAMATAN {names[people[0].village_code][1].upper()}")
        ws.write_row(3, 0, ["No", "NIK", "Nama Lengkap", "Jenis Kelamin", "", "Tempat Lahir", "Tanggal Lahir",
                            "Desa/Kelurahan", "RT", "Pekerjaan", "No. HP"])  # fmt: skip
        ws.write_row(4, 0, ["", "", "", "L", "P"])
        ws.write_row(5, 0, list(range(1, 12)))
        r = 6
        for i, p in enumerate(people, start=1):
            ws.write_number(r, 0, i)
            ws.write_string(r, 1, p.nik)
            ws.write_string(r, 2, p.name)
            ws.write_string(r, 3 if p.sex == "L" else 4, "v")
            ws.write_string(r, 5, p.birth_place)
            ws.write_datetime(r, 6, p.birth_date, day)
            ws.write_string(r, 7, names[p.village_code][0])
            ws.write_string(r, 8, p.rt)
            ws.write_string(r, 9, p.occupation_other if p.occupation == "lainnya" else p.occupation.replace("_", " "))
            if p.phone:
                ws.write_string(r, 10, p.phone)
            r += 1
        ws.write_string(r, 0, "JUMLAH")
    book.close()


def csv_file(path: Path, rows: int, villages) -> None:
    from lindung.lib.synth import generate_people

    codes = sorted(code for code, _, _ in villages)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["NIK", "Nama", "L/P", "Tempat Lahir", "Tgl Lahir", "Kode Desa", "RT", "Alamat", "No HP",
                         "Pekerjaan"])  # fmt: skip
        for p in generate_people(rows, villages=codes, seed=11):
            writer.writerow([p.nik, p.name, p.sex, p.birth_place, p.birth_date.strftime("%d-%m-%Y"), p.village_code,
                             p.rt, p.street, p.phone,
                             p.occupation_other if p.occupation == "lainnya" else p.occupation])  # fmt: skip


def corpus_accuracy(by) -> dict:
    import io
    import json

    from lindung.imports import services
    from lindung.imports.tests.scoring import score

    corpus = ROOT / "lindung" / "imports" / "tests" / "corpus"
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    results = []
    for name in sorted({t["file"] for t in truth}):
        out = io.StringIO()
        village = "64.02.06.2012" if name.startswith("tanpa_kolom_desa") else None
        services.import_file(corpus / name, by=by, village_code=village, dry_run=True, out=out)
        out.seek(0)
        results += [{**line, "file": name} for line in csv.DictReader(out)]
    return score(truth, results)


def bare_calamine(path: Path) -> float:
    import python_calamine

    started = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
            cells += len(row)
    return time.perf_counter() - started


def admin_user():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench-import", defaults={"is_superuser": True, "is_staff": True})
    return user


def sqlite_part(rows: int) -> None:
    fresh_sqlite()
    django.setup()
    from django.core.management import call_command

    from lindung.imports import services
    from lindung.imports.models import ImportBatch
    from lindung.people.models import Person
    from lindung.regions.services import load_regions

    call_command("migrate", verbosity=0)
    load_regions()
    by = admin_user()

    accuracy = corpus_accuracy(by)
    print(
        f"korpus: {accuracy['rows_right']}/{accuracy['rows']} baris benar, "
        f"{accuracy['fields_right']}/{accuracy['fields']} isian benar"
    )
    for problem in accuracy["problems"][:20]:
        print("  salah:", problem)

    villages = kukar_villages()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "desa.xlsx"
        started = time.perf_counter()
        village_workbook(path, rows, villages)
        print(f"buku kerja {rows:,} baris dibuat dalam {time.perf_counter() - started:.1f} dtk "
              f"({path.stat().st_size / 1e6:.1f} MB)")  # fmt: skip
        bare = min(bare_calamine(path) for _ in range(2))
        kind, tables, skipped = services.read_structure(path)
        batch = ImportBatch.objects.create(
            source_path=str(path), original_name=path.name, kind=kind, created_by=by, tables=tables,
            skipped=skipped, mapping=services.guessed_mapping(tables),
        )  # fmt: skip
        started, cpu = time.perf_counter(), time.process_time()
        services.preview_import(batch, by=by)
        preview, preview_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        services.commit_import(batch, by=by)
        commit, commit_cpu = time.perf_counter() - started, time.process_time() - cpu
        batch.refresh_from_db()
    total = preview + commit
    # SQLite runs in this process, so its work is in the CPU time too; on a shared machine the
    # wall time also holds the time other processes took the cores.
    print(
        f"SQLite, {batch.rows_total:,} baris: pratinjau {preview:.1f} dtk + simpan {commit:.1f} dtk = {total:.1f} dtk "
        f"(target < 20 dtk); waktu CPU {preview_cpu:.1f} + {commit_cpu:.1f} = {preview_cpu + commit_cpu:.1f} dtk; "
        f"baca python-calamine saja {bare:.2f} dtk, rasio {total / bare:.0f}x "
        f"(CPU {(preview_cpu + commit_cpu) / bare:.0f}x)"
    )
    print(f"  beban mesin (load average 1 menit): {os.getloadavg()[0]:.1f} pada {os.cpu_count()} inti")
    print(
        f"  valid {batch.rows_valid:,}, peringatan {batch.rows_warning:,}, ditolak {batch.rows_invalid:,}; "
        f"ditambahkan {batch.people_created:,}; registri {Person.objects.count():,}"
    )


def postgres_part(rows: int) -> None:
    ensure_postgres_database()
    django.setup()
    from django.core.management import call_command

    from lindung.people.models import Person
    from lindung.regions.services import load_regions

    call_command("migrate", verbosity=0)
    load_regions()
    by = admin_user()
    villages = kukar_villages()
    path = csv_for(rows, villages)
    started = time.perf_counter()
    # Its own process, so the peak memory is the import's alone.
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lindung"), "import", str(path), "--user", by.username],
        capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024
    if done.returncode:
        print(done.stderr[-2000:])
        raise SystemExit(done.returncode)
    print(f"PostgreSQL, {rows:,} baris CSV: {elapsed:.0f} dtk (target < 180 dtk), puncak memori {peak_mb:.0f} MB "
          f"(target < 1024 MB); waktu CPU proses impor {usage.ru_utime + usage.ru_stime:.0f} dtk "
          "(tanpa CPU server PostgreSQL)")  # fmt: skip
    print(f"  beban mesin (load average 1 menit): {os.getloadavg()[0]:.1f} pada {os.cpu_count()} inti")
    print("  " + done.stdout.strip().splitlines()[-1])
    from lindung.audit.models import AuditEntry

    proposed = AuditEntry.objects.filter(action="people.person.proposed").count()
    print(f"  registri {Person.objects.count():,} pekerja, {proposed:,} entri audit 'diusulkan'")


def _run_measured(args: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run a command in its own process; return its wall seconds and its own peak RSS in MB."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(args, stdout=out, stderr=err, text=True)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would be the largest of every child so far.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(args, child.returncode, out.read(), err.read())
    return time.perf_counter() - started, usage.ru_maxrss / 1024, done


def csv_for(rows: int, villages) -> Path:
    # The same rows every time (a fixed seed): made once and kept with the benchmark's database.
    path = Path(os.environ.get("LINDUNG_VAR_DIR", tempfile.gettempdir())) / f"impor-{rows}.csv"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        csv_file(path.with_suffix(".tmp"), rows, villages)
        path.with_suffix(".tmp").rename(path)
        print(f"CSV {rows:,} baris dibuat dalam {time.perf_counter() - started:.1f} dtk "
              f"({path.stat().st_size / 1e6:.0f} MB)")  # fmt: skip
    return path


def dry_part(rows: int) -> None:
    """`lindung import --dry-run`, without and with --out, on a registry as it is (empty when fresh)."""
    fresh_sqlite()
    ensure_postgres_database()
    django.setup()
    from django.core.management import call_command

    from lindung.people.models import Person
    from lindung.regions.services import load_regions

    call_command("migrate", verbosity=0)
    load_regions()
    by = admin_user()
    path = csv_for(rows, kukar_villages())
    lindung = str(Path(sys.executable).parent / "lindung")
    registry = Person.objects.count()
    for label, extra in (("--dry-run", []), ("--dry-run --out", ["--out", str(path.with_suffix(".hasil.csv"))])):
        elapsed, peak_mb, done = _run_measured([lindung, "import", str(path), "--dry-run", "--user", by.username,
                                                *extra])  # fmt: skip
        if done.returncode:
            print(done.stderr[-2000:])
            raise SystemExit(done.returncode)
        print(f"uji coba {label}, {rows:,} baris CSV, registri {registry:,}: {elapsed:.0f} dtk, "
              f"puncak memori {peak_mb:.0f} MB (target <= 500 MB)")  # fmt: skip
        print("  " + done.stdout.strip().splitlines()[-1])
    path.with_suffix(".hasil.csv").unlink(missing_ok=True)
    print(f"  beban mesin (load average 1 menit): {os.getloadavg()[0]:.1f} pada {os.cpu_count()} inti")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=["all", "sqlite", "postgres", "dry"], default="all")
    parser.add_argument("--rows", type=int, default=52_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="5,000 and 20,000 rows (a smoke run)")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    if args.part == "sqlite":
        sqlite_part(args.rows)
    elif args.part == "postgres":
        postgres_part(args.csv_rows)
    elif args.part == "dry":
        dry_part(args.csv_rows)
    else:
        # Each part in its own process: the database is chosen per process by DATABASE_URL.
        rows, csv_rows = ("5000", "20000") if args.quick else (str(args.rows), str(args.csv_rows))
        sqlite_env = {"DATABASE_URL": "", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-import-sqlite")}
        subprocess.run([sys.executable, "-m", "benchmarks.imports", "--part", "sqlite", "--rows", rows],
                       cwd=ROOT, env={**os.environ, **sqlite_env}, check=True)  # fmt: skip
        dry_env = {"DATABASE_URL": "", "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-import-dry")}
        subprocess.run([sys.executable, "-m", "benchmarks.imports", "--part", "dry", "--csv-rows", csv_rows],
                       cwd=ROOT, env={**os.environ, **dry_env}, check=True)  # fmt: skip
        if not args.no_postgres:
            pg_env = {"DATABASE_URL": PG_URL, "LINDUNG_VAR_DIR": str(ROOT / "var" / "bench-import-pg")}
            subprocess.run([sys.executable, "-m", "benchmarks.imports", "--part", "postgres", "--csv-rows", csv_rows],
                           cwd=ROOT, env={**os.environ, **pg_env}, check=True)  # fmt: skip


if __name__ == "__main__":
    main()
