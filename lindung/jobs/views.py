from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lindung.accounts.scoping import get_visible_or_404
from lindung.jobs.models import Job


@login_required
def job_progress(request, pk):
    job = get_visible_or_404(Job.objects, request.user, pk=pk)
    return render(request, "jobs/_progress.html", {"job": job})
