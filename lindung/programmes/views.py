from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import scope_of
from lindung.errors import DomainError
from lindung.funding import services as funding
from lindung.funding.forms import AdjustmentForm, ExplainForm
from lindung.funding.models import Adjustment, Outcome
from lindung.jobs.models import Job
from lindung.lib import contributions
from lindung.lib.terbilang import terbilang_rupiah
from lindung.people.models import Person
from lindung.programmes import services
from lindung.programmes.forms import AmendmentForm, ApproveForm, ProgrammeYearForm, SimulateForm
from lindung.programmes.models import ProgrammeYear, RateSchedule

OFFICE_ROLES = (Role.ADMIN, Role.FINANCE, Role.AUDITOR)


def require_office(user) -> None:
    """Programme pages are for the regency's office roles; sponsors have their own page."""
    if not scope_of(user).has_role(*OFFICE_ROLES):
        raise PermissionDenied("Halaman ini untuk admin, keuangan dan auditor kabupaten.")


def require_manage(user) -> None:
    if not scope_of(user).can(Action.MANAGE):
        raise PermissionDenied("Hanya admin kabupaten yang boleh mengubah tahun program dan pendanaan.")


def get_year(year: int) -> ProgrammeYear:
    found = ProgrammeYear.objects.filter(year=year).first()
    if found is None:
        raise Http404("Tahun program tidak ditemukan.")
    return found


@login_required
def year_list(request):
    require_office(request.user)
    years = ProgrammeYear.objects.all()
    return render(
        request,
        "programmes/year_list.html",
        {"years": years, "can_manage": scope_of(request.user).can(Action.MANAGE)},
    )


@login_required
def year_create(request):
    require_manage(request.user)
    form = ProgrammeYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            year = services.create_year(form.to_data(), by=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Tahun program {year.year} dibuat. Tambahkan penyandang dananya.")
            return redirect("programmes:year-detail", year=year.year)
    return render(request, "programmes/year_form.html", {"form": form, "title": "Tahun program baru"})


@login_required
def year_edit(request, year):
    require_manage(request.user)
    programme = get_year(year)
    form = ProgrammeYearForm(request.POST or None, initial=ProgrammeYearForm.initial_from(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_year(programme, form.to_data(), by=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Tahun program {form.cleaned_data['year']} disimpan.")
            return redirect("programmes:year-detail", year=form.cleaned_data["year"])
    return render(
        request, "programmes/year_form.html", {"form": form, "title": f"Ubah tahun program {year}", "year": programme}
    )


@login_required
def year_detail(request, year):
    require_office(request.user)
    programme = get_year(year)
    scope = scope_of(request.user)
    explain_form = ExplainForm(request.GET or None)
    explanation = None
    if request.GET.get("nik") and explain_form.is_valid():
        person = Person.objects.visible_to(request.user).filter(nik=explain_form.cleaned_data["nik"]).first()
        explanation = {
            "person": person,
            "lines": funding.explain(programme, person) if person else ["NIK ini tidak ada di registri."],
        }
    totals = funding.funder_totals(programme)
    summary = programme.allocation_summary or {}
    outcomes = summary.get("outcomes", {})
    job = Job.objects.filter(kind="funding.allocate", params__year=programme.year).order_by("-created_at").first()
    context = {
        "year": programme,
        "totals": totals,
        "budget_total": sum(t["funder"].budget for t in totals),
        "committed_total": sum(t["amount"] for t in totals),
        "summary": summary,
        "stale": "" if programme.is_approved else services.allocation_out_of_date(programme),
        "outcome_rows": [(o.label, outcomes.get(o.value, 0)) for o in Outcome],
        "can_manage": scope.can(Action.MANAGE),
        "can_amend": scope.has_role(Role.ADMIN, Role.FINANCE),
        "full_nik": scope.can(Action.VIEW_FULL_NIK),
        "approve_form": ApproveForm(
            initial={"decree_number": programme.decree_number, "decree_date": programme.decree_date}
        ),
        "amend_form": AmendmentForm(),
        "explain_form": explain_form,
        "explanation": explanation,
        "adjust_form": AdjustmentForm(year=programme),
        "adjustments": Adjustment.objects.filter(programme_year=programme).select_related("person", "funder"),
        "amendments": programme.amendments.all(),
        "monthly_cost": programme.monthly_cost(),
        "job": job if job and not job.finished else None,
    }
    return render(request, "programmes/year_detail.html", context)


@login_required
@require_POST
def year_approve(request, year):
    """First post: the confirmation page with the totals; the second, confirmed, approves."""
    require_manage(request.user)
    programme = get_year(year)
    confirmed = request.POST.get("confirm") == "ya"
    # Arriving from the year page, the form is filled in but not judged yet.
    form = ApproveForm(request.POST) if confirmed else ApproveForm(initial=request.POST.dict())
    if confirmed and form.is_valid():
        d = form.cleaned_data
        try:
            services.approve_year(
                programme,
                by=request.user,
                decree_number=d["decree_number"],
                decree_date=d["decree_date"],
                allocated_at=d["allocated_at"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Tahun program {year} disetujui. Daftar peserta dan jumlahnya kini terkunci.")
        return redirect("programmes:year-detail", year=year)
    totals = funding.funder_totals(programme)
    context = {
        "year": programme,
        "form": form,
        "totals": [t for t in totals if t["people"]],
        "people_total": sum(t["people"] for t in totals),
        "person_months_total": sum(t["person_months"] for t in totals),
        "committed_total": sum(t["amount"] for t in totals),
        "stale": services.allocation_out_of_date(programme),
        "allocated_at": programme.allocated_at.isoformat() if programme.allocated_at else "",
    }
    return render(request, "programmes/year_approve.html", context)


@login_required
@require_POST
def year_amend(request, year):
    require_manage(request.user)
    programme = get_year(year)
    form = AmendmentForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(
                "Tulis alasan amandemen (paling sedikit 10 huruf), misalnya nomor surat atau kejadiannya."
            )
        amendment = services.open_amendment(programme, reason=form.cleaned_data["reason"], by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Amandemen {amendment.number} dibuka. Ubah data, jalankan alokasi lagi, lalu setujui ulang.",
        )
    return redirect("programmes:year-detail", year=year)


@login_required
def simulate(request):
    require_office(request.user)
    form = SimulateForm(request.GET or None)
    try:
        rates = RateSchedule.objects.first()
        rates = contributions.Rates(rates.jkk_bp, rates.jkm_flat, rates.jht_bp) if rates else None
    except DomainError:
        rates = None
    result = None
    if rates and request.GET and form.is_valid():
        d = form.cleaned_data
        programs = contributions.parse_programs(d["programs"])
        monthly = contributions.monthly_contribution(d["income"], programs, rates)
        total = contributions.cost(d["workers"], d["months"], d["income"], programs, rates)
        result = {
            "programs": contributions.program_label(programs),
            "monthly": monthly,
            "total": total,
            "words": terbilang_rupiah(total),
            "per_person_year": monthly * 12,
        }
        if d.get("budget") is not None:
            budget = d["budget"]
            result["budget"] = budget
            result["capacity"] = contributions.capacity(budget, d["months"], d["income"], programs, rates)
            result["enough"] = budget >= total
            result["shortfall"] = max(total - budget, 0)
            result["leftover"] = max(budget - total, 0)
            result["sets"] = [
                (contributions.program_label(p), c)
                for p, c in contributions.affordable_program_sets(budget, d["workers"], d["months"], d["income"], rates)
            ]
    example = None
    if rates:
        example = {
            "monthly": contributions.monthly_contribution(1_000_000, ("jkk", "jkm"), rates),
            "total": contributions.cost(35_440, 3, 1_000_000, ("jkk", "jkm"), rates),
        }
        example["words"] = terbilang_rupiah(example["total"])
    return render(request, "programmes/simulate.html", {"form": form, "result": result, "example": example})
