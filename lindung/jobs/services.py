"""Run long work as jobs: enqueue, claim, run a registered handler, report progress.

How a job runs is a setting (LINDUNG_JOBS):
  thread  (default, the embedded install) - a thread of the web server starts it after commit;
  worker  - `lindung run_worker` claims queued jobs (production, survives restarts);
  inline  - run inside `enqueue` (tests, and the command line).
A handler must leave nothing half-written if it is killed: it commits its data in
one transaction, or in idempotent steps that a rerun completes (`Reporter.checkpoint`
saves where, in the same transaction as the step).

A runner that dies (kill -9, power) leaves its job "running" with a heartbeat that
stops: after LINDUNG_JOB_STALE_SECONDS the worker, or in thread mode the server's
janitor thread (at start and on a timer), requeues it, or fails it after
LINDUNG_JOB_ATTEMPTS tries; its owner may also resume or cancel it from its page.
"""

import contextlib
import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.utils import timezone

from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.errors import DomainError
from lindung.jobs.models import Job, JobStatus, stale_after

log = logging.getLogger(__name__)

HANDLERS: dict[str, Callable[["Job", "Reporter"], dict]] = {}
# Called when a job of this kind is cancelled or given up, inside that transaction (e.g. the batch says so).
ON_GIVE_UP: dict[str, Callable[["Job", str], None]] = {}


def handler(kind: str, *, on_give_up: Callable[["Job", str], None] | None = None):
    """Register the function that runs jobs of this kind (and what to do when one is abandoned)."""

    def register(fn):
        HANDLERS[kind] = fn
        if on_give_up is not None:
            ON_GIVE_UP[kind] = on_give_up
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

    def checkpoint(self, state: dict) -> None:
        """Save where a rerun continues; call it inside the transaction of the work `state` describes."""
        self.job.checkpoint = state
        Job.objects.filter(pk=self.job.pk).update(checkpoint=state)


def enqueue(
    kind: str,
    *,
    by=None,
    params: dict | None = None,
    region_code: str = "",
    label: str = "",
    checkpoint: dict | None = None,
) -> Job:
    """Create a queued job and start it as LINDUNG_JOBS says (from `checkpoint`, continuing an earlier one)."""
    if kind not in HANDLERS:
        raise DomainError(f"Jenis pekerjaan {kind} tidak dikenal.")
    job = Job.objects.create(
        kind=kind,
        params=params or {},
        region_code=region_code,
        created_by=by,
        progress_label=label[:200],
        checkpoint=checkpoint or {},
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


def _beat(job_id: int, stop: threading.Event) -> None:
    # Progress alone is no heartbeat: a step such as the duplicate search may report nothing for minutes.
    every = max(0.5, settings.LINDUNG_JOB_STALE_SECONDS / 6)
    try:
        while not stop.wait(every):
            # SQLite: the handler may hold the write lock for a moment; the next beat gets through.
            with contextlib.suppress(DatabaseError):
                Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(heartbeat_at=timezone.now())
    finally:
        connections.close_all()


def run_job(job: Job, *, claimed: bool = False, echo=None) -> Job:
    """Run the job's handler now, recording the result or the error on the row."""
    if not claimed:
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now)
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(job.pk, stop), name=f"lindung-beat-{job.pk}", daemon=True)
    beat.start()
    try:
        return _run(job, echo)
    finally:
        stop.set()
        beat.join()


def _run(job: Job, echo) -> Job:
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


GAVE_UP = (
    "Pekerjaan ini terhenti {n} kali di tengah jalan (server atau proses pekerja mati), lalu tidak dicoba lagi. "
    "Bagian yang sudah tersimpan tetap tersimpan; klik Lanjutkan untuk meneruskannya, atau hubungi admin."
)


def requeue_stale() -> int:
    """Jobs whose runner died mid-way go back to the queue (handlers are safe to rerun), or fail after too many tries.

    Returns how many were requeued.
    """
    limit = timezone.now() - stale_after()
    stale = Q(status=JobStatus.RUNNING) & (Q(heartbeat_at__lt=limit) | Q(heartbeat_at=None, started_at__lt=limit))
    for job in Job.objects.filter(stale, attempts__gte=settings.LINDUNG_JOB_ATTEMPTS):
        _give_up(job, GAVE_UP.format(n=job.attempts), status=JobStatus.FAILED, expect=JobStatus.RUNNING)
    return Job.objects.filter(stale, attempts__lt=settings.LINDUNG_JOB_ATTEMPTS).update(status=JobStatus.QUEUED)


def _give_up(job: Job, message: str, *, status: str, expect) -> bool:
    with transaction.atomic():
        taken = Job.objects.filter(pk=job.pk, status__in=expect if isinstance(expect, list) else [expect]).update(
            status=status, error=message, finished_at=timezone.now()
        )
        if taken and job.kind in ON_GIVE_UP:
            ON_GIVE_UP[job.kind](job, message)
    return bool(taken)


def recover(*, start: bool = True) -> int:
    """Requeue stale jobs and, in thread mode, start every queued one (the janitor's round); return how many."""
    requeued = requeue_stale()
    if start and settings.LINDUNG_JOBS == "thread":
        for job_id in Job.objects.filter(status=JobStatus.QUEUED).values_list("pk", flat=True):
            # The conditional claim lets only one thread run it, should its own thread still be on the way.
            _start_thread(job_id)
    return requeued


_janitor: threading.Thread | None = None


def start_janitor() -> None:
    """In thread mode the server is the worker: at start and on a timer, pick up what a dead server left."""
    global _janitor
    if settings.LINDUNG_JOBS != "thread" or _janitor is not None:
        return

    def loop():
        every = max(1.0, settings.LINDUNG_JOB_STALE_SECONDS / 3)
        while True:
            try:
                recover()
            except Exception:
                log.exception("job janitor round failed")
            finally:
                connections.close_all()
            time.sleep(every)

    _janitor = threading.Thread(target=loop, name="lindung-jobs-janitor", daemon=True)
    _janitor.start()


def _may_manage(job: Job, by) -> None:
    if job.created_by_id != getattr(by, "pk", None) and not scope_of(by).has_role(Role.ADMIN):
        raise PermissionDenied(
            "Hanya yang memulai pekerjaan ini (atau admin) yang dapat melanjutkan atau membatalkannya."
        )


def resume_job(job: Job, *, by) -> Job:
    """Put a failed or stuck job back in the queue; it continues where its last saved step ended."""
    _may_manage(job, by)
    job.refresh_from_db()
    if not job.can_resume:
        raise DomainError("Pekerjaan ini masih berjalan atau sudah selesai; tidak ada yang perlu dilanjutkan.")
    with transaction.atomic():
        taken = Job.objects.filter(pk=job.pk, status=job.status).update(
            status=JobStatus.QUEUED, error="", finished_at=None, attempts=0
        )
        if not taken:
            raise DomainError("Pekerjaan ini baru saja diubah orang lain. Muat ulang halaman.")
        audit.record("jobs.job.resumed", job, by=by, region_code=job.region_code, data={"kind": job.kind})
        if settings.LINDUNG_JOBS == "thread":
            transaction.on_commit(lambda: _start_thread(job.pk))
    if settings.LINDUNG_JOBS == "inline":
        claimed = claim(job.pk)
        if claimed is not None:
            run_job(claimed, claimed=True)
    job.refresh_from_db()
    return job


def cancel_job(job: Job, *, by) -> Job:
    """Stop trying a failed or stuck job; what it already saved stays saved."""
    _may_manage(job, by)
    job.refresh_from_db()
    if not job.can_cancel:
        raise DomainError("Pekerjaan ini masih berjalan atau sudah selesai, sehingga tidak dapat dibatalkan.")
    name = by.get_full_name() or by.get_username()
    message = f"Dibatalkan oleh {name}. Bagian yang sudah tersimpan tetap tersimpan."
    with transaction.atomic():
        if not _give_up(job, message, status=JobStatus.CANCELLED, expect=[job.status]):
            raise DomainError("Pekerjaan ini baru saja diubah orang lain. Muat ulang halaman.")
        audit.record("jobs.job.cancelled", job, by=by, region_code=job.region_code, data={"kind": job.kind})
    job.refresh_from_db()
    return job
