import pytest
from django.db import transaction

from lindung.errors import DomainError
from lindung.jobs import services
from lindung.jobs.models import Job, JobStatus


@services.handler("test.count")
def count_to(job, report):
    total = job.params["n"]
    for i in range(1, total + 1):
        report(i, total, "menghitung")
    if job.params.get("fail"):
        raise DomainError("Berkas tidak dapat dibaca.")
    if job.params.get("crash"):
        raise RuntimeError("boom")
    return {"message": f"{total} selesai"}


def test_inline_job_runs_and_records_progress_and_result(db, settings):
    settings.LINDUNG_JOBS = "inline"
    job = services.enqueue("test.count", params={"n": 5})
    assert job.status == JobStatus.DONE
    assert job.progress_done == 5 and job.progress_total == 5
    assert job.result == {"message": "5 selesai"}


def test_domain_error_is_shown_to_the_user_as_is(db, settings):
    settings.LINDUNG_JOBS = "inline"
    job = services.enqueue("test.count", params={"n": 1, "fail": True})
    assert job.status == JobStatus.FAILED
    assert job.error == "Berkas tidak dapat dibaca."


def test_unexpected_error_gives_an_indonesian_message_not_a_traceback(db, settings):
    settings.LINDUNG_JOBS = "inline"
    job = services.enqueue("test.count", params={"n": 1, "crash": True})
    assert job.status == JobStatus.FAILED
    assert "boom" not in job.error and "Data tidak berubah" in job.error


def test_a_queued_job_is_claimed_once(db, settings):
    settings.LINDUNG_JOBS = "worker"
    job = services.enqueue("test.count", params={"n": 2})
    assert job.status == JobStatus.QUEUED
    first = services.claim()
    assert first is not None and first.pk == job.pk
    assert services.claim() is None
    services.run_job(first, claimed=True)
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


def test_stale_running_job_goes_back_to_the_queue(db, settings):
    from django.utils import timezone

    settings.LINDUNG_JOBS = "worker"
    job = services.enqueue("test.count", params={"n": 2})
    services.claim(job.pk)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timezone.timedelta(minutes=1))
    assert services.requeue_stale() == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED


def test_unknown_kind_is_refused(db):
    with pytest.raises(DomainError):
        services.enqueue("test.nothing")


def test_thread_mode_waits_for_the_commit(transactional_db, settings):
    settings.LINDUNG_JOBS = "thread"
    import threading
    import time

    with transaction.atomic():
        job = services.enqueue("test.count", params={"n": 3})
        assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    # Wait for the job's thread rather than polling its row: on the tests' in-memory SQLite (shared
    # cache) a read racing the thread's write fails it with "table is locked", which a real file's
    # busy timeout would have waited out.
    deadline = time.monotonic() + 10
    for thread in threading.enumerate():
        if thread.name == f"lindung-job-{job.pk}":
            thread.join(max(0.0, deadline - time.monotonic()))
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


def test_progress_partial_polls_until_done(db, settings, cast, client):
    settings.LINDUNG_JOBS = "worker"
    job = services.enqueue("test.count", params={"n": 2}, by=cast.operator_a)
    client.force_login(cast.operator_a)
    page = client.get(f"/pekerjaan/{job.pk}/")
    assert b'hx-trigger="every 1s"' in page.content
    client.force_login(cast.operator_b)
    assert client.get(f"/pekerjaan/{job.pk}/").status_code == 404
