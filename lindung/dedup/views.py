from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts.models import Action, Role
from lindung.accounts.redirects import redirect_back
from lindung.accounts.scoping import get_visible_or_404, require_role, scope_of
from lindung.dedup import services
from lindung.dedup.forms import BulkMergeForm, ClearFlagForm, DistinctForm, MergeForm, ReferenceUploadForm
from lindung.dedup.models import CandidateStatus, DuplicateCandidate, FlagStatus, PersonFlag, ReferenceList
from lindung.errors import DomainError
from lindung.jobs.models import Job
from lindung.lib.formatting import rupiah, tanggal
from lindung.lib.nik import digits_apart, mask_nik
from lindung.people.models import Person

PAGE_SIZE = 30


def _job(request):
    pk = request.GET.get("pekerjaan")
    return Job.objects.visible_to(request.user).filter(pk=pk).first() if pk and pk.isdigit() else None


@login_required
def candidate_list(request):
    status = request.GET.get("status") or CandidateStatus.OPEN
    if status not in CandidateStatus.values:
        status = CandidateStatus.OPEN
    qs = DuplicateCandidate.objects.visible_to(request.user).filter(status=status)
    qs = qs.select_related("person_a__village", "person_b__village").order_by("-score", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("hal"))
    scope = scope_of(request.user)
    return render(
        request,
        "dedup/candidate_list.html",
        {
            "page": page,
            "status": status,
            "statuses": CandidateStatus.choices,
            "can_verify": scope.can(Action.VERIFY),
            "bulk_form": BulkMergeForm(),
            "job": _job(request),
        },
    )


@login_required
@require_POST
def scan_start(request):
    try:
        job = services.start_scan(by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dedup:candidate-list")
    return redirect(f"{_url('dedup:candidate-list')}?pekerjaan={job.pk}")


@login_required
@require_POST
def bulk_merge(request):
    form = BulkMergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("dedup:candidate-list")
    try:
        job = services.start_bulk_merge(by=request.user, threshold=form.cleaned_data["threshold"] / 100)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dedup:candidate-list")
    return redirect(f"{_url('dedup:candidate-list')}?pekerjaan={job.pk}")


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


def _shown(person, field):
    """The value as a verifier reads it on the person's page."""
    if field in ("sex", "occupation", "segment"):
        return getattr(person, f"get_{field}_display")()
    if field == "village_id":
        return f"{person.village.name} ({person.village_id})"
    if field == "birth_date":
        return tanggal(person.birth_date)
    if field == "declared_income":
        return rupiah(person.declared_income)
    if field == "kk_number":
        # The "same" column tells whether the two KKs match; the number itself is not needed here.
        return mask_nik(person.kk_number) if person.kk_number else ""
    return getattr(person, field)


def _side_by_side(candidate):
    a, b = candidate.person_a, candidate.person_b
    return [
        {
            "field": field,
            "label": services.MERGE_LABELS[field],
            "a": _shown(a, field),
            "b": _shown(b, field),
            "same": getattr(a, field) == getattr(b, field),
        }
        for field in services.MERGE_FIELDS
    ]


@login_required
def candidate_detail(request, pk):
    candidate = get_visible_or_404(
        DuplicateCandidate.objects.select_related("person_a__village", "person_b__village", "reviewer"),
        request.user,
        pk=pk,
    )
    merge_form = MergeForm(candidate=candidate)
    distinct_form = DistinctForm()
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "distinct":
                distinct_form = DistinctForm(request.POST)
                if distinct_form.is_valid():
                    services.mark_distinct(candidate, by=request.user, note=distinct_form.cleaned_data["note"])
                    messages.success(
                        request, "Dicatat sebagai dua orang berbeda; pasangan ini tidak akan diusulkan lagi."
                    )
                    return redirect("dedup:candidate-list")
            else:
                merge_form = MergeForm(request.POST, candidate=candidate)
                if merge_form.is_valid():
                    survivor = services.merge_people(
                        candidate,
                        by=request.user,
                        survivor_id=merge_form.survivor_id(),
                        choices=merge_form.choices(),
                        note=merge_form.cleaned_data["note"],
                        versions=merge_form.versions(),
                    )
                    messages.success(request, f"Data digabung ke {survivor.name}. Riwayat kedua data tetap tersimpan.")
                    return redirect("people:person-detail", survivor.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    scope = scope_of(request.user)
    can_decide = scope.can(Action.VERIFY, candidate.person_a.village_id) and scope.can(
        Action.VERIFY, candidate.person_b.village_id
    )
    return render(
        request,
        "dedup/candidate_detail.html",
        {
            "c": candidate,
            "rows": _side_by_side(candidate),
            "merge_form": merge_form,
            "distinct_form": distinct_form,
            "can_decide": can_decide and candidate.is_open(),
            "can_reveal_niks": services.niks_one_digit_apart(candidate)
            and scope.can(Action.VIEW_FULL_NIK, candidate.person_a.village_id)
            and scope.can(Action.VIEW_FULL_NIK, candidate.person_b.village_id),
        },
    )


# Reference lists name people from everywhere (civil servants, the dead, other schemes' members):
# they are for those who clear matches and those who audit that work, not for villages or sponsors.
REFERENCE_ROLES = (Role.ADMIN, Role.VERIFIER, Role.AUDITOR)


def _require_reference_role(user) -> None:
    require_role(user, *REFERENCE_ROLES, message="Daftar pembanding hanya untuk admin, verifikator dan auditor.")


@login_required
@require_POST
def candidate_reveal_niks(request, pk):
    candidate = get_visible_or_404(
        DuplicateCandidate.objects.select_related("person_a", "person_b"), request.user, pk=pk
    )
    try:
        a, b = services.reveal_pair_niks(candidate, by=request.user)
    except DomainError as exc:
        return HttpResponse(exc.message, status=400)
    apart = set(digits_apart(a, b))
    marked = [[(digit, i in apart) for i, digit in enumerate(nik)] for nik in (a, b)]
    return render(request, "dedup/_pair_niks.html", {"a": marked[0], "b": marked[1]})


@login_required
def reference_index(request):
    _require_reference_role(request.user)
    lists = ReferenceList.objects.select_related("uploaded_by", "job")[:100]
    scope = scope_of(request.user)
    form = ReferenceUploadForm()
    if request.method == "POST":
        form = ReferenceUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                reference = services.upload_reference_list(
                    form.cleaned_data["file"],
                    by=request.user,
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"Daftar {reference.name} ({reference.row_count} baris) diunggah.")
                return redirect("dedup:reference-detail", reference.pk)
    return render(
        request,
        "dedup/reference_index.html",
        {"lists": lists, "form": form, "can_upload": scope.can(Action.VERIFY)},
    )


@login_required
def reference_detail(request, pk):
    # A list's rows name people from everywhere; only the matches inside the user's region are shown.
    _require_reference_role(request.user)
    reference = ReferenceList.objects.select_related("job").filter(pk=pk).first()
    if reference is None:
        from django.http import Http404

        raise Http404("Daftar tidak ditemukan.")
    flags = (
        PersonFlag.objects.visible_to(request.user)
        .filter(reference_list=reference)
        .select_related("person__village", "reference_row", "cleared_by")
        .order_by("status", "-score")
    )
    page = Paginator(flags, PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(request, "dedup/reference_detail.html", {"reference": reference, "page": page, "job": reference.job})


@login_required
def blocked_list(request):
    flags = (
        PersonFlag.objects.visible_to(request.user)
        .filter(status=FlagStatus.ACTIVE)
        .select_related("person__village", "reference_list", "reference_row")
        .order_by("-score", "id")
    )
    page = Paginator(flags, PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(request, "dedup/blocked_list.html", {"page": page, "clear_form": ClearFlagForm()})


@login_required
@require_POST
def flag_clear(request, pk):
    flag = get_visible_or_404(PersonFlag.objects, request.user, pk=pk)
    form = ClearFlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tulis alasan (minimal 5 huruf) mengapa tanda ini dibersihkan.")
    else:
        try:
            services.clear_flag(flag, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(
                request, "Tanda dibersihkan; pekerja ini dapat didaftarkan lagi bila tidak ada tanda lain."
            )
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect_back(request, "dedup:blocked-list")


@login_required
def person_flags(request, pk):
    person = get_visible_or_404(Person.objects, request.user, pk=pk)
    flags = PersonFlag.objects.filter(person=person).select_related("reference_list", "reference_row", "cleared_by")
    return render(request, "dedup/person_flags.html", {"person": person, "flags": flags, "clear_form": ClearFlagForm()})
