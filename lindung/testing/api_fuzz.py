"""Fuzz the API against its own schema: `python -m lindung.testing.api_fuzz` (CI runs it on both databases).

A scratch database (a SQLite file, or a fresh PostgreSQL database next to
DATABASE_URL's) gets a few regions, an admin and an operator with API tokens and
some workers; the real server (waitress, as `make run` serves it) runs on a free
loopback port; schemathesis reads /api/schema/ from it and tests every operation
the schema lists, with a fixed seed and a bounded number of cases. An endpoint
added to the API later is in the schema, so it is in this run without a change here.
Exits with schemathesis's status: any server error or answer outside the schema fails CI.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=15, help="cases per operation and phase")
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    import django

    django.setup()
    from lindung.testing import processes

    folder = Path(tempfile.mkdtemp(prefix="lindung-fuzz-"))
    url = os.environ.get("DATABASE_URL", "")
    pg = None
    if url.startswith("postgres"):
        pg = (url.rsplit("/", 1)[0], f"lindung_fuzz_{uuid.uuid4().hex[:8]}")
    db = processes._build(folder, pg=pg)
    try:
        tokens = db.django(
            f"""
            from datetime import date
            from django.contrib.auth import get_user_model
            from rest_framework.authtoken.models import Token
            from lindung.accounts.models import Role
            from lindung.accounts.services import grant_role
            from lindung.people.services import propose_person
            User = get_user_model()
            admin = User.objects.get(username={processes.ADMIN!r})
            operator = User.objects.create_user(username="operator.fuzz", password="sandi-uji-123")
            grant_role(operator, Role.OPERATOR, "64.02.06.1010", by=None)
            for serial in range(1, 31):
                propose_person(dict(
                    nik=f"640206120580{{serial:04d}}", kk_number="", name=f"Pekerja Uji {{serial}}", sex="L",
                    birth_place="Tenggarong", birth_date=date(1980, 5, 12), village_code="64.02.06.1010", rt="1",
                    rw="", street="Jl. Uji", phone="", occupation="petani", occupation_other="", segment="",
                    declared_income=1000000,
                ), by=admin)
            result = {{u.username: Token.objects.get_or_create(user=u)[0].key for u in (admin, operator)}}
            """
        )
        port = _free_port()
        server = db.spawn(
            "waitress-serve", f"--port={port}", "--host=127.0.0.1", "--threads=4", "lindung.wsgi:application",
            LINDUNG_JOBS="inline", ALLOWED_HOSTS="127.0.0.1",
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    urlopen(f"{base}/api/schema/", timeout=5)
                    break
                except OSError:
                    time.sleep(0.1)
            status = 0
            for username, token in tokens.items():
                # As the admin (everything) and as a village operator (403s and 404s outside its village).
                print(f"== schemathesis as {username} on {db.vendor} ==", flush=True)
                done = subprocess.run(
                    [
                        str(BIN / "schemathesis"), "run", f"{base}/api/schema/",
                        "--header", f"Authorization: Token {token}",
                        "--checks", "all",
                        # A NIK of the right shape can still fail the registry's rules (checksum, village): a 400
                        # for such a body is the rules speaking, which no schema can express.
                        "--exclude-checks", "positive_data_acceptance",
                        "--phases", "examples,coverage,fuzzing",
                        "--max-examples", str(args.examples),
                        "--seed", str(args.seed),
                        "--generation-deterministic",
                        "--request-timeout", "30",
                        "--workers", "2",
                        "--no-color",
                    ],
                    cwd=ROOT,
                )  # fmt: skip
                status = status or done.returncode
            return status
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
    finally:
        if db.pg_url:
            processes._drop_pg(db.pg_url)


if __name__ == "__main__":
    sys.exit(main())
