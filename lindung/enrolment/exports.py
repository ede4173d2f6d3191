"""The file a BPJS branch takes: a batch's frozen roster laid out by an export profile, as XLSX or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import xlsxwriter

from lindung.enrolment.models import BatchRow, EnrolmentBatch, ExportProfile, RowAction
from lindung.errors import DomainError
from lindung.funding.models import FunderKind
from lindung.lib.safe_cells import safe

# What a column can hold, with the header the default profile gives it.
FIELDS = {
    "no": "No",
    "action": "Tindakan",
    "nik": "NIK",
    "name": "Nama sesuai KTP",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir",
    "sex": "Jenis kelamin (L/P)",
    "address": "Alamat",
    "village_code": "Kode desa/kelurahan",
    "village_name": "Desa/kelurahan",
    "district_name": "Kecamatan (lokasi kerja)",
    "phone": "No. HP",
    "occupation": "Pekerjaan",
    "occupation_written": "Pekerjaan (sesuai daftar)",
    "income": "Penghasilan (Rp)",
    "programmes": "Program",
    "period_start": "Mulai kepesertaan",
    "period_end": "Sampai",
    "segment": "Segmen",
    "funding_source": "Sumber dana",
    "wadah_type": "Jenis wadah",
    "wadah_code": "ID wadah",
    "kpj": "No. KPJ",
    "event_on": "Tanggal meninggal/pindah",
    "note": "Keterangan",
}
DATE_FIELDS = frozenset({"birth_date", "period_start", "period_end", "event_on"})
# Cells whose text came from people (villages, operators), not from us: what a spreadsheet could run.
TYPED_FIELDS = frozenset(
    {
        "name",
        "birth_place",
        "address",
        "village_name",
        "district_name",
        "phone",
        "occupation",
        "occupation_written",
        "note",
    }
)
ROW_FIELDS = (
    "action",
    "nik",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "village_code",
    "village_name",
    "district_name",
    "phone",
    "occupation",
    "membership__person__occupation_written",
    "income",
    "programmes",
    "period_start",
    "period_end",
    "segment",
    "kpj",
    "event_on",
    "note",
)
ACTIONS = dict(RowAction.choices)


def check_columns(columns: list[dict]) -> list[dict]:
    """The profile's columns, cleaned; raises with what to fix."""
    if not columns:
        raise DomainError("Profil harus punya paling sedikit satu kolom, misalnya NIK.")
    cleaned, seen = [], set()
    for position, column in enumerate(columns, start=1):
        field = str(column.get("field", "")).strip()
        header = " ".join(str(column.get("header", "")).split()) or FIELDS.get(field, "")
        if field not in FIELDS:
            raise DomainError(
                f"Kolom ke-{position}: isian “{field}” tidak dikenal. Pilih salah satu: {', '.join(FIELDS)}."
            )
        if field in seen:
            raise DomainError(f"Kolom ke-{position}: isian “{field}” sudah ada di kolom lain. Pakai sekali saja.")
        seen.add(field)
        cleaned.append({"field": field, "header": safe(header[:100])})
    if "nik" not in seen:
        raise DomainError("Profil harus memuat kolom NIK: kantor cabang BPJS mengenali peserta dari NIK.")
    return cleaned


def default_profile() -> ExportProfile:
    profile = ExportProfile.objects.filter(is_default=True).first() or ExportProfile.objects.first()
    if profile is None:
        raise DomainError("Belum ada profil berkas kiriman. Buat profil di halaman Profil berkas kiriman.")
    return profile


def _lines(batch: EnrolmentBatch, profile: ExportProfile) -> Iterator[list]:
    """The batch's rows as cell values, in the profile's order (dates as text in its format)."""
    funder = batch.funder
    # The wadah code is typed by the admin on the funder page: it goes out formula-safe like any typed text.
    constants = {
        "wadah_type": batch.wadah_type,
        "wadah_code": safe(batch.wadah_code),
        "funding_source": FunderKind(funder.kind).label,
    }
    fields = [c["field"] for c in profile.columns]
    fmt = profile.date_format
    rows = BatchRow.objects.filter(batch=batch).order_by("village_code", "name", "id").values_list(*ROW_FIELDS)
    for number, values in enumerate(rows.iterator(chunk_size=5000), start=1):
        row = dict(zip(ROW_FIELDS, values, strict=True))
        # The list's own words sit with the person, not the frozen roster: the category is what is sent.
        row["occupation_written"] = row.pop("membership__person__occupation_written")
        line = []
        for field in fields:
            if field == "no":
                line.append(number)
            elif field in constants:
                line.append(constants[field])
            elif field == "action":
                line.append(ACTIONS[row["action"]])
            elif field in DATE_FIELDS:
                line.append(row[field].strftime(fmt) if row[field] else "")
            elif field in TYPED_FIELDS:
                line.append(safe(row[field] or ""))
            else:
                line.append(row[field])
        yield line


def batch_xlsx(batch: EnrolmentBatch, profile: ExportProfile) -> bytes:
    """The batch as one XLSX sheet: headers in row 1, NIK and other codes as text, never as numbers."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = book.add_worksheet("Kiriman")
    bold = book.add_format({"bold": True})
    columns = profile.columns
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column["header"], bold)
        sheet.set_column(col, col, 22 if column["field"] in ("name", "address") else 14)
    numeric = {i for i, c in enumerate(columns) if c["field"] in ("no", "income")}
    # Cell by cell through the typed writers: write() would guess each value's type again, and an
    # empty cell written is an empty cell the branch's reader must skip.
    write_string, write_number = sheet.write_string, sheet.write_number
    for r, line in enumerate(_lines(batch, profile), start=1):
        for col, value in enumerate(line):
            if col in numeric and isinstance(value, int):
                write_number(r, col, value)
            elif value:
                write_string(r, col, str(value))
    book.close()
    return out.getvalue()


def batch_csv(batch: EnrolmentBatch, profile: ExportProfile) -> bytes:
    """The batch as CSV (UTF-8 with BOM and `;`, as an Indonesian-locale office suite opens it)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c["header"] for c in profile.columns])
    writer.writerows(_lines(batch, profile))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def filename(batch: EnrolmentBatch, extension: str) -> str:
    from django.utils.text import slugify

    return f"kiriman-bpjs-{batch.programme_year.year}-{slugify(batch.funder.name)}-{batch.number}.{extension}"


def record_export(batch: EnrolmentBatch, profile: ExportProfile, fmt: str, *, by) -> None:
    """Audit who downloaded a batch file (it holds every full NIK of the batch)."""
    from django.db import transaction

    from lindung.audit import services as audit

    with transaction.atomic():
        audit.record(
            "enrolment.batch.exported",
            batch,
            by=by,
            data={"profile": profile.name, "format": fmt, "rows": sum((batch.counts or {}).values())},
        )
