import io

import xlsxwriter
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lindung.accounts.models import Role
from lindung.accounts.scoping import require_role, scope_of
from lindung.audit import services as audit
from lindung.audit.forms import AuditFilterForm
from lindung.audit.models import AuditEntry
from lindung.lib.safe_cells import safe
from lindung.people.models import Person
from lindung.regions.models import below

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUDIT_ROLES = (Role.AUDITOR, Role.ADMIN)


def _entries(request):
    """The entries the filters ask for, within the user's regions; unreadable filters give none."""
    require_role(request.user, *AUDIT_ROLES, message="Jejak audit hanya untuk auditor dan admin kabupaten.")
    form = AuditFilterForm(request.GET or None)
    qs = AuditEntry.objects.select_related("actor")
    if scope_of(request.user).region_codes() is not None:
        # A district auditor reads the entries of their district; entries of no region are the regency's.
        qs = scope_of(request.user).filter(qs, "region_code")
    if form.is_bound and not form.is_valid():
        return form, qs.none(), "Saringan tidak dapat dipakai: periksa NIK (16 angka) dan tanggalnya."
    data = form.cleaned_data if form.is_bound else {}
    if data.get("actor"):
        qs = qs.filter(actor__username=data["actor"].strip())
    if data.get("action"):
        qs = qs.filter(action__startswith=data["action"].strip())
    if data.get("region"):
        qs = qs.filter(below("region_code", data["region"].strip()))
    if data.get("nik"):
        ids = [str(pk) for pk in Person.objects.filter(nik=data["nik"]).values_list("pk", flat=True)]
        qs = qs.filter(target_type="people.person", target_id__in=ids)
    if data.get("start"):
        qs = qs.filter(created_at__date__gte=data["start"])
    if data.get("end"):
        qs = qs.filter(created_at__date__lte=data["end"])
    return form, qs, ""


@login_required
def entry_list(request):
    """Who did what, where and when: every change, every full-NIK view and every export."""
    form, qs, refused = _entries(request)
    page = Paginator(qs, 50).get_page(request.GET.get("hal"))
    return render(request, "audit/entry_list.html", {"form": form, "page": page, "refused": refused})


@login_required
def entry_export(request):
    _, qs, _ = _entries(request)
    with transaction.atomic():
        # The trail holds personal data too (the snapshots of changes): taking it away is on the record.
        audit.record(
            "audit.trail.exported",
            request.user,
            by=request.user,
            data={"filters": request.GET.dict(), "rows": qs.count()},
        )
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Jejak audit")
    bold = book.add_format({"bold": True})
    for col, title in enumerate(("Waktu", "Pelaku", "Antarmuka", "Tindakan", "Sasaran", "Wilayah", "Data")):
        sheet.write_string(0, col, title, bold)
    for row, e in enumerate(qs.iterator(chunk_size=2000), start=1):
        sheet.write_string(row, 0, timezone.localtime(e.created_at).strftime("%d-%m-%Y %H:%M:%S"))
        sheet.write_string(row, 1, safe(e.actor.username if e.actor_id else "—"))
        sheet.write_string(row, 2, e.get_interface_display())
        sheet.write_string(row, 3, safe(e.action))
        sheet.write_string(row, 4, safe(f"{e.target_type}#{e.target_id}"))
        sheet.write_string(row, 5, safe(e.region_code))
        sheet.write_string(row, 6, safe(str(e.data)[:30000]))
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="jejak-audit-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
