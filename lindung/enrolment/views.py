from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import get_visible_or_404, scope_of
from lindung.enrolment import batches, exports, renewal, replies
from lindung.enrolment.forms import MembershipFilterForm, ProfileForm, ReplyForm, WadahForm
from lindung.enrolment.models import (
    BatchReply,
    EnrolmentBatch,
    ExportProfile,
    Membership,
    MembershipStatus,
    ProposalStatus,
    RemovalProposal,
)
from lindung.errors import DomainError
from lindung.funding.models import Funder
from lindung.jobs.models import Job
from lindung.lib.nik import mask_nik
from lindung.programmes.views import get_year

PAGE_SIZE = 50
CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}


def _require_manage(user) -> None:
    if not scope_of(user).can(Action.MANAGE):
        raise PermissionDenied("Hanya admin kabupaten yang mengirim data ke BPJS dan mengunggah balasannya.")


@login_required
def year_overview(request, year):
    programme = get_year(year)
    funders = Funder.objects.visible_to(request.user).filter(programme_year=programme)
    if not funders.exists() and not scope_of(request.user).has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR):
        raise PermissionDenied("Halaman ini untuk kantor kabupaten dan sponsor penyandang dana.")
    counts: dict[int, dict] = {}
    for row in (
        Membership.objects.filter(funder__in=funders).order_by().values("funder_id", "status").annotate(n=Count("id"))
    ):
        counts.setdefault(row["funder_id"], {})[row["status"]] = row["n"]
    sent = dict(
        EnrolmentBatch.objects.filter(funder__in=funders)
        .order_by()
        .values_list("funder_id")
        .annotate(n=Count("id"))
        .values_list("funder_id", "n")
    )
    rows = [
        {
            "funder": f,
            "batches": sent.get(f.pk, 0),
            "by_status": [(s.label, counts.get(f.pk, {}).get(s.value, 0)) for s in MembershipStatus],
        }
        for f in funders
    ]
    return render(
        request,
        "enrolment/year_overview.html",
        {"year": programme, "rows": rows, "can_manage": scope_of(request.user).can(Action.MANAGE)},
    )


@login_required
def funder_page(request, pk):
    funder = get_visible_or_404(Funder.objects.select_related("programme_year"), request.user, pk=pk)
    can_manage = scope_of(request.user).can(Action.MANAGE)
    pending = batches.pending_changes(funder) if funder.programme_year.is_approved else None
    return render(
        request,
        "enrolment/funder.html",
        {
            "funder": funder,
            "year": funder.programme_year,
            "batches": EnrolmentBatch.objects.filter(funder=funder).order_by("-number"),
            "pending": pending,
            "can_manage": can_manage,
            "wadah_form": WadahForm(initial={"wadah_type": funder.wadah_type, "wadah_code": funder.wadah_code}),
        },
    )


@login_required
@require_POST
def funder_wadah(request, pk):
    funder = get_visible_or_404(Funder.objects, request.user, pk=pk)
    form = WadahForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("Pilih jenis wadah dari daftar.")
        batches.set_wadah(funder, **form.cleaned_data, by=request.user)
        messages.success(request, "Wadah BPJS disimpan.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("enrolment:funder", pk=pk)


@login_required
@require_POST
def batch_approve(request, pk):
    funder = get_visible_or_404(Funder.objects, request.user, pk=pk)
    try:
        batch = batches.approve_batch(funder, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("enrolment:funder", pk=pk)
    messages.success(request, f"Kiriman {batch.number} disetujui: daftarnya kini terkunci.")
    return redirect("enrolment:batch-detail", pk=batch.pk)


def _batch(request, pk) -> EnrolmentBatch:
    return get_visible_or_404(EnrolmentBatch.objects.select_related("funder", "programme_year"), request.user, pk=pk)


@login_required
def batch_detail(request, pk):
    batch = _batch(request, pk)
    scope = scope_of(request.user)
    rows = batches.batch_rows_visible(batch, request.user).order_by("village_code", "name", "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("hal"))
    for row in page:
        row.shown_nik = row.nik if scope.can(Action.VIEW_FULL_NIK, row.village_code) else mask_nik(row.nik)
    can_manage = scope.can(Action.MANAGE)
    job = (
        Job.objects.visible_to(request.user).filter(kind="enrolment.reply", params__batch=batch.pk).first()
        if can_manage
        else None
    )
    return render(
        request,
        "enrolment/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "can_manage": can_manage,
            "profiles": ExportProfile.objects.all() if can_manage else [],
            "replies": batch.replies.all() if can_manage else [],
            "reply_form": ReplyForm(),
            "job": job,
        },
    )


@login_required
@require_POST
def batch_send(request, pk):
    batch = _batch(request, pk)
    try:
        batches.mark_batch_sent(batch, by=request.user)
        messages.success(
            request, f"Kiriman {batch.number} ditandai terkirim ke BPJS. Sejak ini daftarnya tidak berubah."
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("enrolment:batch-detail", pk=pk)


@login_required
@require_POST
def batch_cancel(request, pk):
    batch = _batch(request, pk)
    try:
        batches.cancel_batch(batch, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("enrolment:batch-detail", pk=pk)
    messages.success(request, f"Kiriman {batch.number} dibatalkan; pesertanya masuk ke kiriman berikutnya.")
    return redirect("enrolment:funder", pk=batch.funder_id)


@login_required
def batch_export(request, pk, fmt):
    batch = _batch(request, pk)
    _require_manage(request.user)
    if fmt not in CONTENT_TYPES:
        raise Http404("Format berkas hanya xlsx atau csv.")
    profile_id = request.GET.get("profil")
    profile = (
        ExportProfile.objects.filter(pk=profile_id).first() if profile_id and profile_id.isdigit() else None
    ) or exports.default_profile()
    content = exports.batch_xlsx(batch, profile) if fmt == "xlsx" else exports.batch_csv(batch, profile)
    exports.record_export(batch, profile, fmt, by=request.user)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(batch, fmt)}"'
    return response


@login_required
@require_POST
def batch_reply(request, pk):
    batch = _batch(request, pk)
    _require_manage(request.user)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Pilih berkas balasan BPJS yang akan diunggah.")
        return redirect("enrolment:batch-detail", pk=pk)
    try:
        job = replies.start_reply(batch, form.cleaned_data["file"], by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("enrolment:batch-detail", pk=pk)
    job.refresh_from_db()
    if job.status == "done" and job.result.get("reply"):
        messages.success(request, job.result["message"])
        return redirect("enrolment:reply-detail", pk=job.result["reply"])
    if job.status == "failed":
        messages.error(request, job.error)
    return redirect("enrolment:batch-detail", pk=pk)


@login_required
def reply_detail(request, pk):
    reply = get_visible_or_404(
        BatchReply.objects.select_related("batch__funder", "batch__programme_year"), request.user, pk=pk
    )
    return render(request, "enrolment/reply_detail.html", {"reply": reply, "batch": reply.batch, "r": reply.result})


@login_required
def membership_list(request):
    form = MembershipFilterForm(request.GET or None)
    scope = scope_of(request.user)
    qs = form.apply(Membership.objects.visible_to(request.user)).select_related(
        "person", "person__village", "funder", "programme_year"
    )
    page = Paginator(qs.order_by("-programme_year__year", "person__name", "id"), PAGE_SIZE).get_page(
        request.GET.get("hal")
    )
    sponsor_only = scope.has_role(Role.SPONSOR) and not scope.can(Action.VIEW)
    for m in page:
        whole = (
            not sponsor_only
            and scope.can(Action.VIEW_FULL_NIK, m.person.village_id)
            and form.data.get("q") == m.person.nik
        )
        m.shown_nik = m.person.nik if whole else m.person.masked_nik
    return render(request, "enrolment/membership_list.html", {"form": form, "page": page, "sponsor_only": sponsor_only})


@login_required
def profile_list(request):
    _require_manage(request.user)
    return render(
        request, "enrolment/profile_list.html", {"profiles": ExportProfile.objects.all(), "fields": exports.FIELDS}
    )


@login_required
def profile_edit(request, pk=None):
    _require_manage(request.user)
    profile = get_visible_or_404(ExportProfile.objects, request.user, pk=pk) if pk else None
    initial = (
        {
            "name": profile.name,
            "columns": ProfileForm.columns_text(profile.columns),
            "date_format": profile.date_format,
            "is_default": profile.is_default,
            "note": profile.note,
        }
        if profile
        else {"columns": ProfileForm.columns_text([{"field": f, "header": h} for f, h in exports.FIELDS.items()])}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = batches.save_profile(
                profile,
                name=d["name"],
                columns=form.parsed_columns(),
                date_format=d["date_format"],
                is_default=d["is_default"],
                note=d["note"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Profil {saved.name} disimpan.")
            return redirect("enrolment:profile-list")
    return render(request, "enrolment/profile_form.html", {"form": form, "profile": profile})


@login_required
def renewal_page(request, year):
    programme = get_year(year)
    scope = scope_of(request.user)
    if not scope.can(Action.VERIFY) and not scope.has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR):
        raise PermissionDenied("Halaman ini untuk verifikator dan kantor kabupaten.")
    if request.method == "POST":
        try:
            found = renewal.recheck_eligibility(programme, by=request.user)
            messages.success(request, f"Pemeriksaan ulang selesai: {found} usulan pengeluaran baru.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("enrolment:renewal", year=year)
    proposals = (
        RemovalProposal.objects.visible_to(request.user)
        .filter(programme_year=programme)
        .select_related("person", "person__village", "membership__funder")
    )
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(
        request,
        "enrolment/renewal.html",
        {
            "year": programme,
            "page": page,
            "can_run": scope.can(Action.MANAGE) or scope.can(Action.VERIFY),
            "open": ProposalStatus.PROPOSED,
        },
    )


@login_required
@require_POST
def proposal_decide(request, pk):
    proposal = get_visible_or_404(RemovalProposal.objects.select_related("programme_year"), request.user, pk=pk)
    try:
        if request.POST.get("decision") == "confirm":
            renewal.confirm_removal(proposal, by=request.user, note=request.POST.get("note", ""))
            messages.success(request, "Pengeluaran dikonfirmasi.")
        else:
            renewal.keep_person(proposal, by=request.user, note=request.POST.get("note", ""))
            messages.success(request, "Pekerja tetap di daftar.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("enrolment:renewal", year=proposal.programme_year.year)
