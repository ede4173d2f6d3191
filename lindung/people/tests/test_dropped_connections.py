"""When PostgreSQL drops the server's connections, no request but one in flight is lost.

The real server (waitress, 8 threads, kept connections as in production) serves
API requests; every session of its database is then ended with
pg_terminate_backend, as a restart or failover would. Each thread's next request
must find its connection dead before using it, not answer 500.
"""

import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from lindung.testing.processes import ADMIN, postgres_process_db  # noqa: F401


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str) -> int:
    try:
        with urlopen(Request(url, headers={"Authorization": f"Token {token}"}), timeout=30) as response:
            return response.status
    except HTTPError as exc:
        return exc.code


def test_ending_every_database_session_costs_no_request(postgres_process_db):  # noqa: F811
    db = postgres_process_db
    token = db.django(
        f"""
        from django.contrib.auth import get_user_model
        from rest_framework.authtoken.models import Token
        result = Token.objects.get_or_create(user=get_user_model().objects.get(username={ADMIN!r}))[0].key
        """
    )
    port = _free_port()
    server = db.spawn(
        "waitress-serve", f"--port={port}", "--host=127.0.0.1", "--threads=8", "lindung.wsgi:application",
        LINDUNG_JOBS="inline", DB_CONN_MAX_AGE=600,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/api/people/"
    try:
        # A busy machine may take a while to start the server.
        deadline = time.monotonic() + 180
        while True:
            try:
                if _get(url, token) == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with ThreadPoolExecutor(16) as pool:
            # Enough at once that every server thread opens (and keeps) its own connection.
            assert set(pool.map(lambda _: _get(url, token), range(64))) == {200}
        dbname = db.pg_url.rsplit("/", 1)[1]
        ended = db.sql(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()) t",
            (dbname,),
        )[0][0]
        assert ended >= 2, "the server kept its connections"
        with ThreadPoolExecutor(16) as pool:
            after = list(pool.map(lambda _: _get(url, token), range(64)))
        assert after.count(200) == 64, after
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
