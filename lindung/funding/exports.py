"""Official outputs: the decree list (lampiran SK Bupati) per funder as XLSX and PDF, and the budget sheet."""

from __future__ import annotations

import io
from dataclasses import dataclass

import xlsxwriter
from django.conf import settings

from lindung.funding.models import Allocation, Funder
from lindung.lib.formatting import rupiah, tanggal
from lindung.lib.nik import mask_nik
from lindung.lib.safe_cells import safe
from lindung.lib.terbilang import terbilang_rupiah
from lindung.people.models import Occupation
from lindung.programmes.models import ProgrammeYear
from lindung.regions.models import Region

OCCUPATIONS = dict(Occupation.choices)
HEADERS = ("No", "NIK", "Nama", "Tanggal lahir", "Pekerjaan", "Bulan", "Jumlah bulan", "Iuran/bulan", "Jumlah (Rp)")


@dataclass
class Line:
    nik: str
    name: str
    birth: str
    occupation: str
    months_text: str
    months: int
    monthly: int | str  # one price, or the range when PP 50/2025 discounts some of its months
    amount: int


@dataclass
class Village:
    code: str
    name: str
    lines: list[Line]

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.lines)


@dataclass
class District:
    code: str
    name: str
    villages: list[Village]

    @property
    def people(self) -> int:
        return sum(len(v.lines) for v in self.villages)

    @property
    def amount(self) -> int:
        return sum(v.amount for v in self.villages)


def head_of_region() -> str:
    """Whose decree it is: 'BUPATI KUTAI KARTANEGARA' for a kabupaten, 'WALI KOTA ...' for a kota."""
    region = Region.objects.filter(code=settings.LINDUNG_REGENCY).first()
    name = region.name.upper() if region else settings.LINDUNG_REGENCY
    if name.startswith("KABUPATEN "):
        return "BUPATI " + name.removeprefix("KABUPATEN ")
    if name.startswith("KOTA "):
        return "WALI KOTA " + name.removeprefix("KOTA ")
    return "KEPALA DAERAH " + name


def headers(with_birth: bool = True) -> tuple[str, ...]:
    return HEADERS if with_birth else tuple("" if h == "Tanggal lahir" else h for h in HEADERS)


def decree_groups(funder: Funder, *, full_nik: bool, with_birth: bool = True) -> list[District]:
    """The funder's people grouped by district and village, in code then name order."""
    year = funder.programme_year
    sector_prices = dict(zip((False, True), funder.price_table(), strict=True))
    monthly_of: dict[tuple[bool, int], int | str] = {}
    rows = (
        Allocation.objects.filter(programme_year=year, funder=funder)
        .order_by()
        .values_list(
            "person__village_id",
            "person__name",
            "person__nik",
            "person__birth_date",
            "person__occupation",
            "months_mask",
            "months",
            "amount",
            "person_id",
        )
    )
    rows = sorted(rows, key=lambda r: (r[0], r[1], r[8]))
    codes = {r[0] for r in rows} | {r[0][:8] for r in rows}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    labels: dict[int, str] = {}
    districts: list[District] = []
    for village_code, name, nik, birth, occupation, mask, months, amount, _ in rows:
        if mask not in labels:
            labels[mask] = _mask_text(year, mask)
        sector = year.is_transport(occupation)
        if (sector, mask) not in monthly_of:
            monthly_of[sector, mask] = _monthly(sector_prices[sector], mask)
        if not districts or districts[-1].code != village_code[:8]:
            districts.append(District(village_code[:8], names.get(village_code[:8], village_code[:8]), []))
        villages = districts[-1].villages
        if not villages or villages[-1].code != village_code:
            villages.append(Village(village_code, names.get(village_code, village_code), []))
        villages[-1].lines.append(
            Line(
                nik if full_nik else mask_nik(nik),
                name,
                tanggal(birth) if with_birth else "",
                OCCUPATIONS.get(occupation, occupation),
                labels[mask],
                months,
                monthly_of[sector, mask],
                amount,
            )
        )
    return districts


def _monthly(prices: tuple[int, ...], mask: int) -> int | str:
    """The row's price per month: one number, or 'Rp 8.400–16.800' when it differs by month."""
    used = {price for i, price in enumerate(prices) if mask >> i & 1}
    if len(used) <= 1:
        return used.pop() if used else 0
    return f"{rupiah(min(used))}–{rupiah(max(used)).removeprefix('Rp ')}"


def _monthly_text(value: int | str) -> str:
    return rupiah(value) if isinstance(value, int) else value


def _mask_text(year: ProgrammeYear, mask: int) -> str:
    indexes = [i + 1 for i in range(year.months) if mask >> i & 1]
    parts, start, prev = [], None, None
    for i in [*indexes, None]:
        if start is None:
            start = prev = i
        elif i is not None and i == prev + 1:
            prev = i
        else:
            a, b = year.month_date(start), year.month_date(prev)
            parts.append(f"{a:%m/%Y}" if start == prev else f"{a:%m/%Y}–{b:%m/%Y}")
            start = prev = i
    return ", ".join(parts)


def _title_lines(funder: Funder) -> list[str]:
    year = funder.programme_year
    return [
        f"LAMPIRAN KEPUTUSAN {head_of_region()}",
        f"NOMOR: {year.decree_number or '.................'}",
        f"TENTANG PESERTA PROGRAM JAMINAN SOSIAL KETENAGAKERJAAN ({year.programs_label}) BAGI PEKERJA RENTAN "
        f"TAHUN {year.year}",
        f"Sumber dana: {funder.name} ({funder.get_kind_display()}) · Periode {year.months_label()} · "
        f"Iuran{' penuh' if funder.gets_discount() else ''} {rupiah(funder.monthly_cost())} per orang per bulan",
    ] + (
        [f"Dengan potongan PP 50/2025: {rupiah(year.discounted_cost())} per bulan untuk {year.discount_months_text()}"]
        if funder.gets_discount()
        else []
    )


def decree_xlsx(funder: Funder, *, full_nik: bool, with_birth: bool = True) -> tuple[bytes, int]:
    """The decree list as a workbook: numbered rows, district and village subtotals, total in words."""
    groups = decree_groups(funder, full_nik=full_nik, with_birth=with_birth)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Lampiran SK")
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 12})
    head = book.add_format({"bold": True, "bg_color": "#DDE6EE", "border": 1, "text_wrap": True, "valign": "top"})
    money = book.add_format({"num_format": '"Rp "#,##0'})
    money_bold = book.add_format({"num_format": '"Rp "#,##0', "bold": True})
    group = book.add_format({"bold": True, "bg_color": "#F2F2F2"})
    text = book.add_format({"num_format": "@"})
    for col, width in enumerate((6, 20, 32, 16, 22, 22, 8, 13, 16)):
        sheet.set_column(col, col, width)
    row = 0
    for i, line in enumerate(_title_lines(funder)):
        sheet.write_string(row, 0, safe(line), title if i == 0 else bold)
        row += 1
    row += 1
    for col, h in enumerate(headers(with_birth)):
        sheet.write(row, col, h, head)
    row += 1
    number = 0
    total_people = total_amount = 0
    for district in groups:
        sheet.write(row, 0, f"Kecamatan {district.name}", group)
        row += 1
        for village in district.villages:
            sheet.write(row, 1, f"Desa/Kelurahan {village.name} ({village.code})", bold)
            row += 1
            for line in village.lines:
                number += 1
                sheet.write_number(row, 0, number)
                sheet.write_string(row, 1, line.nik, text)
                sheet.write_string(row, 2, safe(line.name))
                sheet.write_string(row, 3, line.birth)
                sheet.write_string(row, 4, safe(line.occupation))
                sheet.write_string(row, 5, line.months_text)
                sheet.write_number(row, 6, line.months)
                if isinstance(line.monthly, int):
                    sheet.write_number(row, 7, line.monthly, money)
                else:
                    sheet.write_string(row, 7, line.monthly)
                sheet.write_number(row, 8, line.amount, money)
                row += 1
            sheet.write(row, 2, f"Jumlah {village.name}: {len(village.lines)} orang", bold)
            sheet.write_number(row, 8, village.amount, money_bold)
            row += 1
        sheet.write(row, 2, f"Jumlah Kecamatan {district.name}: {district.people} orang", bold)
        sheet.write_number(row, 8, district.amount, money_bold)
        row += 2
        total_people += district.people
        total_amount += district.amount
    sheet.write(row, 2, f"JUMLAH SELURUHNYA: {total_people} orang", bold)
    sheet.write_number(row, 8, total_amount, money_bold)
    row += 1
    sheet.write(row, 2, f"Terbilang: {terbilang_rupiah(total_amount)}", bold)
    book.close()
    return buffer.getvalue(), total_people


def decree_pdf(funder: Funder, *, full_nik: bool, with_birth: bool = True) -> tuple[bytes, int]:
    """The decree list as a PDF drawn row by row (a flowable table is far too slow for 50,000 rows)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    groups = decree_groups(funder, full_nik=full_nik, with_birth=with_birth)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"Lampiran SK {funder.programme_year.year} - {funder.name}")
    margin = 28
    row_h = 11
    # Left edges of text columns and right edges of number columns, in points.
    no_r, nik_x, name_x, birth_x, occ_x, months_x = (
        margin + 24,
        margin + 30,
        margin + 115,
        margin + 290,
        margin + 355,
        margin + 465,
    )
    count_r, monthly_r, amount_r = margin + 610, margin + 680, width - margin
    page_no = 0
    y = 0.0

    def new_page():
        nonlocal page_no, y
        if page_no:
            pdf.showPage()
        page_no += 1
        y = height - margin
        if page_no == 1:
            pdf.setFont("Helvetica-Bold", 10)
            for line in _title_lines(funder):
                pdf.drawString(margin, y, line[:160])
                y -= 13
            y -= 4
        pdf.setFont("Helvetica-Bold", 7.5)
        for x, label in zip((nik_x, name_x, birth_x, occ_x, months_x), headers(with_birth)[1:6], strict=True):
            pdf.drawString(x, y, label)
        for x, label in zip((no_r, count_r, monthly_r, amount_r), ("No", "Bln", "Iuran/bulan", "Jumlah"), strict=True):
            pdf.drawRightString(x, y, label)
        pdf.line(margin, y - 3, width - margin, y - 3)
        y -= row_h + 2
        pdf.setFont("Helvetica", 7)
        pdf.drawRightString(width - margin, margin - 12, f"Halaman {page_no}")
        pdf.setFont("Helvetica", 7.5)

    def ensure(rows=1):
        if y - rows * row_h < margin:
            new_page()

    def bold_line(text, amount=None):
        ensure()
        nonlocal y
        pdf.setFont("Helvetica-Bold", 7.5)
        pdf.drawString(nik_x, y, text[:150])
        if amount is not None:
            pdf.drawRightString(amount_r, y, rupiah(amount))
        pdf.setFont("Helvetica", 7.5)
        y -= row_h

    new_page()
    pdf.setFont("Helvetica", 7.5)
    number = total_people = total_amount = 0
    for district in groups:
        bold_line(f"Kecamatan {district.name}")
        for village in district.villages:
            bold_line(f"Desa/Kelurahan {village.name} ({village.code})")
            for line in village.lines:
                ensure()
                number += 1
                pdf.drawRightString(no_r, y, str(number))
                pdf.drawString(nik_x, y, line.nik)
                pdf.drawString(name_x, y, line.name[:40])
                pdf.drawString(birth_x, y, line.birth)
                pdf.drawString(occ_x, y, line.occupation[:24])
                pdf.drawString(months_x, y, line.months_text[:34])
                pdf.drawRightString(count_r, y, str(line.months))
                pdf.drawRightString(monthly_r, y, _monthly_text(line.monthly))
                pdf.drawRightString(amount_r, y, rupiah(line.amount))
                y -= row_h
            bold_line(f"Jumlah {village.name}: {len(village.lines)} orang", village.amount)
        bold_line(f"Jumlah Kecamatan {district.name}: {district.people} orang", district.amount)
        total_people += district.people
        total_amount += district.amount
    ensure(3)
    bold_line(f"JUMLAH SELURUHNYA: {total_people} orang", total_amount)
    bold_line(f"Terbilang: {terbilang_rupiah(total_amount)}")
    pdf.save()
    return buffer.getvalue(), total_people


def budget_sheet_xlsx(year: ProgrammeYear, sheets: list[dict]) -> bytes:
    """Per funder and month: pagu, committed, realised, remaining."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Lembar anggaran")
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": '"Rp "#,##0'})
    head = book.add_format({"bold": True, "bg_color": "#DDE6EE", "border": 1, "text_wrap": True})
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 9, 16)
    sheet.write_string(0, 0, safe(f"Lembar anggaran {year.name} tahun {year.year} ({year.months_label()})"), bold)
    columns = (
        "Penyandang dana",
        "Bulan",
        "Peserta",
        "Pagu",
        "Komitmen bulan ini",
        "Komitmen kumulatif",
        "Realisasi bulan ini",
        "Realisasi kumulatif",
        "Sisa pagu (pagu − realisasi)",
    )
    for col, h in enumerate(columns):
        sheet.write(2, col, h, head)
    row = 3
    for entry in sheets:
        funder = entry["funder"]
        for r in entry["rows"]:
            sheet.write_string(row, 0, safe(funder.name))
            sheet.write(row, 1, r["label"])
            sheet.write_number(row, 2, r["people"])
            sheet.write_number(row, 3, funder.budget, money)
            for col, key in enumerate(
                ("committed", "committed_total", "realised", "realised_total", "remaining"), start=4
            ):
                sheet.write_number(row, col, r[key], money)
            row += 1
        row += 1
    book.close()
    return buffer.getvalue()
