"""Official outputs: the decree list (lampiran SK Bupati) per funder as XLSX and PDF, and the budget sheet."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import xlsxwriter
from django.conf import settings
from django.utils import timezone

from lindung.funding.models import Allocation, Funder
from lindung.lib.formatting import angka, rupiah, tanggal, tanggal_waktu
from lindung.lib.nik import mask_nik
from lindung.lib.safe_cells import safe
from lindung.lib.terbilang import terbilang_rupiah
from lindung.people.models import occupation_shown
from lindung.programmes.models import Amendment, ProgrammeYear
from lindung.regions.models import Region

HEADERS = ("No", "NIK", "Nama", "Tanggal lahir", "Pekerjaan", "Bulan", "Jumlah bulan", "Iuran/bulan", "Jumlah (Rp)")


@dataclass
class Line:
    nik: str
    name: str
    birth: str
    born: date | None
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
            "person__occupation_other",
            "person__occupation_written",
            "months_mask",
            "months",
            "amount",
            "person_id",
        )
    )
    # As a person reads a list: "ani" between "Andi" and "Budi", never after every capital.
    rows = sorted(rows, key=lambda r: (r[0], r[1].casefold(), r[10]))
    codes = {r[0] for r in rows} | {r[0][:8] for r in rows}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    labels: dict[int, str] = {}
    districts: list[District] = []
    for village_code, name, nik, birth, occupation, other, written, mask, months, amount, _ in rows:
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
                birth.strftime("%d/%m/%Y") if birth and with_birth else "",
                birth if with_birth else None,
                occupation_shown(occupation, other, written),
                labels[mask],
                months,
                monthly_of[sector, mask],
                amount,
            )
        )
    return districts


def _fitted(text: str, width: float, font: str = "Helvetica", size: float = 7.5) -> str:
    """The text cut to the column's width in the rows' font, marked with an ellipsis when cut."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _monthly(prices: tuple[int, ...], mask: int) -> int | str:
    """The row's price per month: one number, or 'Rp 8.400–16.800' when it differs by month."""
    used = {price for i, price in enumerate(prices) if mask >> i & 1}
    if len(used) <= 1:
        return used.pop() if used else 0
    return f"{rupiah(min(used))}–{rupiah(max(used)).removeprefix('Rp ')}"


def _monthly_text(value: int | str) -> str:
    return rupiah(value) if isinstance(value, int) else value


def _mask_text(year: ProgrammeYear, mask: int) -> str:
    """The months in `mask` as '10/2021–11/2021, 01/2022', short enough for the decree's column."""
    parts = []
    for first, last in year.month_runs(mask):
        a, b = year.month_date(first), year.month_date(last)
        parts.append(f"{a:%m/%Y}" if first == last else f"{a:%m/%Y}–{b:%m/%Y}")
    return ", ".join(parts)


def amendment_numbers(year: ProgrammeYear) -> list[int]:
    """The amendments the approved list already carries (an open one is not approved yet)."""
    return list(year.amendments.filter(closed_at__isnull=False).values_list("number", flat=True))


def version_line(year: ProgrammeYear) -> str:
    """Which version of the list this is: a draft, the approved list, or the list as amended."""
    if not year.is_approved:
        return "KONSEP — belum disetujui, bukan lampiran SK yang berlaku"
    numbers = amendment_numbers(year)
    if numbers:
        listed = ", ".join(str(n) for n in numbers)
        return f"TELAH DIUBAH dengan Amandemen {listed}: keadaan sesudah amandemen {numbers[-1]}"
    return ""


def _decree_ref(year: ProgrammeYear) -> str:
    number = year.decree_number or "................."
    when = f" TANGGAL {tanggal(year.decree_date).upper()}" if year.decree_date else ""
    return f"NOMOR: {number}{when}"


def _title_lines(funder: Funder) -> list[str]:
    year = funder.programme_year
    return [
        f"LAMPIRAN KEPUTUSAN {head_of_region()}",
        _decree_ref(year),
        f"TENTANG PESERTA PROGRAM JAMINAN SOSIAL KETENAGAKERJAAN ({year.programs_label}) BAGI PEKERJA RENTAN "
        f"TAHUN {year.year}",
        f"Sumber dana: {funder.name} ({funder.get_kind_display()}) · Periode {year.months_label()} · "
        f"Iuran{' penuh' if funder.gets_discount() else ''} {rupiah(funder.monthly_cost())} per orang per bulan",
    ] + (
        [f"Dengan potongan PP 50/2025: {rupiah(year.discounted_cost())} per bulan untuk {year.discount_months_text()}"]
        if funder.gets_discount()
        else []
    )


def signature_lines(year: ProgrammeYear, *, dated: bool = True) -> list[str]:
    """The decree's signature block: where and when it was set, and whose decree it is."""
    when = tanggal(year.decree_date) if dated and year.decree_date else "...................."
    return [
        "Ditetapkan di ....................",
        f"pada tanggal {when}",
        f"{head_of_region()},",
        "",
        "",
        "",
        "(....................................)",
    ]


def printed_line() -> str:
    now = timezone.localtime()
    return f"Dicetak {tanggal_waktu(now)} {now.tzname()}"


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
    day = book.add_format({"num_format": "dd/mm/yyyy", "align": "left"})
    people = book.add_format({"num_format": '#,##0 "orang"', "bold": True})
    mark = book.add_format({"bold": True, "font_size": 12, "font_color": "#A4262C"})
    for col, width in enumerate((6, 20, 32, 16, 22, 22, 8, 13, 16)):
        sheet.set_column(col, col, width)
    row = 0
    version = version_line(funder.programme_year)
    for i, line in enumerate(_title_lines(funder)):
        sheet.write_string(row, 0, safe(line), title if i == 0 else bold)
        row += 1
    if version:
        sheet.write(row, 0, version, mark)
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
                if line.born:
                    sheet.write_datetime(row, 3, line.born, day)
                sheet.write_string(row, 4, safe(line.occupation))
                sheet.write_string(row, 5, line.months_text)
                sheet.write_number(row, 6, line.months)
                if isinstance(line.monthly, int):
                    sheet.write_number(row, 7, line.monthly, money)
                else:
                    sheet.write_string(row, 7, line.monthly)
                sheet.write_number(row, 8, line.amount, money)
                row += 1
            sheet.write(row, 2, f"Jumlah {village.name}", bold)
            sheet.write_number(row, 3, len(village.lines), people)
            sheet.write_number(row, 8, village.amount, money_bold)
            row += 1
        sheet.write(row, 2, f"Jumlah Kecamatan {district.name}", bold)
        sheet.write_number(row, 3, district.people, people)
        sheet.write_number(row, 8, district.amount, money_bold)
        row += 2
        total_people += district.people
        total_amount += district.amount
    sheet.write(row, 2, "JUMLAH SELURUHNYA", bold)
    sheet.write_number(row, 3, total_people, people)
    sheet.write_number(row, 8, total_amount, money_bold)
    row += 1
    sheet.write(row, 2, f"Terbilang: {terbilang_rupiah(total_amount)}", bold)
    row += 2
    for line in signature_lines(funder.programme_year):
        sheet.write(row, 5, line, bold)
        row += 1
    row += 1
    sheet.write(row, 0, printed_line())
    book.close()
    return buffer.getvalue(), total_people


class _Blank:
    """Takes a canvas's drawing calls and draws nothing: the first pass only counts pages."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def decree_pdf(funder: Funder, *, full_nik: bool, with_birth: bool = True) -> tuple[bytes, int]:
    """The decree list as a PDF drawn row by row (a flowable table is far too slow for 50,000 rows).

    Drawn twice: once to count the pages ("Halaman 3 dari 40"), then for real.
    """
    from reportlab.pdfgen import canvas

    groups = decree_groups(funder, full_nik=full_nik, with_birth=with_birth)
    pages = _draw_decree(_Blank(), funder, groups, total_pages=0, with_birth=with_birth)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1)
    pdf.setTitle(f"Lampiran SK {funder.programme_year.year} - {funder.name}")
    _draw_decree(pdf, funder, groups, total_pages=pages, with_birth=with_birth)
    pdf.save()
    return buffer.getvalue(), sum(d.people for d in groups)


def _page_size():
    from reportlab.lib.pagesizes import A4, landscape

    return landscape(A4)


PAGE = _page_size()


def _watermark(pdf, text: str) -> None:
    width, height = PAGE
    pdf.saveState()
    pdf.setFillGray(0.85)
    pdf.setFont("Helvetica-Bold", 110)
    pdf.translate(width / 2, height / 2)
    pdf.rotate(30)
    pdf.drawCentredString(0, -40, text)
    pdf.restoreState()


def _draw_decree(pdf, funder: Funder, groups: list[District], *, total_pages: int, with_birth: bool = True) -> int:
    """Lay the list out on `pdf`; returns the number of pages."""
    year = funder.programme_year
    width, height = PAGE
    margin = 28
    row_h = 11
    # Left edges of text columns and right edges of number columns, in points (7.5 pt Helvetica:
    # a 16-digit NIK is about 66 pt, "30/12/1985" about 40 pt, "Buruh harian lepas" about 62 pt).
    no_r, nik_x, name_x, birth_x, occ_x, months_x = (
        margin + 24,
        margin + 30,
        margin + 105,
        margin + 285,
        margin + 345,
        margin + 450,
    )
    count_r, monthly_r, amount_r = margin + 610, margin + 690, width - margin
    draft = not year.is_approved
    version = version_line(year)
    printed = printed_line()
    state = {"page": 0, "y": 0.0}

    def new_page():
        if state["page"]:
            pdf.showPage()
        state["page"] += 1
        if draft:
            _watermark(pdf, "KONSEP")
        y = height - margin
        if state["page"] == 1:
            pdf.setFont("Helvetica-Bold", 10)
            for line in _title_lines(funder):
                pdf.drawString(margin, y, line[:160])
                y -= 13
            if version:
                pdf.setFillColorRGB(0.64, 0.15, 0.17)
                pdf.drawString(margin, y, version)
                pdf.setFillGray(0)
                y -= 13
            y -= 4
        elif version:
            pdf.setFont("Helvetica-Bold", 8)
            pdf.drawString(margin, y, version)
            y -= 12
        pdf.setFont("Helvetica-Bold", 7.5)
        for x, label in zip((nik_x, name_x, birth_x, occ_x, months_x), headers(with_birth)[1:6], strict=True):
            pdf.drawString(x, y, label)
        for x, label in zip((no_r, count_r, monthly_r, amount_r), ("No", "Bln", "Iuran/bulan", "Jumlah"), strict=True):
            pdf.drawRightString(x, y, label)
        pdf.line(margin, y - 3, width - margin, y - 3)
        state["y"] = y - row_h - 2
        pdf.setFont("Helvetica", 7)
        pdf.drawString(margin, margin - 12, printed)
        pages = f" dari {total_pages}" if total_pages else ""
        pdf.drawRightString(width - margin, margin - 12, f"Halaman {state['page']}{pages}")
        pdf.setFont("Helvetica", 7.5)

    def ensure(rows=1):
        if state["y"] - rows * row_h < margin:
            new_page()

    def bold_line(text, amount=None, x=nik_x):
        ensure()
        pdf.setFont("Helvetica-Bold", 7.5)
        pdf.drawString(x, state["y"], text[:150])
        if amount is not None:
            pdf.drawRightString(amount_r, state["y"], rupiah(amount))
        pdf.setFont("Helvetica", 7.5)
        state["y"] -= row_h

    new_page()
    number = total_people = total_amount = 0
    for district in groups:
        bold_line(f"Kecamatan {district.name}")
        for village in district.villages:
            bold_line(f"Desa/Kelurahan {village.name} ({village.code})")
            for line in village.lines:
                ensure()
                y = state["y"]
                number += 1
                pdf.drawRightString(no_r, y, angka(number))
                pdf.drawString(nik_x, y, line.nik)
                pdf.drawString(name_x, y, line.name[:42])
                pdf.drawString(birth_x, y, line.birth)
                pdf.drawString(occ_x, y, _fitted(line.occupation, months_x - occ_x - 4))
                pdf.drawString(months_x, y, line.months_text[:40])
                pdf.drawRightString(count_r, y, str(line.months))
                pdf.drawRightString(monthly_r, y, _monthly_text(line.monthly))
                pdf.drawRightString(amount_r, y, rupiah(line.amount))
                state["y"] -= row_h
            bold_line(f"Jumlah {village.name}: {angka(len(village.lines))} orang", village.amount)
        bold_line(f"Jumlah Kecamatan {district.name}: {angka(district.people)} orang", district.amount)
        total_people += district.people
        total_amount += district.amount
    ensure(3)
    bold_line(f"JUMLAH SELURUHNYA: {angka(total_people)} orang", total_amount)
    bold_line(f"Terbilang: {terbilang_rupiah(total_amount)}")
    signature = signature_lines(year)
    ensure(len(signature) + 2)
    state["y"] -= row_h
    for line in signature:
        bold_line(line, x=width - margin - 220)
    return state["page"]


def amendment_pdf(amendment: Amendment) -> bytes:
    """One amendment as its own document: what changed for whom, why, and the signature block."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    year = amendment.programme_year
    width, height = PAGE
    margin = 40
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1)
    pdf.setTitle(f"Amandemen {amendment.number} lampiran SK {year.year}")
    y = height - margin

    def line(text: str, font: str = "Helvetica", size: float = 9, x: float = margin) -> None:
        nonlocal y
        for part in simpleSplit(text, font, size, width - margin - x) or [""]:
            if y < margin + 20:
                pdf.showPage()
                y = height - margin
            pdf.setFont(font, size)
            pdf.drawString(x, y, part)
            y -= size + 4

    line(f"AMANDEMEN {amendment.number} ATAS LAMPIRAN KEPUTUSAN {head_of_region()}", "Helvetica-Bold", 11)
    line(_decree_ref(year), "Helvetica-Bold", 10)
    line(
        f"TENTANG PESERTA PROGRAM JAMINAN SOSIAL KETENAGAKERJAAN ({year.programs_label}) BAGI PEKERJA RENTAN "
        f"TAHUN {year.year}",
        "Helvetica-Bold",
        10,
    )
    y -= 8
    line(f"Dibuat {tanggal_waktu(timezone.localtime(amendment.created_at))}.")
    if amendment.closed_at:
        line(f"Berlaku/disetujui {tanggal_waktu(timezone.localtime(amendment.closed_at))}.")
    line(f"Alasan: {amendment.reason}")
    summary = (amendment.changes or {}).get("summary")
    if summary:
        line(f"Perubahan: {summary}")
    else:
        line("Perubahan: seluruh daftar dibuka kembali, dialokasikan ulang dan disetujui lagi.")
    rows = (amendment.changes or {}).get("rows") or []
    if rows:
        y -= 6
        line("Rincian per penyandang dana:", "Helvetica-Bold")
        for r in rows:
            line(
                f"{r.get('funder_name', '')}: {rupiah(r.get('amount_before', 0))} → {rupiah(r.get('amount_after', 0))}",
                x=margin + 12,
            )
    y -= 16
    # The amendment is a decision of its own, signed on its own day.
    for text in signature_lines(year, dated=False):
        line(text, "Helvetica-Bold", 9, x=width - margin - 240)
    pdf.setFont("Helvetica", 7)
    pdf.drawString(margin, margin - 12, printed_line())
    pdf.save()
    return buffer.getvalue()


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
