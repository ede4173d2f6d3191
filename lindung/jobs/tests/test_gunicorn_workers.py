"""Production's gunicorn: its config gives one worker set per core, and several workers run a job once.

Each worker imports lindung.wsgi and starts its own job janitor; the janitors all
see the same queued job at start, and the conditional claim must let only one of
them run it. Real gunicorn, real worker processes, the shared scratch database of
lindung/testing/processes.py.
"""

import http.client
import os
import signal
from pathlib import Path

from gunicorn.config import Config

from lindung.jobs.tests.test_recovery import (  # noqa: F401
    _batch,
    _free_port,
    _previewed_batch,
    _start_commit,
    _wait_committed,
    _written,
    scratch,
)
from lindung.testing.processes import people_csv, process_db  # noqa: F401

CONF = Path(__file__).resolve().parents[3] / "gunicorn.conf.py"


def _config(monkeypatch, **environ) -> Config:
    for name in ("WEB_CONCURRENCY", "LINDUNG_THREADS", "LINDUNG_BIND", "LINDUNG_KEEPALIVE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    values: dict = {}
    exec(compile(CONF.read_text(), str(CONF), "exec"), values)  # as gunicorn -c reads it
    cfg = Config()
    for name, value in values.items():
        if name in cfg.settings:
            cfg.set(name, value)
    return cfg


def test_the_gunicorn_config_starts_two_workers_per_core_plus_one_of_threads_not_preloaded(monkeypatch):
    cfg = _config(monkeypatch)
    assert cfg.workers == 2 * os.cpu_count() + 1
    assert cfg.worker_class_str == "gthread" and cfg.threads == 4
    assert cfg.preload_app is False
    assert cfg.max_requests == 0
    assert cfg.keepalive == 0  # a kept connection would stay with the worker that accepted it


def test_lindung_keepalive_keeps_connections_open_for_that_long(monkeypatch):
    assert _config(monkeypatch, LINDUNG_KEEPALIVE="5").keepalive == 5


def test_web_concurrency_and_lindung_threads_set_the_workers_and_threads(monkeypatch):
    cfg = _config(monkeypatch, WEB_CONCURRENCY="3", LINDUNG_THREADS="2", LINDUNG_BIND="127.0.0.1:9000")
    assert (cfg.workers, cfg.threads, cfg.bind) == (3, 2, ["127.0.0.1:9000"])


def test_three_gunicorn_workers_serve_pages_and_run_a_queued_job_exactly_once(scratch, tmp_path):  # noqa: F811
    db = scratch
    batch_id, accepted = _previewed_batch(db, people_csv(tmp_path / "desa.csv", 3_000))
    _start_commit(db, batch_id, "worker")  # queued, left for the server's janitors
    port = _free_port()
    server = db.spawn(
        "gunicorn", "-c", str(CONF), f"--bind=127.0.0.1:{port}", "--workers=3", "lindung.wsgi:application",
        LINDUNG_JOBS="thread", ALLOWED_HOSTS="127.0.0.1",
    )  # fmt: skip
    try:
        batch = _wait_committed(db, batch_id, 120)
        statuses, connection = set(), set()
        for _ in range(6):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/akun/masuk/")
            response = conn.getresponse()
            statuses.add(response.status)
            connection.add(response.getheader("Connection"))
            conn.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(40)
    assert batch["status"] == "committed", batch
    assert _written(db) == accepted and batch["created"] == accepted
    [(job_status, attempts)] = db.sql("SELECT status, attempts FROM jobs_job WHERE id = %s", (batch["job"],))
    assert (job_status, attempts) == ("done", 1)
    assert statuses == {200}
    assert connection == {"close"}  # the next request goes to whichever worker is free
