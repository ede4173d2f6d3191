"""The workbooks an import hands back: the rows to fix, and a template so the next file arrives clean."""

import io
from datetime import date, datetime

import xlsxwriter

from lindung.imports.duplicates import CODE as DUPLICATE
from lindung.imports.models import ImportBatch, ImportRow, RowStatus
from lindung.lib.safe_cells import looks_like_formula, safe
from lindung.people.models import Occupation

TEMPLATE_HEADERS = (
    ("No", 5),
    ("NIK", 20),
    ("Nama Lengkap", 28),
    ("Jenis Kelamin (L/P)", 10),
    ("Tempat Lahir", 16),
    ("Tanggal Lahir", 14),
    ("Desa/Kelurahan", 24),
    ("Kecamatan", 20),
    ("RT", 6),
    ("RW", 6),
    ("Alamat", 28),
    ("No HP", 16),
    ("Pekerjaan", 22),
    ("No KK", 20),
)


def _cell_value(value):
    if isinstance(value, dict) and "d" in value:
        text = value["d"]
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    return value


def error_workbook(batch: ImportBatch) -> bytes:
    """The refused rows as they came, a reasons column, the bad cells highlighted: ready to fix and send back.

    Rows warned as possible duplicates come along with their reason, so the village can check them too.
    """
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    bad = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "border": 1})
    bad_text = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "border": 1, "num_format": "@"})
    text = book.add_format({"num_format": "@"})
    day = book.add_format({"num_format": "dd-mm-yyyy"})
    bad_day = book.add_format({"num_format": "dd-mm-yyyy", "bg_color": "#FFC7CE", "font_color": "#9C0006", "border": 1})
    reason = book.add_format({"text_wrap": True, "valign": "top", "font_color": "#9C0006"})
    # The rows go back to the village to be fixed and uploaded again, so their cells keep what was
    # typed; a cell that looks like a formula is a text cell marked "quote prefix" (Excel's own
    # leading apostrophe), which stays text even when someone edits it.
    quoted = book.add_format({"quote_prefix": True})
    bad_quoted = book.add_format(
        {"bg_color": "#FFC7CE", "font_color": "#9C0006", "border": 1, "num_format": "@", "quote_prefix": True}
    )

    info = book.add_worksheet("Petunjuk")
    info.set_column(0, 0, 100)
    lines = [
        f"Baris yang ditolak dari berkas {batch.original_name}",
        "Perbaiki sel yang berwarna merah sesuai kolom Alasan, lalu unggah kembali berkas ini.",
        "Kolom Alasan dan Baris asal boleh dibiarkan; keduanya diabaikan saat impor.",
        "Ketik NIK sebagai teks (kolom NIK sudah diformat Teks) agar ke-16 digitnya tidak berubah.",
        "Baris yang sudah tersimpan tidak ada di sini; mengimpor ulang baris yang sama tidak membuat data ganda.",
        "Kecuali baris dengan peringatan kemungkinan duplikat: baris itu tidak ditolak, tetapi periksa apakah "
        "orangnya sudah terdaftar dengan NIK lain sebelum data dipakai.",
    ]
    for i, line in enumerate(lines):
        info.write_string(i, 0, line, head if i == 0 else None)

    tables = {t["sheet"]: t for t in batch.tables}
    rows = ImportRow.objects.filter(batch=batch, status__in=[RowStatus.INVALID, RowStatus.WARNING]).order_by("position")
    sheets: dict[str, tuple] = {}
    used_names: set[str] = {"Petunjuk"}
    for staged in rows.iterator(chunk_size=2000):
        # Of the rows with only warnings, a possible duplicate is the one a village must look at again.
        duplicate = [p for p in staged.problems if p["code"] == DUPLICATE]
        if staged.status == RowStatus.WARNING and not duplicate:
            continue
        if staged.sheet not in sheets:
            labels = tables.get(staged.sheet, {}).get("labels") or [f"Kolom {i + 1}" for i in range(len(staged.cells))]
            fields = batch.mapping.get(staged.signature) or tables.get(staged.sheet, {}).get("fields") or []
            name = _sheet_name(staged.sheet or "Perbaiki", used_names)
            ws = book.add_worksheet(name)
            for col, label in enumerate(labels):
                ws.write_string(0, col, safe(label), head)
                ws.set_column(
                    col,
                    col,
                    20 if col < len(fields) and fields[col] in ("nik", "kk_number") else 16,
                    text if col < len(fields) and fields[col] in ("nik", "kk_number") else None,
                )
            ws.write_string(0, len(labels), "Baris asal", head)
            ws.write_string(0, len(labels) + 1, "Alasan (perbaiki lalu kirim ulang)", head)
            ws.set_column(len(labels) + 1, len(labels) + 1, 70)
            ws.freeze_panes(1, 0)
            sheets[staged.sheet] = [ws, labels, 1]
        ws, labels, line = sheets[staged.sheet]
        bad_columns = {p["column"] for p in staged.problems if p.get("column") is not None and p["level"] != "warning"}
        for col in range(max(len(labels), len(staged.cells))):
            value = _cell_value(staged.cells[col]) if col < len(staged.cells) else ""
            is_bad = col in bad_columns
            if isinstance(value, (date, datetime)):
                ws.write_datetime(line, col, value, bad_day if is_bad else day)
            elif isinstance(value, bool):
                ws.write_boolean(line, col, value, bad if is_bad else None)
            elif isinstance(value, (int, float)):
                ws.write_number(line, col, value, bad if is_bad else None)
            elif value is None or value == "":
                if is_bad:
                    ws.write_blank(line, col, None, bad)
            else:
                # A text cell, never a formula: "=HYPERLINK(...)" stays inert in the village's office suite,
                # and comes back as it went, so an unfixed row is refused again.
                value = str(value)
                if looks_like_formula(value):
                    ws.write_string(line, col, value, bad_quoted if is_bad else quoted)
                else:
                    ws.write_string(line, col, value, bad_text if is_bad else None)
        where = f"{staged.sheet} baris {staged.source_row}" if staged.sheet else f"baris {staged.source_row}"
        ws.write_string(line, len(labels), safe(where))
        reasons = "\n".join(
            [f"• {p['message']}" for p in staged.problems if p["level"] != "warning"]
            + [f"• Peringatan (tidak ditolak): {p['message']}" for p in duplicate]
        )
        ws.write_string(line, len(labels) + 1, reasons, reason)
        sheets[staged.sheet][2] = line + 1
    if not sheets:
        ws = book.add_worksheet("Perbaiki")
        ws.write_string(0, 0, "Tidak ada baris yang ditolak.", head)
    book.close()
    return out.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:28] or "Lembar"
    candidate, n = clean, 2
    while candidate.lower() in {u.lower() for u in used}:
        candidate = f"{clean[:25]} ({n})"
        n += 1
    used.add(candidate)
    return candidate


def template_workbook(villages: list[tuple[str, str, str]], *, today: date) -> bytes:
    """An empty list with the right headers, text NIKs, drop-downs and date validation."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"num_format": "@"})
    day = book.add_format({"num_format": "dd-mm-yyyy"})
    ws = book.add_worksheet("Daftar Pekerja")
    lists = book.add_worksheet("Pilihan")
    for col, (label, width) in enumerate(TEMPLATE_HEADERS):
        ws.write_string(0, col, label, head)
        ws.set_column(col, col, width)
    rows = 2000
    ws.set_column(1, 1, 20, text)
    ws.set_column(13, 13, 20, text)
    ws.set_column(11, 11, 16, text)
    ws.set_column(5, 5, 14, day)
    ws.freeze_panes(1, 0)

    lists.write_string(0, 0, "Desa/Kelurahan", head)
    lists.write_string(0, 1, "Kecamatan", head)
    lists.write_string(0, 2, "Kode desa", head)
    lists.write_string(0, 3, "Pekerjaan", head)
    for i, (code, name, district) in enumerate(villages, start=1):
        lists.write_string(i, 0, safe(name))
        lists.write_string(i, 1, safe(district))
        lists.write_string(i, 2, code)
    occupations = [label for _, label in Occupation.choices]
    for i, label in enumerate(occupations, start=1):
        lists.write_string(i, 3, label)
    lists.set_column(0, 3, 24)
    last_village = max(len(villages), 1) + 1
    ws.data_validation(
        1,
        1,
        rows,
        1,
        {
            "validate": "length",
            "criteria": "==",
            "value": 16,
            "input_title": "NIK",
            "input_message": "16 digit sesuai KTP, diketik sebagai teks.",
            "error_title": "NIK harus 16 digit",
            "error_message": "Tulis 16 digit NIK sesuai KTP atau KK.",
        },
    )
    ws.data_validation(
        1,
        3,
        rows,
        3,
        {
            "validate": "list",
            "source": ["L", "P"],
            "error_title": "Jenis kelamin",
            "error_message": "Pilih L (laki-laki) atau P (perempuan).",
        },
    )
    ws.data_validation(
        1,
        5,
        rows,
        5,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": date(1900, 1, 1),
            "maximum": today,
            "input_title": "Tanggal lahir",
            "input_message": "Tulis seperti 12-05-1980.",
            "error_title": "Tanggal lahir tidak valid",
            "error_message": "Tulis tanggal lahir seperti 12-05-1980.",
        },
    )
    ws.data_validation(
        1,
        6,
        rows,
        6,
        {
            "validate": "list",
            "source": f"=Pilihan!$A$2:$A${last_village}",
            "error_title": "Desa/kelurahan",
            "error_message": "Pilih desa/kelurahan dari daftar.",
        },
    )
    ws.data_validation(
        1,
        12,
        rows,
        12,
        {
            "validate": "list",
            "source": f"=Pilihan!$D$2:$D${len(occupations) + 1}",
            "error_title": "Pekerjaan",
            "error_message": "Pilih pekerjaan dari daftar.",
        },
    )
    book.close()
    return out.getvalue()
