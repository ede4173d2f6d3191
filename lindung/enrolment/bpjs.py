"""The exchange with a BPJS Ketenagakerjaan branch, behind one interface.

BPJS has no public interface (domain.md §9): today a batch goes to the branch as a file and the
branch answers with a file. `Branch` is what lindung needs from a branch; `FileStandIn` plays the
branch for the demo and the tests, answering a batch file the way the news reports describe
(Mukomuko: accepted rows get a KPJ, the others are refused for age over 65 or NIK problems, the
only documented reasons). A real client would implement `Branch` and replace the files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path

import xlsxwriter

from lindung.enrolment.replies import reply_field
from lindung.lib import cells as C
from lindung.lib.formatting import age_on
from lindung.lib.nik import NikError, parse_nik
from lindung.lib.sheets import SheetError, open_workbook
from lindung.lib.tables import SCAN_ROWS, guess_field

REPLY_HEADERS = ("No", "NIK", "Nama", "No. KPJ", "Status", "Keterangan", "TMT kepesertaan")
NIK_UNKNOWN = "NIK tidak ditemukan di data kependudukan (Dukcapil)"
AGE_OVER = "Usia lebih dari {max_age} tahun pada tanggal mulai kepesertaan"


@dataclass
class ReplyStats:
    rows: int = 0
    accepted: int = 0
    refused: int = 0


class Branch(ABC):
    """What lindung needs from a BPJS Ketenagakerjaan branch."""

    @abstractmethod
    def reply_to_batch(self, batch_file: Path, out: Path) -> ReplyStats:
        """Answer an enrolment batch file with a reply file (NIK, KPJ, status, reason, start date)."""


def _field(label) -> str:
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", C.text_of(label).lower()).split())
    if re.search(r"\b(tindakan|aksi|mutasi)\b", key):
        return "action"
    if "wadah" in key and "jenis" in key:
        return ""
    found = reply_field(label)
    if found in ("nik", "name", "start", "wadah", "kpj"):
        return found
    return "birth_date" if guess_field(C.text_of(label)) == "birth_date" else ""


def _date(value) -> date | None:
    if C.is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = C.text_of(value)
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d%m%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return C.parse_date(value, today=date.today())
    except C.CellError:
        return None


class FileStandIn(Branch):
    """A deterministic stand-in for the branch: same file and seed, same reply."""

    def __init__(self, *, seed: int = 1, nik_problem_rate: float = 0.01, max_age: int = 65):
        self.seed = seed
        self.nik_problem_rate = nik_problem_rate
        self.max_age = max_age

    def kpj_for(self, nik: str) -> str:
        """An 11-digit membership number, the same for a person whatever the batch."""
        digest = hashlib.sha256(f"lindung-kpj:{self.seed}:{nik}".encode()).digest()
        return f"{int.from_bytes(digest[:8], 'big') % 10**11:011d}"

    def decide(self, nik: str, birth: date | None, start: date | None, action: str, kpj: str) -> tuple[str, str, str]:
        """(status, KPJ, reason) for one row."""
        if action.lower().startswith(("hapus", "keluar")):
            return "Diterima", kpj, "Kepesertaan dinonaktifkan"
        if action.lower().startswith("ubah"):
            return "Diterima", kpj, "Data peserta diperbarui"
        try:
            info = parse_nik(nik, today=start or date.today())
        except NikError as exc:
            return "Ditolak", "", f"NIK tidak valid: {exc.message}"
        rng = random.Random(f"{self.seed}:{nik}")
        if rng.random() < self.nik_problem_rate:
            return "Ditolak", "", NIK_UNKNOWN
        born = birth or info.birth_date
        if age_on(born, start or date.today()) > self.max_age:
            return "Ditolak", "", AGE_OVER.format(max_age=self.max_age)
        return "Diterima", kpj or self.kpj_for(info.nik), ""

    def reply_to_batch(self, batch_file: Path, out: Path) -> ReplyStats:
        workbook = open_workbook(batch_file)
        lines, wadah = [], ""
        taken: set[str] = set()
        stats = ReplyStats()
        for sheet in workbook.sheets:
            rows = iter(sheet.rows)
            head = list(islice(rows, SCAN_ROWS))
            at = None
            for position, (_, row) in enumerate(head):
                fields = [_field(c) for c in row]
                if "nik" in fields:
                    at = {name: col for col, name in reversed(list(enumerate(fields))) if name}
                    data = [*head[position + 1 :], *rows]
                    break
            if at is None:
                continue

            def cell(row, name, at=at):
                col = at.get(name)
                return row[col] if col is not None and col < len(row) else None

            for _, row in data:
                raw = cell(row, "nik")
                if C.is_blank(raw):
                    continue
                nik = C.text_of(raw).lstrip("'")
                wadah = wadah or C.text_of(cell(row, "wadah"))
                start = _date(cell(row, "start"))
                status, kpj, reason = self.decide(
                    nik,
                    _date(cell(row, "birth_date")),
                    start,
                    C.text_of(cell(row, "action")),
                    C.text_of(cell(row, "kpj")),
                )
                if status == "Diterima" and not C.text_of(cell(row, "kpj")):
                    while kpj in taken:  # two people never share a number
                        kpj = f"{(int(kpj) + 1) % 10**11:011d}"
                    taken.add(kpj)
                stats.rows += 1
                if status == "Diterima":
                    stats.accepted += 1
                else:
                    stats.refused += 1
                shown_start = (start or date.today()).strftime("%d-%m-%Y") if status == "Diterima" else ""
                lines.append([stats.rows, nik, C.text_of(cell(row, "name")), kpj, status, reason, shown_start])
        if not lines:
            raise SheetError("tabel_tidak_ditemukan", "Berkas kiriman tidak berisi tabel dengan kolom NIK.")
        title = ["BALASAN KANTOR CABANG BPJS KETENAGAKERJAAN", "Hasil verifikasi pendaftaran peserta wadah"]
        if wadah:
            title.append(f"ID wadah: {wadah}")
        _write(Path(out), title, lines)
        return stats


def _write(out: Path, title: list[str], lines: list[list]) -> None:
    if out.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        for text in title:
            writer.writerow([text])
        writer.writerow([])
        writer.writerow(REPLY_HEADERS)
        writer.writerows(lines)
        out.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
        return
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = book.add_worksheet("Balasan")
    text = book.add_format({"num_format": "@"})
    for r, value in enumerate(title):
        sheet.write_string(r, 0, value)
    top = len(title) + 1
    for c, header in enumerate(REPLY_HEADERS):
        sheet.write_string(top, c, header)
    for r, line in enumerate(lines, start=top + 1):
        sheet.write_number(r, 0, line[0])
        for c, value in enumerate(line[1:], start=1):
            sheet.write_string(r, c, str(value), text)
    book.close()
