"""A receipt list or bank statement uploaded by finance, matched line by line against the invoices.

Each line is one of: matched (recorded as a payment), under (recorded; the invoice stays partly
open), over (not recorded: a payment larger than the invoice is refused, domain.md §9 has the
branch report it and offset it), partial (no code on the line, but the amount and payer fit one
open invoice: shown for finance to confirm, not recorded), unmatched, or known (its kwitansi is
already recorded). The same file twice is refused; a line's kwitansi recorded once is never
recorded again, so a later file repeating it changes nothing either.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from lindung.audit import services as audit
from lindung.coverage import billing
from lindung.coverage.bpjs import read_receipts
from lindung.coverage.models import Invoice, InvoiceStatus, LineOutcome, Payment, ReceiptFile, ReceiptLine
from lindung.db import insert_rows
from lindung.errors import DomainError
from lindung.jobs.services import handler
from lindung.lib.formatting import rupiah, tanggal
from lindung.lib.names import name_key


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def reconcile_receipts(path, *, filename: str = "", by, progress=None) -> ReceiptFile:
    """Read the file, match every line, record the payments that match, and keep the result."""
    billing.require_finance(by)
    path = Path(path)
    filename = filename or path.name
    sha = _file_hash(path)
    earlier = ReceiptFile.objects.filter(sha256=sha).first()
    if earlier:
        raise DomainError(
            f"Berkas ini sudah diunggah pada {tanggal(earlier.uploaded_at)} ({earlier.filename}); "
            "tidak ada yang diubah. Lihat hasil pencocokannya di daftar berkas kwitansi."
        )
    rows = read_receipts(path, filename=filename)  # every line read and checked before anything is stored
    if progress:
        progress(len(rows) // 3, len(rows))
    with transaction.atomic():
        return _reconcile(rows, sha, filename, by)


def _reconcile(rows, sha: str, filename: str, by) -> ReceiptFile:
    # Locks every open invoice: two files reconciled at once would both see the same outstanding.
    open_invoices = list(
        Invoice.objects.select_for_update().exclude(status=InvoiceStatus.PAID).select_related("funder")
    )
    by_code = {}
    for inv in Invoice.objects.select_related("funder"):
        by_code[inv.number] = inv
        if inv.billing_code:
            by_code[inv.billing_code] = inv
    for inv in open_invoices:
        by_code[inv.number] = inv
        if inv.billing_code:
            by_code[inv.billing_code] = inv
    outstanding = {inv.pk: inv.outstanding for inv in open_invoices}
    # The earliest open invoice per funder: BPJS books money to the oldest unpaid month first.
    by_funder: dict[int, list[Invoice]] = defaultdict(list)
    for inv in sorted(open_invoices, key=lambda i: i.first_month):
        by_funder[inv.funder_id].append(inv)
    first_open = {funder_id: queue[0] for funder_id, queue in by_funder.items()}
    receipts = [r.key for r in rows if r.key]
    known = set()
    for start in range(0, len(receipts), 5000):
        known |= set(
            Payment.objects.filter(receipt_number__in=receipts[start : start + 5000]).values_list(
                "receipt_number", flat=True
            )
        )
    receipt_file = ReceiptFile.objects.create(sha256=sha, filename=filename, uploaded_by=billing._user(by))
    lines, payments, counts = [], [], Counter()
    seen = set()
    # Lines are applied in the order the money arrived, so an earlier month is paid first.
    for row in sorted(rows, key=lambda r: (r.paid_on is None, r.paid_on or 0, r.line)):
        invoice = next((by_code[c] for c in row.codes if c in by_code), None)
        outcome, note, invoice, record = _judge(row, invoice, outstanding, first_open, known, seen, open_invoices)
        counts[outcome] += 1
        lines.append(
            (
                receipt_file.pk,
                row.line,
                row.key,
                (row.codes[0] if row.codes else "")[:40],
                row.payer[:150],
                row.amount,
                row.paid_on,
                outcome,
                note[:300],
                invoice.pk if invoice else None,
            )
        )
        if record:
            seen.add(row.key)
            outstanding[invoice.pk] -= row.amount
            if outstanding[invoice.pk] == 0:
                queue = by_funder[invoice.funder_id]
                while queue and not outstanding.get(queue[0].pk):
                    queue.pop(0)
                first_open[invoice.funder_id] = queue[0] if queue else None
            payments.append((invoice, row))
    # A 100,000-line file: model instances and Django's insert compiler would cost most of the time.
    _insert(ReceiptLine, LINE_COLUMNS, lines)
    line_ids = dict(
        ReceiptLine.objects.filter(file=receipt_file, outcome__in=[LineOutcome.MATCHED, LineOutcome.UNDER]).values_list(
            "receipt_number", "id"
        )
    )
    now, user = timezone.now(), billing._user(by)
    _insert(
        Payment,
        PAYMENT_COLUMNS,
        [
            (
                invoice.pk,
                invoice.funder_id,
                row.paid_on,
                row.amount,
                row.key,
                row.reference[:60],
                row.payer[:150],
                line_ids[row.key],
                user.pk if user else None,
                now,
            )
            for invoice, row in payments
        ],
    )
    billing.apply_payments(sorted({inv.pk for inv, _ in payments}))
    receipt_file.summary = {
        "lines": len(lines),
        "outcomes": {o: counts.get(o, 0) for o in LineOutcome.values},
        "payments": len(payments),
        "amount": sum(row.amount for _, row in payments),
    }
    receipt_file.save(update_fields=["summary"])
    audit.record("coverage.receipts.reconciled", receipt_file, by=by, data=receipt_file.summary)
    return receipt_file


LINE_COLUMNS = "file_id, line, receipt_number, billing_code, payer, amount, paid_on, outcome, note, invoice_id"
PAYMENT_COLUMNS = (
    "invoice_id, funder_id, paid_on, amount, receipt_number, reference, payer, receipt_line_id, recorded_by_id, "
    "created_at"
)


def _insert(model, columns: str, rows: list[tuple]) -> None:
    """Plain rows into a table (ids only matter afterwards)."""
    insert_rows(model._meta.db_table, [c.strip() for c in columns.split(",")], rows)


def _judge(row, invoice, outstanding, first_open, known, seen, open_invoices):
    """(outcome, note, invoice, record?) for one line."""
    if row.problem:
        return LineOutcome.UNMATCHED, f"Baris tidak dapat dipakai: {row.problem}.", invoice, False
    if row.key and (row.key in known or row.key in seen):
        return LineOutcome.KNOWN, f"Kwitansi {row.key} sudah tercatat; tidak dicatat lagi.", invoice, False
    if invoice is None:
        fits = [
            i for i in open_invoices if outstanding.get(i.pk) == row.amount and _same_payer(row.payer, i.funder.name)
        ]
        if len(fits) == 1:
            note = f"Tanpa kode; jumlah dan pembayar cocok dengan {fits[0].number}. Periksa, lalu catat manual."
            return LineOutcome.PARTIAL, note, fits[0], False
        return LineOutcome.UNMATCHED, "Tidak ada kode penetapan iuran atau nomor tagihan yang dikenal.", None, False
    left = outstanding.get(invoice.pk, 0)
    if left == 0:
        return (
            LineOutcome.OVER,
            f"Tagihan {invoice.number} sudah lunas: {rupiah(row.amount)} lebih bayar.",
            invoice,
            False,
        )
    if not row.key:
        note = f"Cocok dengan {invoice.number} tetapi tanpa nomor kwitansi atau referensi."
        return LineOutcome.PARTIAL, note, invoice, False
    head = first_open.get(invoice.funder_id)
    if head is not None and head.first_month < invoice.first_month:
        note = f"Tagihan sebelumnya {head.number} belum lunas; BPJS membukukan ke bulan terlama dulu."
        return LineOutcome.PARTIAL, note, invoice, False
    if row.amount > left:
        note = (
            f"{rupiah(row.amount)} melebihi sisa tagihan {invoice.number} ({rupiah(left)}); tidak dicatat. "
            "Minta BPJS melaporkan kelebihannya."
        )
        return LineOutcome.OVER, note, invoice, False
    if row.amount < left:
        return (
            LineOutcome.UNDER,
            f"Dicatat; kurang {rupiah(left - row.amount)} dari sisa {invoice.number}.",
            invoice,
            True,
        )
    return LineOutcome.MATCHED, f"Melunasi {invoice.number}.", invoice, True


def _same_payer(payer: str, funder_name: str) -> bool:
    a, b = name_key(payer or ""), name_key(funder_name)
    return bool(a) and (a in b or b in a)


def start_reconciliation(uploaded, *, by):
    """Keep the uploaded file and reconcile it as a job (a 100,000-line file takes seconds)."""
    import uuid

    from django.conf import settings

    from lindung.jobs.services import enqueue

    billing.require_finance(by)
    folder = Path(settings.MEDIA_ROOT) / "receipts"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(uploaded.name).suffix.lower()[:6]
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as fh:
        for chunk in uploaded.chunks():
            fh.write(chunk)
    return enqueue(
        "coverage.reconcile",
        by=by,
        params={"path": str(path), "filename": uploaded.name[:255]},
        label=f"Mencocokkan kwitansi {uploaded.name[:150]}",
    )


@handler("coverage.reconcile")
def run_reconciliation_job(job, report) -> dict:
    from django.urls import reverse

    result = reconcile_receipts(job.params["path"], filename=job.params["filename"], by=job.created_by, progress=report)
    s = result.summary
    return {
        "message": f"{s['lines']} baris; {s['payments']} pembayaran dicatat ({rupiah(s['amount'])}).",
        "next_url": reverse("coverage:receipts-detail", args=[result.pk]),
    }
