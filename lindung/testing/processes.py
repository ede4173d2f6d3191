"""A database that real processes share, for tests that kill a process or race two of them.

The tests' own database cannot be reached from another process on SQLite (it
lives in memory), so these tests get a scratch database of their own: a file
on SQLite, a `<test database>_procs` database on PostgreSQL, migrated once per
session with a few regions (Tenggarong and Loa Kulu) and an admin. Everything
in it is done through `lindung` processes (`ProcessDb.django` runs a snippet,
`ProcessDb.spawn` a command), and read back with `ProcessDb.sql`.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
REGIONS = ("64", "64.02", "64.02.02", "64.02.06")
ADMIN = "admin.proses"


@dataclass
class ProcessDb:
    env: dict
    sqlite_path: Path | None
    pg_url: str | None
    root: Path

    @property
    def vendor(self) -> str:
        return "sqlite" if self.sqlite_path else "postgresql"

    def environ(self, **extra) -> dict:
        return {**os.environ, **self.env, **{k: str(v) for k, v in extra.items()}}

    def django(self, code: str, *, timeout: float = 300, **extra) -> dict:
        """Run `code` in a fresh process with Django set up; it sets `result` (JSON-able), which is returned."""
        script = "import django, json\ndjango.setup()\nresult = None\n" + textwrap.dedent(code)
        script += "\nprint('@@' + json.dumps(result, default=str))\n"
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=self.environ(**extra),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.root,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        line = next(line for line in reversed(done.stdout.splitlines()) if line.startswith("@@"))
        return json.loads(line[2:])

    def spawn(self, *args: str, **extra) -> subprocess.Popen:
        """Start a `lindung` command (or `waitress-serve ...`, `gunicorn ...`) in the background."""
        server = args[0] in ("waitress-serve", "gunicorn")
        command = [str(BIN / args[0]), *args[1:]] if server else [str(BIN / "lindung"), *args]
        # A server logs every 4xx: unread, a pipe fills up and the server stops mid-write. Its log goes to a file.
        output = open(Path(self.env["LINDUNG_VAR_DIR"]) / "server.log", "a") if server else subprocess.PIPE  # noqa: SIM115
        return subprocess.Popen(
            command,
            env=self.environ(**extra),
            stdout=output,
            stderr=output,
            text=True,
            cwd=self.root,
        )

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        """Read the scratch database directly (no Django in this process points at it)."""
        if self.sqlite_path:
            with sqlite3.connect(self.sqlite_path, timeout=20) as conn:
                return conn.execute(query.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(self.pg_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()


def _regions_file(folder: Path) -> Path:
    from lindung.regions.services import CURRENT_FILE

    with CURRENT_FILE.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        rows = [r for r in reader if r["code"] in REGIONS or r["code"][:8] in REGIONS[2:]]
    path = folder / "wilayah.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    (folder / "none.csv").write_text("old_code,new_code,note\n", encoding="utf-8")
    return path


def _create_pg(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def _drop_pg(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _build(folder: Path, *, pg: tuple[str, str] | None) -> ProcessDb:
    root = Path(__file__).resolve().parent.parent.parent
    if pg:
        base, name = pg
        _create_pg(base, name)
        db = ProcessDb(env={"DATABASE_URL": f"{base}/{name}", "LINDUNG_VAR_DIR": str(folder)}, sqlite_path=None,
                       pg_url=f"{base}/{name}", root=root)  # fmt: skip
    else:
        db = ProcessDb(env={"DATABASE_URL": "", "LINDUNG_VAR_DIR": str(folder)},
                       sqlite_path=folder / "lindung.sqlite3", pg_url=None, root=root)  # fmt: skip
    db.env["DJANGO_SETTINGS_MODULE"] = "lindung.settings"
    migrated = subprocess.run(
        [str(BIN / "lindung"), "migrate", "-v0"], env=db.environ(), capture_output=True, text=True, cwd=root
    )
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    regions = _regions_file(folder)
    db.django(
        f"""
        from pathlib import Path
        from django.contrib.auth import get_user_model
        from lindung.accounts.models import Role
        from lindung.accounts.services import grant_role
        from lindung.regions.services import load_regions
        load_regions(current_file=Path({str(regions)!r}), former_file=Path({str(folder / "none.csv")!r}))
        admin = get_user_model().objects.create_user(username={ADMIN!r}, password="sandi-uji-123")
        grant_role(admin, Role.ADMIN, None, by=None)
        """
    )
    return db


def _pg_base(settings: dict) -> str:
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"


@pytest.fixture(scope="session")
def process_db(tmp_path_factory, django_db_blocker):
    """A scratch database of the suite's own kind (SQLite file, or PostgreSQL)."""
    from django.db import connection

    folder = tmp_path_factory.mktemp("procs")
    pg = None
    if connection.vendor == "postgresql":
        pg = (_pg_base(connection.settings_dict), f"{connection.settings_dict['NAME']}_procs")
    db = _build(folder, pg=pg)
    yield db
    if db.pg_url:
        _drop_pg(db.pg_url)


# Where a PostgreSQL-only test finds a server when the suite itself runs on SQLite (CI has one at 127.0.0.1).
TEST_PG = os.environ.get("LINDUNG_TEST_PG", "postgres://postgres@127.0.0.1:5432")


@pytest.fixture(scope="session")
def postgres_process_db(tmp_path_factory, django_db_blocker):
    """A scratch PostgreSQL database, whatever the suite runs on: for what only a server can do (drop sessions)."""
    import uuid

    from django.db import connection

    folder = tmp_path_factory.mktemp("procs_pg")
    if connection.vendor == "postgresql":
        base, name = _pg_base(connection.settings_dict), f"{connection.settings_dict['NAME']}_procs_pg"
    else:
        base, name = TEST_PG, f"test_lindung_procs_{uuid.uuid4().hex[:8]}"
    db = _build(folder, pg=(base, name))
    yield db
    _drop_pg(db.pg_url)


def people_csv(path: Path, rows: int, *, seed: int = 7, villages: tuple[str, ...] = ("64.02.06.1010",)) -> Path:
    """A clean village list of `rows` people, as a CSV the import reads."""
    from lindung.lib.synth import generate_people

    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["NIK", "Nama", "Jenis Kelamin", "Tempat Lahir", "Tanggal Lahir", "Pekerjaan"])
        for p in generate_people(rows, villages=list(villages), seed=seed, defect_rate=0, duplicate_rate=0):
            writer.writerow(
                [p.nik, p.name, p.sex, p.birth_place, p.birth_date.strftime("%d-%m-%Y"), "Petani"]
            )
    return path
