"""A stuck or failed job's page offers its owner to continue or cancel it; nobody else."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from lindung.errors import DomainError
from lindung.jobs import services
from lindung.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


@services.handler("test.resumable")
def resumable(job, report):
    report.checkpoint({"done": True})
    return {"message": "lanjut sampai selesai"}


def _stuck(owner, settings):
    settings.LINDUNG_JOBS = "worker"
    job = services.enqueue("test.resumable", by=owner)
    services.claim(job.pk)
    long_ago = timezone.now() - timezone.timedelta(seconds=settings.LINDUNG_JOB_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=long_ago, started_at=long_ago)
    return Job.objects.get(pk=job.pk)


def test_a_job_silent_for_longer_than_the_limit_is_stuck_and_one_that_just_beat_is_not(cast, settings):
    job = _stuck(cast.operator_a, settings)
    assert job.is_stale() and job.is_stuck()
    assert settings.LINDUNG_JOB_STALE_SECONDS < 60
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    job.refresh_from_db()
    assert not job.is_stuck()


def test_the_owner_sees_continue_and_cancel_on_a_stuck_job(client, cast, settings):
    job = _stuck(cast.operator_a, settings)
    client.force_login(cast.operator_a)
    page = client.get(reverse("jobs:job-progress", args=[job.pk])).content.decode()
    assert "terhenti" in page and "Lanjutkan" in page and "Batalkan" in page


def test_an_auditor_sees_the_stuck_job_but_no_buttons(client, cast, settings):
    job = _stuck(cast.operator_a, settings)
    client.force_login(cast.auditor)
    page = client.get(reverse("jobs:job-progress", args=[job.pk])).content.decode()
    assert "terhenti" in page and "Lanjutkan" not in page


def test_another_operator_cannot_see_or_resume_the_job(client, cast, settings):
    job = _stuck(cast.operator_a, settings)
    client.force_login(cast.operator_b)
    assert client.get(reverse("jobs:job-progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:job-resume", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:job-cancel", args=[job.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.resume_job(job, by=cast.operator_b)
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING


def test_continue_runs_the_job_again_from_its_checkpoint(client, cast, settings):
    job = _stuck(cast.operator_a, settings)
    settings.LINDUNG_JOBS = "inline"
    client.force_login(cast.operator_a)
    response = client.post(reverse("jobs:job-resume", args=[job.pk]), {"next": "/impor/"})
    assert response.status_code == 302 and response["Location"] == "/impor/"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.checkpoint == {"done": True}


def test_cancel_stops_it_for_good_and_says_who(client, cast, settings):
    job = _stuck(cast.operator_a, settings)
    client.force_login(cast.operator_a)
    client.post(reverse("jobs:job-cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and "Dibatalkan oleh" in job.error
    with pytest.raises(DomainError):
        services.resume_job(job, by=cast.operator_a)


def test_a_running_job_that_beats_cannot_be_cancelled(cast, settings):
    settings.LINDUNG_JOBS = "worker"
    job = services.enqueue("test.resumable", by=cast.operator_a)
    services.claim(job.pk)
    with pytest.raises(DomainError):
        services.cancel_job(Job.objects.get(pk=job.pk), by=cast.operator_a)


def test_a_job_stuck_too_often_is_failed_not_requeued_forever(cast, settings):
    job = _stuck(cast.operator_a, settings)
    Job.objects.filter(pk=job.pk).update(attempts=settings.LINDUNG_JOB_ATTEMPTS)
    assert services.requeue_stale() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "terhenti" in job.error
