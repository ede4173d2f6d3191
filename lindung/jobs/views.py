from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lindung.accounts.scoping import get_visible_or_404
from lindung.errors import DomainError
from lindung.jobs import services
from lindung.jobs.models import Job


@login_required
def job_progress(request, pk):
    job = get_visible_or_404(Job.objects, request.user, pk=pk)
    return render(request, "jobs/_progress.html", {"job": job})


def _back(request, job):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(job.result.get("next_url") or "home")


@login_required
@require_POST
def job_resume(request, pk):
    job = get_visible_or_404(Job.objects, request.user, pk=pk)
    try:
        services.resume_job(job, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Pekerjaan dilanjutkan dari langkah terakhir yang tersimpan.")
    return _back(request, job)


@login_required
@require_POST
def job_cancel(request, pk):
    job = get_visible_or_404(Job.objects, request.user, pk=pk)
    try:
        services.cancel_job(job, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Pekerjaan dibatalkan. Bagian yang sudah tersimpan tetap tersimpan.")
    return _back(request, job)
