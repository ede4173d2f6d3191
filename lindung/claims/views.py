from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import get_visible_or_404, scope_of
from lindung.audit.models import AuditEntry
from lindung.claims import figures as claim_figures
from lindung.claims import services
from lindung.claims.forms import (
    CheckForm,
    ChildForm,
    ClaimFilterForm,
    HeirForm,
    MarkForm,
    PaymentForm,
    RefusalForm,
    ReportForm,
    SubmissionForm,
    UploadForm,
)
from lindung.claims.models import (
    AT_BPJS,
    AT_LABOUR_OFFICE,
    DEATH_KINDS,
    Claim,
    ClaimStatus,
    Document,
    DocumentKind,
    DocumentState,
    Kind,
    Relation,
)
from lindung.errors import DomainError
from lindung.lib import benefits
from lindung.lib.formatting import rupiah
from lindung.people.forms import PersonFilterForm
from lindung.people.models import Person

PAGE_SIZE = 50


def _filtered(request):
    form = ClaimFilterForm(request.GET or None, user=request.user)
    qs = Claim.objects.visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["district"]:
            qs = qs.in_region(data["district"])
        if data["village"]:
            qs = qs.filter(village_id=data["village"])
        if data["waiting"] == "dinas":
            qs = qs.filter(status__in=AT_LABOUR_OFFICE)
        elif data["waiting"] == "bpjs":
            qs = qs.filter(status__in=AT_BPJS)
        elif data["waiting"] == "terlambat":
            qs = qs.overdue(timezone.localdate())
    return form, qs


@login_required
def claim_list(request):
    scope = scope_of(request.user)
    if not scope.can(Action.VIEW):
        if scope.has_role(Role.SPONSOR):
            return redirect("claims:claim-figures")
        raise PermissionDenied("Anda tidak berwenang melihat klaim.")
    form, qs = _filtered(request)
    page = Paginator(qs.select_related("person", "village"), PAGE_SIZE).get_page(request.GET.get("hal"))
    context = {
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "can_report": scope.can(Action.PROPOSE),
    }
    return render(request, "claims/claim_list.html", context)


@login_required
def claim_report(request):
    """Find the worker through the registry's search, then report the claim for them."""
    scope_of(request.user).require(Action.PROPOSE)
    person = None
    if request.GET.get("pekerja", "").isdigit():
        person = get_visible_or_404(Person.objects.select_related("village"), request.user, pk=request.GET["pekerja"])
        if not scope_of(request.user).can(Action.PROPOSE, person.village_id):
            raise PermissionDenied("Pekerja ini di luar wilayah Anda: klaimnya diurus operator desanya atau Dinas.")
    if person is None:
        search = PersonFilterForm(request.GET or None, user=request.user)
        found = []
        if search.is_valid() and search.cleaned_data["q"].strip():
            found = list(
                search.apply(Person.objects.visible_to(request.user, Action.PROPOSE)).select_related("village")[:20]
            )
        return render(request, "claims/claim_report.html", {"search": search, "found": found})
    origins = Claim.objects.filter(person=person, kind__in=[*DEATH_KINDS, Kind.JKK_DISABILITY]).exclude(
        status__in=[ClaimStatus.NOT_ELIGIBLE, ClaimStatus.REFUSED]
    )
    form = ReportForm(request.POST or None, origins=origins)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        follows = origins.filter(pk=data["follows"]).first() if data["follows"] else None
        try:
            claim = services.report_claim(
                person,
                kind=data["kind"],
                event_date=data["event_date"],
                event_time=data["event_time"],
                place=data["place"],
                account=data["account"],
                treatment_cost=data["treatment_cost"],
                stmb_months=data["stmb_months"],
                disability_percent=data["disability_percent"],
                follows=follows,
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Klaim #{claim.pk} dilaporkan. Dinas akan memeriksanya.")
            return redirect("claims:claim-detail", pk=claim.pk)
    return render(request, "claims/claim_report.html", {"person": person, "form": form})


STEP_LABELS = {
    "claims.claim.reported": "Dilaporkan",
    "claims.claim.reassessed": "Hak dihitung ulang",
    "claims.claim.checked": "Diperiksa Dinas",
    "claims.claim.recommended": "Direkomendasikan ke BPJS",
    "claims.claim.submitted": "Diajukan ahli waris ke BPJS",
    "claims.claim.paid": "Dibayar BPJS",
    "claims.claim.refused": "Ditolak BPJS",
    "claims.heir.added": "Ahli waris ditambahkan",
    "claims.child.added": "Anak didaftarkan",
    "claims.document.uploaded": "Dokumen diunggah",
    "claims.document.marked": "Daftar dokumen diubah",
    "claims.document.viewed": "Dokumen dibuka",
}
DOCUMENT_LABELS = dict(DocumentKind.choices)


def _timeline(claim: Claim) -> list[dict]:
    out = []
    for entry in AuditEntry.objects.for_target(claim).select_related("actor").order_by("created_at", "id"):
        data = entry.data or {}
        detail = DOCUMENT_LABELS.get(data.get("kind", ""), "")
        if entry.action == "claims.claim.checked":
            detail = ("layak" if data.get("eligible") else "tidak memenuhi syarat") + (
                f": {data['reason']}" if data.get("reason") else ""
            )
        elif entry.action == "claims.claim.submitted":
            detail = f"tanda terima {data.get('receipt', '')}"
        elif entry.action == "claims.claim.paid":
            detail = rupiah(int(data.get("amount") or 0))
        elif entry.action == "claims.claim.refused":
            detail = data.get("reason", "")
        out.append(
            {
                "created_at": entry.created_at,
                "label": STEP_LABELS.get(entry.action, entry.action),
                "actor": entry.actor,
                "detail": detail,
            }
        )
    return out


@login_required
def claim_detail(request, pk):
    claim = get_visible_or_404(
        Claim.objects.select_related("person", "village__parent", "funder", "rules", "reported_by", "follows"),
        request.user,
        pk=pk,
    )
    scope = scope_of(request.user)
    heirs = list(claim.heirs.all())
    rules = claim.rules.as_pure()
    today = timezone.localdate()
    stage1 = (
        benefits.stage1_deadline(rules, event_date=claim.event_date, event_time=claim.event_time)
        if claim.is_jkk()
        else None
    )
    context = {
        "claim": claim,
        "person": claim.person,
        "heirs": heirs,
        "first_heirs": {h.pk for h in services.first_heirs(heirs)},
        "children": list(claim.children.all()),
        "schedule": services.scholarship_schedule(claim) if claim.kind == Kind.SCHOLARSHIP else None,
        "documents": list(claim.documents.all()),
        "timeline": _timeline(claim),
        "stage1_due": stage1,
        "lapses_on": benefits.jkk_claim_lapses_on(rules, event_date=claim.event_date) if claim.is_jkk() else None,
        "overdue": claim.is_overdue(today),
        "today": today,
        "can_propose": scope.can(Action.PROPOSE, claim.village_id) and claim.is_open(),
        "can_verify": scope.can(Action.VERIFY, claim.village_id),
        "check_form": CheckForm(),
        "submission_form": SubmissionForm(initial={"on": today}),
        "payment_form": PaymentForm(initial={"on": today, "amount": claim.entitlement}),
        "refusal_form": RefusalForm(initial={"on": today}),
        # One page holds several forms: ids of their own, so each label finds its field.
        "heir_form": HeirForm(auto_id="heir_%s"),
        "child_form": ChildForm(auto_id="child_%s"),
        "upload_form": UploadForm(auto_id="upload_%s"),
        "mark_form": MarkForm(auto_id="mark_%s"),
        "relation_order": Relation.choices,
        "states": DocumentState,
        "unconfirmed_rules": claim.rules.unconfirmed,
    }
    return render(request, "claims/claim_detail.html", context)


@dataclass(frozen=True)
class Step:
    """One POST that moves a claim on: the URL under the claim, the form it reads, the service it calls."""

    path: str
    form: type[forms.Form] | None
    run: Callable[[Claim, dict, object], object]
    done: str | Callable[[dict], str]


def _checked(data: dict) -> str:
    return "Klaim diperiksa: layak." if data["verdict"] == "layak" else "Klaim dinyatakan tidak memenuhi syarat."


# Keyed by URL name; claims/urls.py makes one route per row, so a new step is one line here.
STEPS: dict[str, Step] = {
    "claim-check": Step(
        "periksa",
        CheckForm,
        lambda c, d, by: services.check_claim(c, eligible=d["verdict"] == "layak", reason=d["reason"], by=by),
        _checked,
    ),
    "claim-recommend": Step(
        "rekomendasi", None, lambda c, d, by: services.recommend_claim(c, by=by), "Klaim direkomendasikan ke BPJS."
    ),
    "claim-submit": Step(
        "pengajuan",
        SubmissionForm,
        lambda c, d, by: services.record_submission(c, on=d["on"], receipt=d["receipt"], by=by),
        "Pengajuan ke BPJS dicatat.",
    ),
    "claim-pay": Step(
        "pembayaran",
        PaymentForm,
        lambda c, d, by: services.record_payment(c, on=d["on"], amount=d["amount"], by=by),
        "Pembayaran BPJS dicatat.",
    ),
    "claim-refuse": Step(
        "penolakan",
        RefusalForm,
        lambda c, d, by: services.record_refusal(c, on=d["on"], reason=d["reason"], by=by),
        "Penolakan BPJS dicatat.",
    ),
    "claim-reassess": Step(
        "hitung-ulang", None, lambda c, d, by: services.reassess_claim(c, by=by), "Hak dihitung ulang."
    ),
    "heir-add": Step(
        "ahli-waris", HeirForm, lambda c, d, by: services.add_heir(c, by=by, **d), "Ahli waris ditambahkan."
    ),
    "child-add": Step("anak", ChildForm, lambda c, d, by: services.add_child(c, by=by, **d), "Anak didaftarkan."),
    "document-upload": Step(
        "dokumen",
        UploadForm,
        lambda c, d, by: services.upload_document(c, kind=d["kind"], uploaded=d["file"], by=by),
        "Dokumen diunggah.",
    ),
    "document-mark": Step(
        "dokumen/tandai",
        MarkForm,
        lambda c, d, by: services.mark_document(c, by=by, **d),
        "Daftar dokumen diperbarui.",
    ),
}


@login_required
@require_POST
def claim_step(request, pk, step: str):
    """Read the step's form, call its service, and come back to the claim with what happened."""
    spec = STEPS[step]
    claim = get_visible_or_404(Claim.objects, request.user, pk=pk)
    data = {}
    if spec.form is not None:
        form = spec.form(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect("claims:claim-detail", pk=pk)
        data = form.cleaned_data
    try:
        spec.run(claim, data, request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, spec.done(data) if callable(spec.done) else spec.done)
    return redirect("claims:claim-detail", pk=pk)


@login_required
def document_file(request, pk, doc_pk):
    claim = get_visible_or_404(Claim.objects, request.user, pk=pk)
    doc = Document.objects.filter(claim=claim, pk=doc_pk).exclude(stored_name="").first()
    if doc is None:
        from django.http import Http404

        raise Http404("Dokumen tidak ditemukan.")
    handle = services.open_document(doc, by=request.user)
    response = FileResponse(handle, content_type=doc.content_type, filename=doc.original_name or "dokumen")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def claim_figures_view(request):
    scope = scope_of(request.user)
    if not scope.can(Action.VIEW) and not scope.has_role(Role.SPONSOR):
        raise PermissionDenied("Anda tidak berwenang melihat angka klaim.")
    year = request.GET.get("tahun", "")
    figures = claim_figures.claim_figures(
        by=request.user, year=int(year) if year.isdigit() else None, today=timezone.localdate()
    )
    return render(request, "claims/claim_figures.html", {"figures": figures, "year": year})


@login_required
def scholarship_reminders(request):
    scope_of(request.user).require(Action.VERIFY)
    today = timezone.localdate()
    from lindung.claims.models import BenefitRules

    rules = BenefitRules.in_force(today).as_pure()
    current = benefits.school_year_of(rules, today)
    year = int(request.GET["tahun"]) if request.GET.get("tahun", "").isdigit() else current
    reminders = claim_figures.scholarship_reminders(by=request.user, school_year=year)
    return render(
        request,
        "claims/scholarship_reminders.html",
        {"reminders": reminders, "school_year": year, "next_year": year + 1, "previous_year": year - 1},
    )
