from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import scope_of
from lindung.errors import DomainError
from lindung.lib import formatting
from lindung.lib.charts import Bar, bar_chart
from lindung.programmes.models import ProgrammeYear
from lindung.regions.models import Level, Region, below
from lindung.reports import figures, services, snapshot
from lindung.reports.exports import table_xlsx
from lindung.reports.forms import MilestoneForm, SelfCheckForm, WorkforceEstimateForm
from lindung.reports.models import Milestone, WorkforceEstimate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_view(user) -> None:
    if not scope_of(user).can(Action.VIEW):
        raise PermissionDenied("Laporan cakupan untuk pengguna yang berwenang melihat data wilayah.")


def _coverage_from_request(request) -> figures.Coverage:
    _require_view(request.user)
    year = None
    if request.GET.get("tahun", "").isdigit():
        year = ProgrammeYear.objects.filter(year=int(request.GET["tahun"])).first()
    district = request.GET.get("kecamatan") or None
    if district and not scope_of(request.user).can(Action.VIEW, district) and not _inside_scope(request.user, district):
        district = None
    cov = figures.coverage(request.user, year=year, district=district)
    snapshot.keep_fresh(cov.year)
    return cov


def _inside_scope(user, district: str) -> bool:
    """A village operator may open their own district's table, which lists only their villages."""
    codes = scope_of(user).region_codes(Action.VIEW) or []
    return any(code.startswith(district + ".") for code in codes)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + " %"


COVERAGE_HEADERS = [
    "Terverifikasi",
    "Didanai",
    "Peserta aktif",
    "Terlindungi pada bulan laporan",
    "≥ 6 bulan iuran",
    "Berisiko nonaktif",
    "Pekerja informal",
    "Cakupan (%)",
    "Indikator 06.02.021 (%)",
    "Pertumbuhan (%)",
]


def _coverage_values(r) -> list:
    """One row's figures in COVERAGE_HEADERS order, as numbers (the export) or None where unknown."""
    return [
        r.registered,
        r.funded,
        r.enrolled,
        r.protected,
        r.six_months,
        r.at_risk,
        r.informal,
        r.share,
        r.indicator_06_02_021,
        r.growth,
    ]


def _coverage_cells(r) -> list[str]:
    """The same figures as the page shows them: 29.884, 12,5 %, or — where there is no denominator."""
    cells = []
    for value in _coverage_values(r):
        if value is None:
            cells.append("—")
        elif isinstance(value, float):
            cells.append(_percent(value))
        else:
            cells.append(f"{value:,}".replace(",", "."))
    return cells


@login_required
def coverage_page(request):
    cov = _coverage_from_request(request)
    with_share = [r for r in cov.rows if r.share is not None]
    if with_share:
        chart = bar_chart(
            [Bar(r.name, round(r.share, 1)) for r in with_share],
            title="Peserta aktif BPJS ÷ perkiraan pekerja informal",
            unit="%",
        )
    else:
        chart = bar_chart(
            [
                Bar(r.name, r.enrolled, reference=r.funded, note=f"didanai {r.funded:,}".replace(",", "."))
                for r in cov.rows
            ],
            title="Peserta aktif BPJS (biru tua) dan yang didanai (biru muda)",
            unit="orang",
        )
    return render(
        request,
        "reports/coverage.html",
        {
            "cov": cov,
            "chart": chart,
            "years": ProgrammeYear.objects.order_by("-year"),
            "percent": _percent,
            "headers": COVERAGE_HEADERS,
            "table": [(r, _coverage_cells(r)) for r in cov.rows],
            "total_cells": _coverage_cells(cov.total),
            "total_share": _percent(cov.total.share),
            "can_manage": scope_of(request.user).can(Action.MANAGE),
            "can_report": scope_of(request.user).has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR),
            "report_month": f"{formatting.BULAN[cov.on.month - 1]} {cov.on.year}",
        },
    )


@login_required
def coverage_export(request):
    cov = _coverage_from_request(request)
    where = "desa/kelurahan" if cov.level == "village" else "kecamatan"
    headers = [where.capitalize(), *COVERAGE_HEADERS, "Sumber penyebut"]
    rows = [[r.name, *_coverage_values(r), r.source] for r in cov.rows]
    rows.append(["Jumlah", *_coverage_values(cov.total), cov.total.source])
    t = cov.total
    year = f" tahun {cov.year.year}" if cov.year else ""
    body = table_xlsx(f"Cakupan per {where}{year} — {t.name}", headers, rows, notes=cov.notes)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="cakupan-{cov.level}{"-" + str(cov.year.year) if cov.year else ""}.xlsx"'
    )
    return response


def _require_manage(user) -> None:
    if not scope_of(user).can(Action.MANAGE):
        raise PermissionDenied("Hanya admin kabupaten yang mengelola penyebut cakupan dan capaian.")


def _region_choices():
    from django.conf import settings

    regency = Region.objects.filter(code=settings.LINDUNG_REGENCY).first()
    districts = Region.objects.filter(below("code", settings.LINDUNG_REGENCY), level=Level.DISTRICT).order_by("code")
    out = [(regency.code, f"{regency.name} (seluruh kabupaten)")] if regency else []
    return out + [(d.code, f"Kec. {d.name}") for d in districts]


@login_required
def estimate_list(request):
    _require_manage(request.user)
    regions = _region_choices()
    form = WorkforceEstimateForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_workforce_estimate(**form.cleaned_data, by=request.user)
        except DomainError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "Perkiraan angkatan kerja disimpan.")
            return redirect("reports:estimate-list")
    names = dict(regions)
    estimates = [(e, names.get(e.region_code, e.region_code)) for e in WorkforceEstimate.objects.all()]
    return render(request, "reports/estimate_list.html", {"form": form, "estimates": estimates})


@login_required
def milestone_list(request):
    _require_view(request.user)
    can_manage = scope_of(request.user).can(Action.MANAGE)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST":
        _require_manage(request.user)
        if form.is_valid():
            try:
                services.record_milestone(**form.cleaned_data, by=request.user)
            except DomainError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, "Dicatat.")
                return redirect("reports:milestone-list")
    return render(
        request,
        "reports/milestone_list.html",
        {"form": form, "milestones": Milestone.objects.all(), "can_manage": can_manage},
    )


@login_required
@require_POST
def milestone_delete(request, pk: int):
    _require_manage(request.user)
    services.delete_milestone(get_object_or_404(Milestone, pk=pk), by=request.user)
    messages.success(request, "Catatan dihapus.")
    return redirect("reports:milestone-list")


def _address(request) -> str:
    # Behind the regency's reverse proxy the client is its first hop; the proxy is trusted to set it.
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def public_page(request):
    """No login: the regency's coverage by district, and a self-check by NIK."""
    from lindung.reports import public

    year = figures.current_year()
    snapshot.keep_fresh(year)
    rows = public.public_coverage(year)
    shown = [r for r in rows if r["members"] is not None]
    chart = bar_chart([Bar(r["name"], r["members"]) for r in shown], title="Peserta aktif per kecamatan", unit="orang")
    answer, error, status = None, "", 200
    form = SelfCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer = public.self_check(form.cleaned_data["nik"], address=_address(request))
        except public.TooManyLookups as e:
            error, status = e.message, 429
        except DomainError as e:
            error = e.message
    return render(
        request,
        "reports/public.html",
        {
            "year": year,
            "rows": rows,
            "chart": chart,
            "total": sum(r["members"] or 0 for r in rows),
            "form": form,
            "answer": answer,
            "error": error,
            "regency": figures._regency_name(),
        },
        status=status,
    )


@login_required
def year_report(request, year: int, fmt: str):
    """The year's report for the regent and the Paritrana jury, as XLSX or PDF."""
    from lindung.reports import paritrana

    if not scope_of(request.user).has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR):
        raise PermissionDenied("Laporan tahunan untuk admin, keuangan dan auditor kabupaten.")
    programme = get_object_or_404(ProgrammeYear, year=year)
    report = paritrana.build(programme, user=request.user)
    if fmt == "pdf":
        body, kind = paritrana.to_pdf(report), "application/pdf"
    else:
        body, kind = paritrana.to_xlsx(report), XLSX
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="laporan-paritrana-{year}.{fmt}"'
    return response


# -- money -------------------------------------------------------------------------------------

MONEY_HEADERS = [
    "Penyandang dana",
    "Pagu",
    "Komitmen (alokasi/SK)",
    "Ditagihkan",
    "Dibayar ke BPJS",
    "Serapan (%)",
    "Bulan lunas",
    "Bulan terlambat",
    "Rata-rata hari terlambat",
    "Bulan lewat jatuh tempo belum dibayar",
    "Kredit dipakai",
    "Santunan dibayar",
]


def _money_rows(m) -> list[list]:
    def row(name, r):
        return [
            name,
            r.budget,
            r.decree,
            r.invoiced,
            r.paid,
            r.absorption,
            r.months_paid,
            r.months_late,
            r.average_days_late,
            r.unpaid_overdue,
            r.credit_used,
            r.claims_paid,
        ]

    return [row(r.funder.name, r) for r in m.rows] + [row("Jumlah", m.total)]


def _money_from_request(request):
    from django.utils import timezone

    from lindung.reports.money import money

    if not scope_of(request.user).has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR):
        raise PermissionDenied("Laporan keuangan untuk admin, keuangan dan auditor kabupaten.")
    year = None
    if request.GET.get("tahun", "").isdigit():
        year = ProgrammeYear.objects.filter(year=int(request.GET["tahun"])).first()
    year = year or figures.current_year()
    if year is None:
        raise Http404("Belum ada tahun program.")
    return money(year, today=timezone.localdate())


@login_required
def money_page(request):
    m = _money_from_request(request)
    chart = bar_chart(
        [Bar(r.funder.name, r.paid, reference=r.budget, note=_percent(r.absorption)) for r in m.rows],
        title="Dibayar ke BPJS (biru tua) terhadap pagu (biru muda)",
        fmt=lambda v: formatting.rupiah(int(v)),
    )
    return render(
        request,
        "reports/money.html",
        {"m": m, "chart": chart, "years": ProgrammeYear.objects.order_by("-year"), "percent": _percent},
    )


@login_required
def money_export(request):
    m = _money_from_request(request)
    body = table_xlsx(f"Keuangan program {m.year.year}", MONEY_HEADERS, _money_rows(m))
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="keuangan-{m.year.year}.xlsx"'
    return response


# -- claims ------------------------------------------------------------------------------------

CLAIM_HEADERS = ["Kelompok", "Kasus", "Dibayar (kasus)", "Dibayar (Rp)", "Hak santunan berkas terbuka (Rp)"]


def _claims_from_request(request):
    from django.utils import timezone

    from lindung.claims.figures import claim_figures

    if not scope_of(request.user).can(Action.VIEW):
        raise PermissionDenied("Laporan santunan untuk pengguna yang berwenang melihat data wilayah.")
    year = int(request.GET["tahun"]) if request.GET.get("tahun", "").isdigit() else None
    return year, claim_figures(by=request.user, year=year, today=timezone.localdate())


def _claim_sections(f) -> list[tuple[str, list]]:
    return [
        ("Per program", f.by_programme),
        ("Per kecamatan", f.by_district),
        ("Per penyandang dana", f.by_funder),
        ("Per tahun kejadian", f.by_year),
    ]


@login_required
def claims_page(request):
    year, f = _claims_from_request(request)
    chart = bar_chart(
        [Bar(r.label, r.cases, note=formatting.rupiah(r.paid)) for r in f.by_district],
        title="Kasus santunan per kecamatan (dengan jumlah dibayar)",
        unit="kasus",
    )
    return render(
        request,
        "reports/claims.html",
        {"f": f, "year": year, "chart": chart, "sections": _claim_sections(f)},
    )


@login_required
def claims_export(request):
    year, f = _claims_from_request(request)
    rows = []
    for title, section in _claim_sections(f):
        rows.append([title])
        rows += [[r.label, r.cases, r.paid_cases, r.paid, r.entitled_open] for r in section]
    t = f.total
    rows.append(["Jumlah", t.cases, t.paid_cases, t.paid, t.entitled_open])
    notes = [
        f"Berkas di Disnaker: {f.at_labour_office}; di BPJS: {f.at_bpjs}; lewat 7 hari kerja: {f.overdue}",
    ]
    body = table_xlsx(f"Santunan{' tahun ' + str(year) if year else ''}", CLAIM_HEADERS, rows, notes=notes)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="santunan{"-" + str(year) if year else ""}.xlsx"'
    return response
