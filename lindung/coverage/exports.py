"""An invoice's rincian peserta: whom it billed, frozen at issue, as XLSX or CSV through the formula-safe writer."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.coverage.models import Invoice, InvoiceMember
from lindung.errors import DomainError
from lindung.lib.formatting import angka, rupiah, tanggal
from lindung.lib.nik import mask_nik
from lindung.lib.safe_cells import safe, safe_row
from lindung.regions.models import Region

FORMATS = ("xlsx", "csv")
HEADERS = (
    "No",
    "NIK",
    "Nama",
    "Kecamatan",
    "Desa/kelurahan",
    "No. KPJ",
    "Bulan ditagihkan",
    "Jumlah bulan",
    "Iuran (Rp)",
)
NOT_FROZEN = (
    "Tagihan {number} diterbitkan sebelum lindung menyimpan rincian peserta per tagihan: siapa saja yang "
    "ditagih tidak tersimpan. Jumlah peserta dan iurannya tetap seperti tertulis pada tagihan."
)


def member_lines(invoice: Invoice, *, full_nik: bool) -> Iterator[list]:
    """The invoice's members as cells, by district, village and name; typed text made formula-safe."""
    year = invoice.funder.programme_year
    rows = (
        InvoiceMember.objects.filter(invoice=invoice)
        .order_by("membership__person__village_id", "membership__person__name", "pk")
        .values_list(
            "membership__person__nik",
            "membership__person__name",
            "membership__person__village_id",
            "membership__kpj",
            "months_mask",
            "months",
            "amount",
        )
    )
    codes = set(rows.order_by().values_list("membership__person__village_id", flat=True).distinct())
    names = dict(Region.objects.filter(code__in=codes | {c[:8] for c in codes}).values_list("code", "name"))
    labels: dict[int, str] = {}
    for number, (nik, name, village, kpj, mask, months, amount) in enumerate(rows.iterator(chunk_size=5000), 1):
        if mask not in labels:
            labels[mask] = year.mask_label(mask)
        text = safe_row(
            [
                nik if full_nik else mask_nik(nik),
                name,
                names.get(village[:8], village[:8]),
                names.get(village, village),
                kpj,
            ]
        )
        yield [number, *text, labels[mask], months, amount]


def title_lines(invoice: Invoice) -> list[str]:
    year = invoice.funder.programme_year
    return [
        f"RINCIAN PESERTA TAGIHAN {invoice.number}",
        f"Penyandang dana: {invoice.funder.name} · {year.months_label(invoice.first_month, invoice.last_month)}",
        f"Diterbitkan {tanggal(invoice.issued_on)} · {angka(invoice.people)} peserta · iuran {rupiah(invoice.amount)}",
    ]


def members_xlsx(invoice: Invoice, *, full_nik: bool) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = book.add_worksheet("Rincian peserta")
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": '"Rp "#,##0'})
    money_bold = book.add_format({"num_format": '"Rp "#,##0', "bold": True})
    for col, width in enumerate((6, 20, 32, 20, 22, 16, 36, 8, 14)):
        sheet.set_column(col, col, width)
    for row, line in enumerate(title_lines(invoice)):
        sheet.write_string(row, 0, safe(line), bold)
    head = len(title_lines(invoice)) + 1
    for col, header in enumerate(HEADERS):
        sheet.write_string(head, col, header, bold)
    row, total, months = head, 0, 0
    for row, line in enumerate(member_lines(invoice, full_nik=full_nik), start=head + 1):
        sheet.write_number(row, 0, line[0])
        for col in range(1, 7):
            if line[col]:
                sheet.write_string(row, col, str(line[col]))
        sheet.write_number(row, 7, line[7])
        sheet.write_number(row, 8, line[8], money)
        total += line[8]
        months += line[7]
    sheet.write_string(row + 1, 2, "Jumlah", bold)
    sheet.write_number(row + 1, 7, months, bold)
    sheet.write_number(row + 1, 8, total, money_bold)
    book.close()
    return out.getvalue()


def members_csv(invoice: Invoice, *, full_nik: bool) -> bytes:
    """UTF-8 with BOM and `;`, as an Indonesian-locale office suite opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(member_lines(invoice, full_nik=full_nik))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def filename(invoice: Invoice, fmt: str, *, full_nik: bool) -> str:
    """Masked and full-NIK files get different names, so nobody forwards the full one by mistake."""
    nik = "-nik-lengkap" if full_nik else ""
    return f"rincian-peserta-{slugify(invoice.number)}-{slugify(invoice.funder.name)[:40]}{nik}.{fmt}"


def export_invoice_members(invoice: Invoice, fmt: str, *, by) -> tuple[bytes, str]:
    """The invoice's rincian peserta for someone who may see the invoice; the download is audited."""
    if fmt not in FORMATS:
        raise DomainError("Rincian peserta diunduh sebagai xlsx atau csv.")
    invoice = Invoice.objects.visible_to(by).select_related("funder__programme_year").filter(pk=invoice.pk).first()
    if invoice is None:
        raise PermissionDenied("Anda tidak berwenang melihat tagihan ini.")
    if not invoice.members_frozen:
        raise DomainError(NOT_FROZEN.format(number=invoice.number))
    full_nik = scope_of(by).can(Action.VIEW_FULL_NIK)
    content = members_xlsx(invoice, full_nik=full_nik) if fmt == "xlsx" else members_csv(invoice, full_nik=full_nik)
    with transaction.atomic():
        audit.record(
            "coverage.invoice.members_exported",
            invoice,
            by=by,
            data={"format": fmt, "full_nik": full_nik, "people": invoice.people},
        )
    return content, filename(invoice, fmt, full_nik=full_nik)
