from django.conf import settings
from django.db import models
from django.utils import timezone

from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Menunggu"
    RUNNING = "running", "Berjalan"
    DONE = "done", "Selesai"
    FAILED = "failed", "Gagal"
    CANCELLED = "cancelled", "Dibatalkan"


def stale_after() -> timezone.timedelta:
    """How long a running job may go without a heartbeat before its runner is taken for dead."""
    return timezone.timedelta(seconds=settings.LINDUNG_JOB_STALE_SECONDS)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobQuerySet":
        """A job is seen by whoever started it, and by admins and auditors."""
        if scope_of(user).has_role(Role.ADMIN, Role.AUDITOR):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(created_by=user)


class Job(models.Model):
    """Long work (imports, duplicate scans, exports): the row is the job and carries its progress."""

    kind = models.CharField("jenis", max_length=40)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    progress_label = models.CharField(max_length=200, blank=True)
    region_code = models.CharField(max_length=13, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Where a rerun continues (a handler writes it in the transaction of the work it describes).
    checkpoint = models.JSONField(default=dict, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "pekerjaan"
        verbose_name_plural = "pekerjaan"
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="job_status_valid")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, 100 * self.progress_done // self.progress_total)

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)

    def is_stale(self) -> bool:
        """Running, but its runner has not been heard of for longer than a live one ever is silent."""
        beat = self.heartbeat_at or self.started_at
        return self.status == JobStatus.RUNNING and beat is not None and timezone.now() - beat > stale_after()

    def is_stuck(self) -> bool:
        """Nobody is working on it: a dead runner, or (thread mode) queued with no thread to take it."""
        if self.is_stale():
            return True
        return (
            self.status == JobStatus.QUEUED
            and settings.LINDUNG_JOBS == "thread"
            and timezone.now() - self.created_at > stale_after()
        )

    @property
    def can_resume(self) -> bool:
        return self.status == JobStatus.FAILED or self.is_stuck()

    @property
    def can_cancel(self) -> bool:
        return self.status == JobStatus.FAILED or self.is_stuck()
