from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from lindung.accounts.models import Role
from lindung.accounts.scoping import get_visible_or_404, scope_of
from lindung.coverage import billing, exports, reconciliation
from lindung.coverage.forms import (
    BackdatingForm,
    BillingForm,
    DecisionForm,
    InvoiceForm,
    PaymentForm,
    ReceiptUploadForm,
)
from lindung.coverage.models import BackdatingRequest, BackdatingStatus, Invoice, LineOutcome, ReceiptFile
from lindung.coverage.services import STATE_KIND, STATE_LABELS
from lindung.errors import DomainError
from lindung.funding.models import Funder
from lindung.jobs.models import Job
from lindung.programmes.models import ProgrammeYear

OFFICE = (Role.ADMIN, Role.FINANCE, Role.AUDITOR)
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _can_record(user) -> bool:
    return scope_of(user).has_role(Role.ADMIN, Role.FINANCE)


def _require_money_reader(user) -> None:
    if not scope_of(user).has_role(*OFFICE, Role.SPONSOR):
        raise PermissionDenied("Halaman iuran hanya untuk keuangan, admin, auditor dan penyandang dana.")


def _month_cells(year, rows):
    return [
        {
            "fm": fm,
            "state": s,
            "label": year.month_label(fm.month),
            "kind": STATE_KIND[s.state],
            "state_label": STATE_LABELS[s.state],
        }
        for fm, s in rows
    ]


@login_required
def year_ledger(request, year):
    _require_money_reader(request.user)
    programme = get_object_or_404(ProgrammeYear, year=year)
    funders = list(Funder.objects.visible_to(request.user).filter(programme_year=programme).order_by("rank", "name"))
    for f in funders:
        f.programme_year = programme
    states = billing.year_states(programme, funders)
    money = defaultdict(lambda: {"amount": 0, "paid": 0, "outstanding": 0, "invoices": 0})
    for inv in Invoice.objects.filter(funder__in=funders):
        m = money[inv.funder_id]
        m["amount"] += inv.amount
        m["paid"] += inv.paid_amount
        m["outstanding"] += inv.outstanding
        m["invoices"] += 1
    open_requests = dict(
        BackdatingRequest.objects.filter(funder__in=funders, status=BackdatingStatus.REQUESTED)
        .values_list("funder")
        .annotate(n=Count("id"))
    )
    rows = [
        {
            "funder": f,
            "months": _month_cells(programme, states[f.pk]),
            "money": money[f.pk],
            "requests": open_requests.get(f.pk, 0),
        }
        for f in funders
    ]
    return render(
        request,
        "coverage/year_ledger.html",
        {
            "year": programme,
            "rows": rows,
            "can_record": _can_record(request.user),
            "months_ahead": billing.MONTHS_AHEAD,
        },
    )


@login_required
@require_POST
def ledger_build(request, year):
    programme = get_object_or_404(ProgrammeYear, year=year)
    months = int(request.POST.get("months", "1")) if request.POST.get("months", "1").isdigit() else 1
    try:
        invoices = billing.issue_first_invoices(programme, by=request.user, months=months)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Buku besar diperbarui; {len(invoices)} tagihan pertama diterbitkan.")
    return redirect("coverage:year-ledger", year=year)


@login_required
def funder_ledger(request, pk):
    _require_money_reader(request.user)
    funder = get_visible_or_404(Funder.objects.select_related("programme_year"), request.user, pk=pk)
    year = funder.programme_year
    invoices = list(funder.invoices.order_by("first_month").prefetch_related("payments"))
    can_record = _can_record(request.user)
    context = {
        "funder": funder,
        "year": year,
        "months": _month_cells(year, billing.funder_states(funder)),
        "invoices": invoices,
        "credits": billing.credit_lines(funder),
        "available_credit": billing.available_credit(funder),
        "ended": billing.ended_members_paid_after(funder) if scope_of(request.user).has_role(*OFFICE) else [],
        "requests": funder.backdating_requests.order_by("-requested_at"),
        "can_record": can_record,
        "invoice_form": InvoiceForm(initial={"first_month": _next_month(invoices)}),
        "billing_form": BillingForm(),
        "payment_form": PaymentForm(),
        "backdating_form": BackdatingForm(),
        "decision_form": DecisionForm(),
    }
    return render(request, "coverage/funder_ledger.html", context)


def _next_month(invoices) -> int:
    return max((i.last_month for i in invoices), default=0) + 1


def _record(request, form_class, pk: int, call, success: str, warn=None):
    """Read the form, call the billing service with its data, and go back to the funder's ledger.

    `warn`, given the service's result, says what finance should still see after a success.
    """
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items() if f in form.fields)
        messages.error(request, f"Periksa isian: {errors or 'data tidak lengkap'}.")
    else:
        try:
            done = call(form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success)
            if warn and (note := warn(done)):
                messages.warning(request, note)
    return redirect("coverage:funder-ledger", pk=pk)


@login_required
@require_POST
def invoice_issue(request, pk):
    funder = get_visible_or_404(Funder.objects, request.user, pk=pk)
    return _record(
        request,
        InvoiceForm,
        pk,
        lambda d: billing.issue_invoice(funder, first_month=d["first_month"], months=d["months"], by=request.user),
        "Tagihan diterbitkan.",
        warn=billing.awaiting_removal_note,
    )


@login_required
@require_POST
def invoice_billing(request, pk):
    invoice = get_visible_or_404(Invoice.objects, request.user, pk=pk)
    return _record(
        request,
        BillingForm,
        invoice.funder_id,
        lambda d: billing.record_billing(invoice, **d, by=request.user),
        f"Tagihan BPJS untuk {invoice.number} dicatat.",
    )


@login_required
@require_POST
def invoice_pay(request, pk):
    invoice = get_visible_or_404(Invoice.objects, request.user, pk=pk)
    return _record(
        request,
        PaymentForm,
        invoice.funder_id,
        lambda d: billing.record_payment(invoice, **d, by=request.user),
        f"Pembayaran untuk {invoice.number} dicatat.",
    )


@login_required
@require_GET
def invoice_members(request, pk, fmt):
    invoice = get_visible_or_404(Invoice.objects, request.user, pk=pk)
    if fmt not in exports.FORMATS:
        raise Http404("Rincian peserta hanya xlsx atau csv.")
    try:
        content, name = exports.export_invoice_members(invoice, fmt, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("coverage:funder-ledger", kwargs={"pk": invoice.funder_id}) + f"#tagihan-{pk}")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def backdating_request(request, pk):
    funder = get_visible_or_404(Funder.objects, request.user, pk=pk)
    return _record(
        request,
        BackdatingForm,
        pk,
        lambda d: billing.request_backdating(funder, **d, by=request.user),
        "Pengajuan koreksi kepesertaan iuran lanjutan dicatat.",
    )


@login_required
@require_POST
def backdating_decide(request, pk):
    item = get_visible_or_404(BackdatingRequest.objects, request.user, pk=pk)
    return _record(
        request,
        DecisionForm,
        item.funder_id,
        lambda d: billing.decide_backdating(item, **d, by=request.user),
        "Keputusan BPJS atas koreksi dicatat.",
    )


@login_required
def receipts(request):
    if not scope_of(request.user).has_role(*OFFICE):
        raise PermissionDenied("Berkas kwitansi hanya untuk keuangan, admin dan auditor.")
    if request.method == "POST":
        form = ReceiptUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = reconciliation.start_reconciliation(form.cleaned_data["file"], by=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                return redirect(f"{request.path}?job={job.pk}")
    else:
        form = ReceiptUploadForm()
    job = None
    if request.GET.get("job", "").isdigit():
        job = Job.objects.visible_to(request.user).filter(pk=request.GET["job"]).first()
    files = ReceiptFile.objects.visible_to(request.user).select_related("uploaded_by")[:50]
    return render(
        request,
        "coverage/receipts.html",
        {"form": form, "files": files, "job": job, "can_record": _can_record(request.user)},
    )


@login_required
def receipt_detail(request, pk):
    receipt_file = get_visible_or_404(ReceiptFile.objects, request.user, pk=pk)
    outcome = request.GET.get("hasil", "")
    lines = receipt_file.lines.select_related("invoice").order_by("line")
    if outcome in LineOutcome.values:
        lines = lines.filter(outcome=outcome)
    page = Paginator(lines, 200).get_page(request.GET.get("hal"))
    counts = dict(receipt_file.lines.order_by().values_list("outcome").annotate(n=Count("id")))
    amounts = dict(receipt_file.lines.order_by().values_list("outcome").annotate(s=Sum("amount")))
    outcomes = [(v, label, counts.get(v, 0), amounts.get(v) or 0) for v, label in LineOutcome.choices]
    return render(
        request,
        "coverage/receipt_detail.html",
        {"file": receipt_file, "page": page, "outcomes": outcomes, "outcome": outcome},
    )
