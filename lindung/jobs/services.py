"""Run long work as jobs: enqueue, claim, run a registered handler, report progress.

How a job runs is a setting (LINDUNG_JOBS):
  thread  (default, the embedded install) - a thread of the web server starts it after commit;
  worker  - `lindung run_worker` claims queued jobs (production, survives restarts);
  inline  - run inside `enqueue` (tests, and the command line).
A handler must leave nothing half-written if it is killed: it commits its data in
one transaction, or in idempotent steps that a rerun completes.
"""

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from lindung.errors import DomainError
from lindung.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

HANDLERS: dict[str, Callable[["Job", "Reporter"], dict]] = {}


def handler(kind: str):
    """Register the function that runs jobs of this kind."""

    def register(fn):
        HANDLERS[kind] = fn
        return fn

    return register


class Reporter:
    """Writes progress to the job row at most every `every` seconds (and an optional CLI printer)."""

    def __init__(self, job: Job, *, every: float = 0.5, echo: Callable[[int, int | None], None] | None = None):
        self.job = job
        self.every = every
        self.echo = echo
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, label: str = "") -> None:
        if self.echo:
            self.echo(done, total)
        now = time.monotonic()
        if now - self._last < self.every and (total is None or done < total):
            return
        self._last = now
        # A plain UPDATE outside the handler's transaction would block on SQLite; progress
        # rows are written through the default connection only when not inside one.
        Job.objects.filter(pk=self.job.pk).update(
            progress_done=done,
            progress_total=total,
            progress_label=label[:200] or self.job.progress_label,
            heartbeat_at=timezone.now(),
        )


def enqueue(kind: str, *, by=None, params: dict | None = None, region_code: str = "", label: str = "") -> Job:
    """Create a queued job and start it as LINDUNG_JOBS says."""
    if kind not in HANDLERS:
        raise DomainError(f"Jenis pekerjaan {kind} tidak dikenal.")
    job = Job.objects.create(
        kind=kind, params=params or {}, region_code=region_code, created_by=by, progress_label=label[:200]
    )
    mode = getattr(settings, "LINDUNG_JOBS", "thread")
    if mode == "inline":
        run_job(job)
        job.refresh_from_db()
    elif mode == "thread":
        transaction.on_commit(lambda: _start_thread(job.pk))
    return job


def _start_thread(job_id: int) -> None:
    def target():
        try:
            job = claim(job_id)
            if job is not None:
                run_job(job, claimed=True)
        finally:
            # The thread's own connection must not outlive it (PostgreSQL would keep a session open).
            connections.close_all()

    threading.Thread(target=target, name=f"lindung-job-{job_id}", daemon=True).start()


def claim(job_id: int | None = None) -> Job | None:
    """Take one queued job (this one, or the oldest) by a conditional update; None if someone else took it."""
    qs = Job.objects.filter(status=JobStatus.QUEUED)
    if job_id is not None:
        qs = qs.filter(pk=job_id)
    candidate = qs.order_by("created_at", "id").values_list("pk", flat=True).first()
    if candidate is None:
        return None
    now = timezone.now()
    taken = Job.objects.filter(pk=candidate, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if taken != 1:
        return None
    job = Job.objects.get(pk=candidate)
    Job.objects.filter(pk=candidate).update(attempts=job.attempts + 1)
    return job


def run_job(job: Job, *, claimed: bool = False, echo=None) -> Job:
    """Run the job's handler now, recording the result or the error on the row."""
    if not claimed:
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now)
    fn = HANDLERS[job.kind]
    try:
        result = fn(job, Reporter(job, echo=echo)) or {}
    except DomainError as exc:
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=exc.message, finished_at=timezone.now())
    except Exception:
        log.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error="Terjadi kesalahan sistem saat menjalankan pekerjaan ini. Data tidak berubah; coba jalankan lagi "
            "atau hubungi admin.",
            finished_at=timezone.now(),
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, result=result, finished_at=timezone.now(), heartbeat_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def requeue_stale(minutes: int = 10) -> int:
    """Jobs whose worker died mid-way go back to the queue (handlers are safe to rerun)."""
    limit = timezone.now() - timezone.timedelta(minutes=minutes)
    return Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=limit).update(status=JobStatus.QUEUED)
