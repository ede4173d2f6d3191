from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lindung.accounts.models import Action
from lindung.accounts.scoping import get_visible_or_404, scope_of
from lindung.errors import DomainError
from lindung.imports import duplicates, services, workbooks
from lindung.imports.forms import MappingForm, UploadForm
from lindung.imports.models import ImportBatch, ImportRow, RowStatus
from lindung.people.forms import village_choices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_PROBLEMS = 50


@login_required
def batch_list(request):
    scope_of(request.user).require(Action.PROPOSE)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.create_batch(
                form.cleaned_data["file"], by=request.user, village_code=form.cleaned_data["village"] or None
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("imports:batch-mapping", pk=batch.pk)
    batches = ImportBatch.objects.visible_to(request.user).select_related("created_by")[:20]
    return render(request, "imports/batch_list.html", {"form": form, "batches": batches})


@login_required
def batch_mapping(request, pk):
    batch = get_visible_or_404(ImportBatch.objects, request.user, pk=pk)
    form = MappingForm(request.POST or None, batch=batch)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_mapping(batch, form.mapping(), by=request.user, ignored=form.ignored())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            services.start_preview(batch, by=request.user)
            return redirect("imports:batch-detail", pk=batch.pk)
    return render(request, "imports/batch_mapping.html", {"batch": batch, "form": form})


@login_required
def batch_detail(request, pk):
    batch = get_visible_or_404(ImportBatch.objects.select_related("job", "village_default"), request.user, pk=pk)
    problems = (
        ImportRow.objects.filter(batch=batch, status=RowStatus.INVALID).order_by("position")[:FIRST_PROBLEMS]
        if batch.previewed_at
        else []
    )
    warnings = (
        ImportRow.objects.filter(batch=batch, status=RowStatus.WARNING).order_by("position")[:10]
        if batch.previewed_at
        else []
    )
    # Possible duplicates get their own list: among a big file's ordinary warnings they would be lost.
    possible_duplicates = (
        ImportRow.objects.filter(batch=batch, status=RowStatus.WARNING, problems__icontains=duplicates.CODE).order_by(
            "position"
        )[:FIRST_PROBLEMS]
        if batch.previewed_at
        else []
    )
    conflicts = services.conflicts(batch, by=request.user, limit=FIRST_PROBLEMS) if batch.previewed_at else []
    problems = list(problems)
    may_reveal = services.may_reveal_niks(batch, by=request.user)
    revealed = services.show_niks(
        batch,
        problems + [c.row for c in conflicts],
        by=request.user,
        reveal=may_reveal and request.GET.get("nik") == "lengkap",
    )
    running = batch.job is not None and not batch.job.finished
    return render(
        request,
        "imports/batch_detail.html",
        {
            "batch": batch,
            "problems": problems,
            "warnings": warnings,
            "possible_duplicates": possible_duplicates,
            "duplicate_code": duplicates.CODE,
            "conflicts": conflicts,
            "may_reveal": may_reveal,
            "revealed": revealed,
            "running": running,
            "job": batch.job,
        },
    )


@login_required
@require_POST
def batch_commit(request, pk):
    batch = get_visible_or_404(ImportBatch.objects, request.user, pk=pk)
    try:
        services.start_commit(batch, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("imports:batch-detail", pk=batch.pk)


@login_required
def error_download(request, pk):
    batch = get_visible_or_404(ImportBatch.objects, request.user, pk=pk)
    services.record_error_download(batch, by=request.user)
    content = workbooks.error_workbook(batch)
    response = HttpResponse(content, content_type=XLSX)
    stem = batch.original_name.rsplit(".", 1)[0][:60].replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="perbaiki-{stem}.xlsx"'
    return response


@login_required
def template_download(request):
    scope_of(request.user).require(Action.PROPOSE)
    villages = [
        (code, label.split(" — Kec. ")[0], label.split(" — Kec. ")[-1])
        for code, label in village_choices(request.user, Action.PROPOSE)
    ]
    content = workbooks.template_workbook(villages, today=timezone.localdate())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-daftar-pekerja.xlsx"'
    return response
