from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import get_visible_or_404, require_funding_officer, scope_of
from lindung.errors import DomainError
from lindung.funding import amendments, exports, services
from lindung.funding.forms import (
    AddCoverForm,
    AdjustmentForm,
    EndCoverForm,
    FunderForm,
    SponsorUserForm,
)
from lindung.funding.models import Adjustment, Allocation, Funder
from lindung.lib.formatting import rupiah
from lindung.people.models import Person
from lindung.programmes.models import Amendment
from lindung.programmes.views import get_year, require_manage, require_office

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def funder_create(request, year):
    require_manage(request.user)
    return _funder_form(request, get_year(year), None)


@login_required
def funder_edit(request, pk):
    require_manage(request.user)
    funder = get_visible_or_404(Funder.objects.select_related("programme_year"), request.user, pk=pk)
    return _funder_form(request, funder.programme_year, funder)


def _funder_form(request, programme, funder: Funder | None):
    """The one form page for a new funder and for changing one; the services check and save."""
    initial = FunderForm.initial_from(funder) if funder else None
    form = FunderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if funder is None:
                saved = services.create_funder(programme, form.to_data(), by=request.user)
            else:
                saved = services.update_funder(funder, form.to_data(), by=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            done = f"{saved.name} ditambahkan dengan pagu {rupiah(saved.budget)}." if funder is None else None
            messages.success(request, done or f"{saved.name} disimpan.")
            if warning := saved.short_period_warning():
                messages.warning(request, warning)
            return redirect("programmes:year-detail", year=programme.year)
    return render(
        request,
        "funding/funder_form.html",
        {
            "form": form,
            "year": programme,
            "funder": funder,
            "title": f"Ubah {funder.name}" if funder else "Tambah penyandang dana",
            "person_period": programme.monthly_cost() * programme.months,
        },
    )


@login_required
@require_POST
def allocate(request, year):
    require_manage(request.user)
    programme = get_year(year)
    try:
        job = services.start_allocation(programme, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        job.refresh_from_db()
        if job.status == "done":
            messages.success(request, "Alokasi selesai. " + job.result.get("message", ""))
        elif job.status == "failed":
            messages.error(request, job.error)
        else:
            messages.info(request, "Alokasi sedang berjalan; halaman ini menunjukkan kemajuannya.")
    return redirect("programmes:year-detail", year=year)


@login_required
@require_POST
def adjust(request, year):
    require_manage(request.user)
    programme = get_year(year)
    form = AdjustmentForm(request.POST, year=programme)
    try:
        if not form.is_valid():
            raise DomainError("Isi NIK (16 digit), jenis penyesuaian dan alasannya.")
        person = _person_by_nik(request.user, form.cleaned_data["nik"])
        services.adjust_person(
            programme,
            person,
            kind=form.cleaned_data["kind"],
            funder=form.cleaned_data["funder"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Penyesuaian untuk {person.name} disimpan. Jalankan alokasi lagi untuk menerapkannya."
        )
    return redirect("programmes:year-detail", year=year)


@login_required
@require_POST
def adjustment_remove(request, pk):
    require_manage(request.user)
    adjustment = get_visible_or_404(Adjustment.objects.select_related("programme_year"), request.user, pk=pk)
    year = adjustment.programme_year.year
    try:
        services.remove_adjustment(adjustment, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Penyesuaian dihapus. Jalankan alokasi lagi untuk menerapkannya.")
    return redirect("programmes:year-detail", year=year)


def _decree_funder(request, pk) -> tuple[Funder, bool, bool]:
    funder = get_visible_or_404(Funder.objects.select_related("programme_year"), request.user, pk=pk)
    scope = scope_of(request.user)
    # A sponsor may download its own list, with masked NIKs and without birth dates: it needs to
    # know whom it pays, where and for how long, and a birth date beside a village is most of a NIK.
    office = scope.has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR)
    return funder, scope.can(Action.VIEW_FULL_NIK), office


def _filename(funder: Funder, ext: str, *, full: bool) -> str:
    """Masked and full-NIK files get different names, so nobody forwards the full one by mistake."""
    slug = "".join(c if c.isalnum() else "-" for c in funder.name.lower()).strip("-")[:40]
    year = funder.programme_year
    version = "-konsep" if not year.is_approved else ""
    nik = "-nik-lengkap" if full else ""
    return f"lampiran-sk-{year.year}-{slug}{version}{nik}.{ext}"


@login_required
def decree_xlsx(request, pk):
    funder, full, with_birth = _decree_funder(request, pk)
    content, _ = exports.decree_xlsx(funder, full_nik=full, with_birth=with_birth)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(funder, "xlsx", full=full)}"'
    return response


@login_required
def decree_pdf(request, pk):
    funder, full, with_birth = _decree_funder(request, pk)
    content, _ = exports.decree_pdf(funder, full_nik=full, with_birth=with_birth)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(funder, "pdf", full=full)}"'
    return response


@login_required
def amendment_pdf(request, pk):
    require_office(request.user)
    amendment = Amendment.objects.select_related("programme_year").filter(pk=pk).first()
    if amendment is None:
        raise Http404("Amandemen tidak ditemukan.")
    response = HttpResponse(exports.amendment_pdf(amendment), content_type="application/pdf")
    name = f"amandemen-{amendment.number}-lampiran-sk-{amendment.programme_year.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def budget_sheet(request, year):
    require_office(request.user)
    programme = get_year(year)
    sheets = services.budget_sheet(programme)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(exports.budget_sheet_xlsx(programme, sheets), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="lembar-anggaran-{year}.xlsx"'
        return response
    return render(request, "funding/budget_sheet.html", {"year": programme, "sheets": sheets})


@login_required
@require_POST
def sponsor_user(request, pk):
    require_manage(request.user)
    funder = get_visible_or_404(Funder.objects.select_related("programme_year"), request.user, pk=pk)
    form = SponsorUserForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("Isi nama pengguna sponsor.")
        services.give_sponsor_access(
            funder, form.cleaned_data["username"], form.cleaned_data["password"], by=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Pengguna {form.cleaned_data['username']} kini bisa melihat peserta {funder.name}.")
    return redirect("funding:funder-edit", pk=pk)


@login_required
def sponsor_home(request):
    """A sponsor's own funders: how many people, where, for how long, for how much."""
    scope = scope_of(request.user)
    if not scope.has_role(Role.SPONSOR, Role.ADMIN, Role.FINANCE, Role.AUDITOR):
        raise PermissionDenied("Halaman ini untuk sponsor (CSR) dan kantor kabupaten.")
    if not scope.has_role(Role.SPONSOR):
        return redirect("programmes:year-list")  # the office works from the programme pages
    return render(request, "funding/sponsor_home.html", {"cards": services.sponsor_cards(request.user)})


@login_required
def sponsor_people(request, pk):
    """The people one funder pays for, with masked NIKs, whoever looks."""
    funder = get_visible_or_404(Funder.objects.select_related("programme_year"), request.user, pk=pk)
    rows = (
        Allocation.objects.visible_to(request.user)
        .filter(funder=funder)
        .select_related("person", "person__village")
        .order_by("person__village_id", "person__name", "person_id")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("hal"))
    return render(
        request, "funding/sponsor_people.html", {"funder": funder, "page": page, "year": funder.programme_year}
    )


def _person_by_nik(user, nik: str) -> Person:
    person = Person.objects.visible_to(user).filter(nik=nik).first()
    if person is None:
        raise DomainError(f"NIK {nik} tidak ada di registri.")
    return person


@login_required
def amendment_page(request, year):
    """End one person's cover or add one person on an approved year; everybody else stays as approved."""
    require_funding_officer(request.user)
    programme = get_year(year)
    totals = services.funder_totals(programme)
    remaining = {t["funder"].pk: t["remaining"] for t in totals}
    kind = request.POST.get("kind") if request.method == "POST" else None
    nik = request.POST.get(f"{kind}-nik") if kind else request.GET.get("nik", "")
    end_form = EndCoverForm(request.POST if kind == "end" else None, year=programme, prefix="end", initial={"nik": nik})
    add_form = AddCoverForm(
        request.POST if kind == "add" else None, year=programme, remaining=remaining, prefix="add", initial={"nik": nik}
    )
    form = {"end": end_form, "add": add_form}.get(kind)
    if form is not None and form.is_valid():
        try:
            amendment = _apply(programme, kind, form.cleaned_data, by=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Amandemen {amendment.number} dicatat. {amendment.changes['summary']}")
            return redirect(f"{request.path}?nik={form.cleaned_data['nik']}")
    person = Person.objects.visible_to(request.user).filter(nik=nik).first() if nik else None
    context = {
        "year": programme,
        "end_form": end_form,
        "add_form": add_form,
        "totals": totals,
        "person": person,
        "cover": amendments.cover_of(programme, person) if person else [],
        "lines": services.explain(programme, person) if person else [],
        "amendments": programme.amendments.filter(changes__has_key="summary").select_related("created_by"),
    }
    return render(request, "funding/amendment.html", context)


def _apply(year, kind: str, data: dict, *, by):
    person = _person_by_nik(by, data["nik"])
    if kind == "end":
        return amendments.end_cover(
            year, person, from_month=data["from_month"], cause=data["cause"], note=data["note"], by=by
        )
    return amendments.add_cover(
        year, person, funder=data["funder"], from_month=data["from_month"], reason=data["reason"], by=by
    )


@login_required
def funder_delete(request, pk):
    require_manage(request.user)
    funder = get_visible_or_404(Funder.objects.select_related("programme_year"), request.user, pk=pk)
    year = funder.programme_year.year
    refusal = None
    try:
        amendments.check_deletable(funder)
        if request.method == "POST":
            amendments.delete_funder(funder, by=request.user)
            messages.success(request, f"{funder.name} dihapus. Jalankan alokasi lagi sebelum menyetujui.")
            return redirect("programmes:year-detail", year=year)
    except DomainError as exc:
        refusal = exc.message
    context = {"funder": funder, "year": funder.programme_year, "refusal": refusal}
    context["effects"] = amendments.deletion_effects(funder)
    return render(request, "funding/funder_delete.html", context)
