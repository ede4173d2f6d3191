"""A job whose process is killed is picked up again, and reports what it wrote as its own.

Real processes, real kill -9: the worker (`run_worker`) and, in thread mode, the
web server itself (waitress). The database is a scratch one the processes share
(see lindung/testing/processes.py).
"""

import signal
import socket
import time

import pytest

from lindung.testing.processes import ADMIN, people_csv, process_db  # noqa: F401

ROWS = 15_000
VILLAGE = "64.02.06.1010"
STALE = 3  # seconds without a heartbeat before a runner is taken for dead (45 in production)


def _previewed_batch(db, path) -> tuple[int, int]:
    """Upload and preview the file as the admin; return the batch's id and how many rows it accepts."""
    return db.django(
        f"""
        from django.contrib.auth import get_user_model
        from django.core.files import File
        from lindung.imports import services
        admin = get_user_model().objects.get(username={ADMIN!r})
        with open({str(path)!r}, "rb") as fh:
            batch = services.create_batch(File(fh, name="desa.csv"), by=admin, village_code={VILLAGE!r})
        services.preview_import(batch, by=admin)
        result = [batch.pk, batch.rows_valid + batch.rows_warning]
        """,
        LINDUNG_JOBS="inline",
    )


def _start_commit(db, batch_id: int, mode: str) -> None:
    db.django(
        f"""
        from lindung.imports import services
        from lindung.imports.models import ImportBatch
        batch = ImportBatch.objects.get(pk={batch_id})
        services.start_commit(batch, by=batch.created_by)
        """,
        LINDUNG_JOBS=mode,
    )


def _batch(db, batch_id: int) -> dict:
    [(status, created, updated, unchanged, error, job_id)] = db.sql(
        "SELECT status, people_created, people_updated, people_unchanged, error, job_id "
        "FROM imports_importbatch WHERE id = %s",
        (batch_id,),
    )
    return {"status": status, "created": created, "updated": updated, "unchanged": unchanged, "error": error,
            "job": job_id}  # fmt: skip


def _written(db) -> int:
    return db.sql("SELECT count(*) FROM people_person")[0][0]


def _kill_mid_commit(db, process, batch_id: int) -> int:
    """Wait until the commit has written some chunks but not all, then kill -9; return the people written."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        written = _written(db)
        if written >= 5_000:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the commit did not get going")
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = _written(db)
    assert 0 < written < ROWS * 0.9, "killed in the middle"
    assert _batch(db, batch_id)["status"] == "committing"
    return written


def _wait_committed(db, batch_id: int, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch = _batch(db, batch_id)
        # The job row says "done" a moment after the batch: wait for both.
        job = db.sql("SELECT status FROM jobs_job WHERE id = %s", (batch["job"],))
        if batch["status"] in ("committed", "failed") and job and job[0][0] in ("done", "failed"):
            return batch
        time.sleep(0.2)
    pytest.fail(f"not committed after {seconds} s: {_batch(db, batch_id)}")


def _clean(db):
    db.django(
        """
        from lindung.audit.models import AuditEntry
        from lindung.imports.models import ImportBatch
        from lindung.jobs.models import Job
        from lindung.people.models import Person
        ImportBatch.objects.all().delete()
        Job.objects.all().delete()
        Person.objects.all().delete()
        AuditEntry.objects.all().delete()
        """
    )


@pytest.fixture
def scratch(process_db, tmp_path):  # noqa: F811
    _clean(process_db)
    yield process_db
    _clean(process_db)


def test_a_worker_killed_mid_commit_is_resumed_by_the_next_and_counts_its_rows_as_created(scratch, tmp_path):
    db = scratch
    batch_id, accepted = _previewed_batch(db, people_csv(tmp_path / "desa.csv", ROWS))
    _start_commit(db, batch_id, "worker")
    worker = db.spawn("run_worker", "--poll", "0.2", LINDUNG_JOBS="worker", LINDUNG_JOB_STALE_SECONDS=STALE)
    _kill_mid_commit(db, worker, batch_id)

    # A new worker, started at once: it finds the job stale within seconds (not ten minutes) and resumes it.
    started = time.monotonic()
    again = db.spawn("run_worker", "--poll", "0.2", LINDUNG_JOBS="worker", LINDUNG_JOB_STALE_SECONDS=STALE)
    try:
        batch = _wait_committed(db, batch_id, 120)
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(30)
    assert time.monotonic() - started < 60
    assert batch["status"] == "committed", batch
    assert accepted > ROWS * 0.9 and _written(db) == accepted
    # The rows written before the kill are this batch's work, not "already there without change".
    assert (batch["created"], batch["updated"], batch["unchanged"]) == (accepted, 0, 0)
    assert db.sql("SELECT count(*) FROM audit_auditentry WHERE action = 'people.person.proposed'")[0][0] == accepted


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_server_killed_mid_commit_in_thread_mode_finishes_the_job_when_it_starts_again(scratch, tmp_path):
    db = scratch
    batch_id, accepted = _previewed_batch(db, people_csv(tmp_path / "desa.csv", ROWS))
    port = _free_port()
    env = {"LINDUNG_JOBS": "thread", "LINDUNG_JOB_STALE_SECONDS": STALE}
    # The server runs the commit in its own thread, as `make run` does; a short-lived process starts it
    # there: the server is the one that picks the queued job up (its janitor, at start).
    _start_commit(db, batch_id, "worker")
    server = db.spawn("waitress-serve", f"--port={port}", "--host=127.0.0.1", "lindung.wsgi:application", **env)
    _kill_mid_commit(db, server, batch_id)

    again = db.spawn("waitress-serve", f"--port={port}", "--host=127.0.0.1", "lindung.wsgi:application", **env)
    try:
        batch = _wait_committed(db, batch_id, 120)
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(30)
    assert batch["status"] == "committed", batch
    assert _written(db) == accepted
    assert (batch["created"], batch["unchanged"]) == (accepted, 0)
    [(job_status, attempts)] = db.sql("SELECT status, attempts FROM jobs_job WHERE id = %s", (batch["job"],))
    assert job_status == "done" and attempts == 2


def test_the_same_batch_committed_by_two_threads_at_once_ends_once_with_a_message_for_the_other(scratch, tmp_path):
    db = scratch
    batch_id, accepted = _previewed_batch(db, people_csv(tmp_path / "desa.csv", 3000))
    result = db.django(
        f"""
        import threading
        from django.db import connection
        from lindung.errors import DomainError
        from lindung.imports import services
        from lindung.imports.models import ImportBatch
        start = threading.Barrier(2)
        outcomes = []

        def commit():
            batch = ImportBatch.objects.get(pk={batch_id})
            start.wait()
            try:
                services.commit_import(batch, by=batch.created_by)
                outcomes.append("ok")
            except DomainError as exc:
                outcomes.append(exc.message)
            except Exception as exc:
                outcomes.append("TRACEBACK " + repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=commit) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result = outcomes
        """
    )
    assert sorted(result, key=lambda r: r != "ok")[0] == "ok", result
    other = next(r for r in result if r != "ok") if result.count("ok") == 1 else None
    assert other is not None and "sedang disimpan oleh proses lain" in other, result
    batch = _batch(db, batch_id)
    assert batch["status"] == "committed" and batch["created"] == accepted
    assert _written(db) == accepted


def test_the_same_file_imported_twice_at_once_ends_with_one_copy_and_no_traceback(scratch, tmp_path):
    db = scratch
    path = people_csv(tmp_path / "desa.csv", 12_000)
    accepted = db.django(
        f"""
        from django.contrib.auth import get_user_model
        from lindung.imports import services
        admin = get_user_model().objects.get(username={ADMIN!r})
        found = services.import_file({str(path)!r}, by=admin, village_code={VILLAGE!r}, dry_run=True)
        result = found["valid"] + found["warning"]
        """
    )
    first, second = (
        db.spawn("import", str(path), "--village", VILLAGE, "--user", ADMIN, LINDUNG_JOBS="inline") for _ in range(2)
    )
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    codes = [first.returncode, second.returncode]
    for _, err in outputs:
        assert "Traceback" not in err and "UniqueViolation" not in err and "IntegrityError" not in err, err[-2000:]
    assert 0 in codes, outputs
    for code, (_, err) in zip(codes, outputs, strict=True):
        if code != 0:
            assert "bersamaan" in err, err[-2000:]
    assert _written(db) == accepted
    statuses = [s for (s,) in db.sql("SELECT status FROM imports_importbatch")]
    assert "committing" not in statuses, statuses
