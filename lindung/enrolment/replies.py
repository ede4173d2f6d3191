"""The branch's answer to a batch: read its file (as messy as a village's), check every row, apply it whole.

Every row is checked before anything is written; one problem anywhere refuses the whole file with
each problem named by line, so a reply is never applied half-way. The same file twice is
recognised by its hash, and a re-saved copy by its content: neither changes anything.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.enrolment.models import (
    BatchReply,
    BatchRow,
    BatchStatus,
    EnrolmentBatch,
    Membership,
    MembershipStatus,
    ReplyStatus,
    RowAction,
)
from lindung.errors import DomainError
from lindung.jobs.services import handler
from lindung.lib import cells as C
from lindung.lib.bulk import fewer_collections
from lindung.lib.nik import NikError, clean_nik
from lindung.lib.sheets import SheetError, open_workbook
from lindung.lib.tables import SCAN_ROWS, guess_field

MAX_LISTED = 500  # rows listed on the result page; the counts are always whole
CHUNK = 5000


class ReplyRefused(DomainError):
    """The reply cannot be applied; `problems` names each row to fix. Nothing was written."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


def _key(value) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", C.text_of(value).lower()).split())


_COLUMNS = (
    ("kpj", re.compile(r"\b(kpj|no kpj|nomor kpj|kartu peserta|nomor peserta|no peserta|nomor kartu)\b")),
    ("start", re.compile(r"\b(tmt|mulai|tgl kepesertaan|tanggal kepesertaan|efektif|tanggal aktif|tgl aktif)\b")),
    ("wadah", re.compile(r"\b(id|kode|nomor|no) wadah\b|^wadah$")),
    ("status", re.compile(r"\b(status|hasil|keputusan|verifikasi|diterima ditolak)\b")),
    ("reason", re.compile(r"\b(alasan|keterangan|ket|catatan|penolakan)\b")),
)


def reply_field(label) -> str:
    """Which of the reply's fields a header names: nik, name, kpj, start, wadah, status, reason or ""."""
    key = _key(label)
    if not key:
        return ""
    for name, pattern in _COLUMNS:
        if pattern.search(key):
            return name
    guessed = guess_field(C.text_of(label))
    return guessed if guessed in ("nik", "name") else ""


_REFUSED = re.compile(r"\b(tolak|ditolak|gagal|reject|rejected|refused|tidak valid|invalid|tidak diterima|batal)\b")
_ACCEPTED = re.compile(r"\b(terima|diterima|aktif|berhasil|sukses|valid|ok|accepted|terdaftar|approved|setuju)\b")


def parse_status(value) -> str | None:
    """accepted, refused, "" (blank) or None when the word is not known."""
    key = _key(value)
    if not key:
        return ""
    if _REFUSED.search(key):
        return ReplyStatus.REFUSED
    if _ACCEPTED.search(key):
        return ReplyStatus.ACCEPTED
    return None


@dataclass
class ReplyLine:
    line: int
    nik: str
    status: str
    kpj: str
    reason: str
    start: date | None


@dataclass
class ReadReply:
    lines: list[ReplyLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    title: str = ""
    wadah_codes: set[str] = field(default_factory=set)


def _find_header(head: list[tuple[int, list]]) -> tuple[int, list[str]] | None:
    for position, (_, row) in enumerate(head):
        fields = [reply_field(c) if isinstance(c, str) and len(c) < 80 else "" for c in row]
        if "nik" in fields and {"kpj", "status"} & set(fields):
            return position, fields
    return None


def read_reply(path, *, filename: str = "") -> ReadReply:
    """Every answered row of the reply file, with the problems of the rows that cannot be read."""
    try:
        workbook = open_workbook(path, filename=filename)
    except SheetError as exc:
        raise ReplyRefused(exc.message) from None
    out = ReadReply()
    found = False
    today = timezone.localdate()
    try:
        for sheet in workbook.sheets:
            rows = iter(sheet.rows)
            head = list(islice(rows, SCAN_ROWS))
            header = _find_header(head)
            if header is None:
                continue
            found = True
            position, fields = header
            out.title += " " + " ".join(C.text_of(c) for _, r in head[:position] for c in r if not C.is_blank(c))
            at = {}
            for col, name in enumerate(fields):
                at.setdefault(name, col)
            labels = head[position][1]
            for number, cells in [*head[position + 1 :], *rows]:
                _read_line(out, number, cells, at, labels, today, sheet.name if len(workbook.sheets) > 1 else "")
    except SheetError as exc:
        raise ReplyRefused(exc.message) from None
    if not found:
        raise ReplyRefused(
            "Tidak ditemukan tabel balasan di berkas ini: perlu baris judul kolom dengan NIK dan No. KPJ atau Status. "
            "Unggah berkas balasan dari kantor cabang BPJS Ketenagakerjaan apa adanya."
        )
    return out


def _cell(cells: list, at: dict, name: str):
    col = at.get(name)
    return cells[col] if col is not None and col < len(cells) else None


def _read_line(out: ReadReply, number: int, cells: list, at: dict, labels: list, today: date, sheet: str) -> None:
    where = f"baris {number}" + (f" lembar {sheet}" if sheet else "")
    raw_nik = _cell(cells, at, "nik")
    if C.is_blank(raw_nik) or _key(raw_nik) == _key(labels[at["nik"]]):
        return  # blank, or the header again after a page break
    raw_kpj, raw_status, raw_reason = (_cell(cells, at, n) for n in ("kpj", "status", "reason"))
    answered = not (C.is_blank(raw_kpj) and C.is_blank(raw_status))
    try:
        nik = clean_nik(raw_nik)
    except NikError as exc:
        if answered:
            out.problems.append(f"{where}: NIK “{C.text_of(raw_nik)}” tidak terbaca ({exc.message})")
        return  # a total or a signature under the table
    wadah = C.text_of(_cell(cells, at, "wadah"))
    if wadah:
        out.wadah_codes.add(wadah)
    kpj = re.sub(r"\s+", "", C.text_of(raw_kpj))
    reason = C.text_of(raw_reason)[:300]
    status = parse_status(raw_status)
    if status is None:
        out.problems.append(
            f"{where}: status “{C.text_of(raw_status)}” tidak dikenal untuk NIK {nik}. Tulis Diterima atau Ditolak."
        )
        return
    if status == "":
        status = ReplyStatus.ACCEPTED if kpj else ReplyStatus.REFUSED if reason else ""
    if not status:
        return  # not answered yet
    if status == ReplyStatus.ACCEPTED and not kpj:
        out.problems.append(f"{where}: NIK {nik} diterima tetapi nomor KPJ kosong. Minta nomor KPJ-nya ke BPJS.")
        return
    if status == ReplyStatus.REFUSED:
        kpj = ""
        reason = reason or "Ditolak BPJS Ketenagakerjaan (tanpa alasan tertulis)."
    start = None
    raw_start = _cell(cells, at, "start")
    if status == ReplyStatus.ACCEPTED and not C.is_blank(raw_start):
        try:
            start = C.parse_date(raw_start, today=today)
        except C.CellError:
            out.problems.append(f"{where}: tanggal mulai “{C.text_of(raw_start)}” untuk NIK {nik} tidak terbaca.")
            return
    out.lines.append(ReplyLine(number, nik, status, kpj, reason if status == ReplyStatus.REFUSED else "", start))


@dataclass
class Outcome:
    """What applying a reply did (or, for a file seen before, did earlier)."""

    reply: BatchReply
    repeated: bool = False

    @property
    def result(self) -> dict:
        return self.reply.result


def file_hash(path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def apply_reply(batch: EnrolmentBatch, path, *, filename: str, by, progress=None) -> Outcome:
    """Apply the branch's reply to a sent batch: accepted rows become active members, refused rows say why."""
    scope_of(by).require(Action.MANAGE)
    batch = EnrolmentBatch.objects.select_related("funder", "programme_year").get(pk=batch.pk)
    if not batch.is_sent:
        raise ReplyRefused(
            f"Kiriman {batch.number} {batch.funder.name} belum ditandai terkirim ke BPJS. Tandai terkirim dulu, "
            "lalu unggah balasannya."
        )
    sha = file_hash(path)
    seen = BatchReply.objects.filter(batch=batch, sha256=sha).first()
    if seen is not None:
        return Outcome(seen, repeated=True)
    with fewer_collections():
        if progress:
            progress(0, None, "Membaca berkas balasan")
        read = read_reply(path, filename=filename)
        if progress:
            progress(len(read.lines), len(read.lines), "Mencocokkan dengan kiriman")
        with transaction.atomic():
            batch = (
                EnrolmentBatch.objects.select_for_update().select_related("funder", "programme_year").get(pk=batch.pk)
            )
            return _apply(batch, read, sha=sha, filename=filename, by=by)


_TITLE_YEAR = re.compile(r"\btahun\s*(?:anggaran|program)?\s*:?\s*(20\d\d)\b", re.I)
_TITLE_WADAH = re.compile(r"\bid\s*wadah\s*:?\s*([A-Za-z0-9./-]+)", re.I)


def _check_belongs(batch: EnrolmentBatch, read: ReadReply, rows: dict[str, tuple]) -> None:
    """Refuse a reply meant for another funder, year or batch before looking at its rows one by one."""
    label = batch.label
    years = {int(y) for y in _TITLE_YEAR.findall(read.title)}
    if years and batch.programme_year.year not in years:
        raise ReplyRefused(
            f"Berkas ini balasan untuk tahun {', '.join(map(str, sorted(years)))}, bukan untuk {label}. "
            "Unggah balasan yang benar di halaman kiriman tahun itu."
        )
    codes = read.wadah_codes | set(_TITLE_WADAH.findall(read.title))
    if batch.wadah_code and codes and batch.wadah_code not in codes:
        raise ReplyRefused(
            f"Berkas ini balasan untuk wadah {', '.join(sorted(codes))}, padahal {batch.funder.name} terdaftar "
            f"dengan ID wadah {batch.wadah_code}. Balasan ini untuk penyandang dana lain: unggah di kiriman "
            "penyandang dana itu."
        )
    strangers = [line.nik for line in read.lines if line.nik not in rows]
    if not strangers:
        return
    elsewhere: Counter = Counter()
    for start in range(0, len(strangers), CHUNK):
        elsewhere.update(
            BatchRow.objects.filter(nik__in=strangers[start : start + CHUNK])
            .exclude(batch=batch)
            .values_list("batch_id", flat=True)
        )
    matched = len(read.lines) - len(strangers)
    if elsewhere:
        other_id, count = elsewhere.most_common(1)[0]
        if count > matched:
            other = EnrolmentBatch.objects.select_related("funder", "programme_year").get(pk=other_id)
            raise ReplyRefused(
                f"Berkas ini tampaknya balasan untuk {other.label}, bukan {label}: {count} dari {len(read.lines)} "
                "NIK-nya ada di kiriman itu. Unggah di halaman kiriman yang benar."
            )


def _apply(batch: EnrolmentBatch, read: ReadReply, *, sha: str, filename: str, by) -> Outcome:
    rows: dict[str, tuple] = {}
    for values in (
        BatchRow.objects.filter(batch=batch)
        .values_list(
            "nik",
            "pk",
            "membership_id",
            "action",
            "reply_status",
            "reply_kpj",
            "reply_reason",
            "reply_start",
            "period_start",
            "name",
        )
        .iterator(chunk_size=CHUNK)
    ):
        rows[values[0]] = values
    _check_belongs(batch, read, rows)
    problems = list(read.problems)
    # One answer per NIK; the same answer twice is harmless, two different ones are not.
    answers: dict[str, ReplyLine] = {}
    for line in read.lines:
        if line.nik not in rows:
            problems.append(f"baris {line.line}: NIK {line.nik} tidak ada di {batch.label}.")
            continue
        earlier = answers.get(line.nik)
        if earlier and (earlier.status, earlier.kpj) != (line.status, line.kpj):
            problems.append(
                f"baris {line.line}: NIK {line.nik} dijawab dua kali dengan jawaban berbeda (lihat juga baris "
                f"{earlier.line})."
            )
        answers.setdefault(line.nik, line)
    by_kpj = defaultdict(list)
    for line in answers.values():
        if line.kpj:
            by_kpj[line.kpj].append(line)
    for kpj, lines in by_kpj.items():
        if len({x.nik for x in lines}) > 1:
            listed = ", ".join(f"{x.nik} (baris {x.line})" for x in lines)
            problems.append(
                f"KPJ {kpj} diberikan kepada lebih dari satu orang: {listed}. Satu KPJ hanya untuk satu orang."
            )
    memberships = {}
    ids = [rows[n][2] for n in answers]
    for start in range(0, len(ids), CHUNK):
        for values in Membership.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(
            "pk", "person_id", "kpj", "status"
        ):
            memberships[values[0]] = values
    person_of = {n: memberships[rows[n][2]][1] for n in answers}
    kpjs = list(by_kpj)
    for start in range(0, len(kpjs), CHUNK):
        for kpj, person_id, nik in (
            Membership.objects.filter(kpj__in=kpjs[start : start + CHUNK])
            .values_list("kpj", "person_id", "person__nik")
            .distinct()
        ):
            for line in by_kpj[kpj]:
                if person_of[line.nik] != person_id:
                    problems.append(
                        f"baris {line.line}: KPJ {kpj} untuk NIK {line.nik} sudah dipegang orang lain (NIK {nik[:4]}…"
                        f"{nik[-4:]}). Satu KPJ hanya untuk satu orang: tanyakan ke kantor cabang BPJS."
                    )
    for nik, line in answers.items():
        held = memberships[rows[nik][2]][2]
        if line.kpj and held and held != line.kpj:
            problems.append(
                f"baris {line.line}: NIK {nik} sudah tercatat dengan KPJ {held}, balasan ini memberi KPJ {line.kpj}."
            )
    if problems:
        raise ReplyRefused(
            f"Balasan untuk {batch.label} tidak diterapkan: {len(problems)} masalah. Tidak ada data yang diubah; "
            "perbaiki berkasnya (atau tanyakan ke kantor cabang BPJS) lalu unggah lagi.",
            problems,
        )
    return _write(batch, rows, answers, memberships, sha=sha, filename=filename, by=by)


def _write(batch, rows, answers, memberships, *, sha, filename, by) -> Outcome:
    now = timezone.now()
    row_updates, member_updates, audits = [], [], []
    counts = Counter()
    refused_list = []
    for nik, line in answers.items():
        _, row_pk, membership_id, action, status, kpj, reason, start, period_start, name = rows[nik]
        new_start = line.start or (period_start if line.status == ReplyStatus.ACCEPTED else None)
        if (status, kpj, reason, start) == (line.status, line.kpj, line.reason, new_start):
            counts["unchanged"] += 1
            continue
        counts[line.status] += 1
        row_updates.append((line.status, line.kpj, line.reason, new_start, row_pk))
        if line.status == ReplyStatus.REFUSED and len(refused_list) < MAX_LISTED:
            refused_list.append({"nik": nik, "name": name, "reason": line.reason})
        _, _, held, m_status = memberships[membership_id]
        if action == RowAction.ADD:
            if line.status == ReplyStatus.ACCEPTED:
                # An ended membership (a death after sending) keeps its end; it did exist at BPJS.
                new_status = m_status if m_status == MembershipStatus.ENDED else MembershipStatus.ACTIVE
                member_updates.append((new_status, line.kpj, "", new_start, now, membership_id))
            else:
                new_status = m_status if m_status == MembershipStatus.ENDED else MembershipStatus.REFUSED
                member_updates.append((new_status, held, line.reason, None, now, membership_id))
        elif line.kpj and not held:
            member_updates.append((m_status, line.kpj, "", new_start, now, membership_id))
        else:
            continue
        audits.append(
            (
                f"enrolment.membership.{line.status}",
                (Membership, membership_id),
                "",
                {"batch": batch.pk, "nik_row": row_pk, "kpj": line.kpj, "reason": line.reason},
            )
        )
    _update(
        BatchRow._meta.db_table,
        ("reply_status", "reply_kpj", "reply_reason", "reply_start"),
        ("text", "text", "text", "date"),
        row_updates,
    )
    _update(
        Membership._meta.db_table,
        ("status", "kpj", "refused_reason", "bpjs_start_date", "updated_at"),
        ("text", "text", "text", "date", "timestamptz"),
        member_updates,
    )
    audit.record_many(audits, by=by)
    answered = set(answers)
    missing = [{"nik": nik, "name": v[9]} for nik, v in rows.items() if nik not in answered and not v[4]]
    result = {
        "lines": len(answers),
        "accepted": counts[ReplyStatus.ACCEPTED],
        "refused": counts[ReplyStatus.REFUSED],
        "unchanged": counts["unchanged"],
        "refused_rows": refused_list,
        "missing_count": len(missing),
        "missing": missing[:MAX_LISTED],
    }
    reply = BatchReply.objects.create(
        batch=batch,
        sha256=sha,
        filename=filename[:255],
        result=result,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if batch.status != BatchStatus.ANSWERED:
        batch.status = BatchStatus.ANSWERED
        batch.save(update_fields=["status"])
    audit.record(
        "enrolment.batch.reply_applied",
        batch,
        by=by,
        data={k: v for k, v in result.items() if k not in ("refused_rows", "missing")}
        | {"file": filename, "sha256": sha},
    )
    return Outcome(reply)


def _update(table: str, columns: tuple[str, ...], pg_types: tuple[str, ...], params: list[tuple]) -> None:
    """Set `columns` row by row (each tuple ends with the id), a chunk per statement where the database allows."""
    if not params:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(params), CHUNK):
            chunk = params[start : start + CHUNK]
            if connection.vendor == "postgresql":
                # One UPDATE ... FROM (VALUES ...) per chunk: a hundred thousand single-row statements
                # cost PostgreSQL far more than twenty joins.
                row = "(" + ", ".join(f"%s::{t}" for t in pg_types) + ", %s::bigint)"
                names = ", ".join(columns)
                sets = ", ".join(f"{c} = v.{c}" for c in columns)
                cursor.execute(
                    f"UPDATE {table} AS t SET {sets} FROM (VALUES {', '.join([row] * len(chunk))}) "
                    f"AS v({names}, id) WHERE t.id = v.id",
                    [value for values in chunk for value in values],
                )
            else:
                sets = ", ".join(f"{c} = %s" for c in columns)
                cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", chunk)


def start_reply(batch: EnrolmentBatch, upload, *, by):
    """Store an uploaded reply and apply it as a job (a 100,000-row reply takes longer than a request)."""
    import uuid

    from django.conf import settings

    from lindung.jobs.services import enqueue

    scope_of(by).require(Action.MANAGE)
    folder = Path(settings.MEDIA_ROOT) / "bpjs-balasan"
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(upload.name or "balasan").name[:100]
    path = folder / f"{uuid.uuid4().hex}-{name}"
    with path.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return enqueue(
        "enrolment.reply",
        by=by,
        params={"batch": batch.pk, "path": str(path), "filename": name},
        label=f"Balasan BPJS untuk {batch.label}",
    )


@handler("enrolment.reply")
def run_reply_job(job, report) -> dict:
    from django.urls import reverse

    batch = EnrolmentBatch.objects.get(pk=job.params["batch"])
    try:
        outcome = apply_reply(
            batch, job.params["path"], filename=job.params["filename"], by=job.created_by, progress=report
        )
    except ReplyRefused as exc:
        listed = "; ".join(exc.problems[:50])
        more = f" (dan {len(exc.problems) - 50} masalah lain)" if len(exc.problems) > 50 else ""
        raise DomainError(f"{exc.message} {listed}{more}".strip()) from None
    r = outcome.result
    message = (
        f"Balasan ini sudah pernah diunggah pada {timezone.localtime(outcome.reply.uploaded_at):%d-%m-%Y %H.%M}; "
        "tidak ada yang berubah."
        if outcome.repeated
        else f"{r['accepted']} diterima, {r['refused']} ditolak, {r['unchanged']} sudah tercatat sebelumnya, "
        f"{r['missing_count']} baris kiriman belum dijawab."
    )
    return {
        "message": message,
        "reply": outcome.reply.pk,
        "next_url": reverse("enrolment:reply-detail", args=[outcome.reply.pk]),
    }
