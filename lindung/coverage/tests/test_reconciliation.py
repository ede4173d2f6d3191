"""A receipt list or bank statement reconciled against the invoices: every line accounted for, nothing twice."""

from datetime import date

import pytest

from lindung.coverage import billing
from lindung.coverage.bpjs import StandInBranch, read_receipts, write_receipts
from lindung.coverage.models import FunderMonth, Invoice, InvoiceStatus, LineOutcome, Payment, ReceiptFile
from lindung.coverage.reconciliation import reconcile_receipts
from lindung.coverage.services import coverage_on
from lindung.errors import DomainError

MONTH = 16_800


@pytest.fixture
def invoices(cast, enrolled, apbd):
    """Two people, January billed by BPJS with a code, February issued."""
    people, _ = enrolled(2)
    january = billing.issue_invoice(apbd, first_month=1, by=cast.finance, on=date(2023, 1, 2))
    billing.record_billing(
        january, billing_code="00011122233", amount=2 * MONTH, billed_on=date(2023, 1, 3), by=cast.finance
    )
    february = billing.issue_invoice(apbd, first_month=2, by=cast.finance, on=date(2023, 2, 1))
    january.refresh_from_db()
    return people, january, february


def write(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def outcomes(receipt_file) -> list[tuple[str, str]]:
    return [(line.receipt_number, line.outcome) for line in receipt_file.lines.order_by("line")]


def test_the_stand_in_branch_receipts_reconcile_and_cover_the_people(cast, invoices, tmp_path, apbd):
    people, january, _ = invoices
    receipts = StandInBranch().receipts_for([january], received_on=date(2023, 1, 12))
    assert receipts[0].number == "KW/TGR/202301/000001"
    assert receipts[0].amount_in_words.startswith("tiga puluh tiga ribu")
    path = write(tmp_path, "kwitansi.xlsx", write_receipts(receipts))
    result = reconcile_receipts(path, by=cast.finance)
    assert outcomes(result) == [("KW/TGR/202301/000001", LineOutcome.MATCHED)]
    assert result.summary["payments"] == 1 and result.summary["amount"] == 2 * MONTH
    january.refresh_from_db()
    assert january.status == InvoiceStatus.PAID
    assert FunderMonth.objects.get(funder=apbd, month=1).paid_on == date(2023, 1, 12)
    assert all(coverage_on(p, date(2023, 1, 20), today=date(2023, 2, 1)).covered for p in people)


def test_the_same_file_twice_changes_nothing(cast, invoices, tmp_path):
    _, january, _ = invoices
    path = write(
        tmp_path,
        "k.csv",
        write_receipts(StandInBranch().receipts_for([january], received_on=date(2023, 1, 12)), fmt="csv"),
    )
    reconcile_receipts(path, by=cast.finance)
    before = (
        Payment.objects.count(),
        ReceiptFile.objects.count(),
        list(Invoice.objects.values_list("paid_amount", flat=True)),
    )
    with pytest.raises(DomainError, match="sudah diunggah"):
        reconcile_receipts(path, by=cast.finance)
    after = (
        Payment.objects.count(),
        ReceiptFile.objects.count(),
        list(Invoice.objects.values_list("paid_amount", flat=True)),
    )
    assert after == before


def test_a_receipt_already_recorded_in_another_file_is_known(cast, invoices, tmp_path):
    _, january, _ = invoices
    receipts = StandInBranch().receipts_for([january], received_on=date(2023, 1, 12))
    reconcile_receipts(write(tmp_path, "a.xlsx", write_receipts(receipts)), by=cast.finance)
    again = reconcile_receipts(write(tmp_path, "b.csv", write_receipts(receipts, fmt="csv")), by=cast.finance)
    assert outcomes(again) == [("KW/TGR/202301/000001", LineOutcome.KNOWN)]
    assert Payment.objects.count() == 1


MESSY = """REKAP PENERIMAAN IURAN;;;;
Kantor Cabang Tenggarong;;;;
;;;;
No. Kwitansi;Tgl Terima;Kode Penetapan Iuran;Pembayar;Jumlah
KW-1;12/01/2023;00011122233;APBD Kukar;Rp 16.800
KW-2;20/01/2023;00011122233;APBD Kukar;Rp 50.000
KW-3;21/01/2023;99999999999;Desa Lain;16.800
KW-4;22/01/2023;;APBD Kukar;33.600
KW-5;kemarin;00011122233;APBD Kukar;16.800
;;;JUMLAH;133.200
Mengetahui,;;;;
"""


def test_a_messy_list_sorts_every_line(cast, invoices, tmp_path):
    _, january, february = invoices
    result = reconcile_receipts(write(tmp_path, "rekap.csv", MESSY.encode()), by=cast.finance)
    assert outcomes(result) == [
        ("KW-1", LineOutcome.UNDER),
        ("KW-2", LineOutcome.OVER),
        ("KW-3", LineOutcome.UNMATCHED),
        ("KW-4", LineOutcome.PARTIAL),
        ("KW-5", LineOutcome.UNMATCHED),
    ]
    partial = result.lines.get(receipt_number="KW-4")
    assert partial.invoice == february and "catat manual" in partial.note
    assert "tidak terbaca" in result.lines.get(receipt_number="KW-5").note
    january.refresh_from_db()
    assert (january.paid_amount, january.status) == (MONTH, InvoiceStatus.PARTLY_PAID)
    assert list(Payment.objects.values_list("receipt_number", flat=True)) == ["KW-1"]
    assert result.summary["outcomes"][LineOutcome.UNDER] == 1


BANK = """Rekening Koran;;;
Tanggal;Keterangan;Debet;Kredit;Referensi
12-01-2023;SETORAN IURAN BPJSTK KODE 00011122233 APBD KUKAR;;33.600,00;FT230112001
"""


def test_a_bank_statement_line_is_matched_by_the_code_in_its_description(cast, invoices, tmp_path):
    _, january, _ = invoices
    result = reconcile_receipts(write(tmp_path, "rekening.csv", BANK.encode()), by=cast.finance)
    assert outcomes(result) == [("REF FT230112001", LineOutcome.MATCHED)]
    january.refresh_from_db()
    assert january.status == InvoiceStatus.PAID


def test_a_later_invoice_paid_before_an_earlier_one_is_held_for_finance(cast, invoices, tmp_path):
    _, _, february = invoices
    line = f"No. Kwitansi;Tanggal;Nomor Tagihan;Jumlah\nKW-9;05/02/2023;{february.number};33600\n"
    result = reconcile_receipts(write(tmp_path, "feb.csv", line.encode()), by=cast.finance)
    assert outcomes(result) == [("KW-9", LineOutcome.PARTIAL)]
    assert "bulan terlama" in result.lines.get().note
    assert not Payment.objects.exists()


def test_a_file_without_a_receipt_table_is_refused(cast, invoices, tmp_path):
    with pytest.raises(DomainError, match="Tidak ditemukan daftar kwitansi"):
        reconcile_receipts(write(tmp_path, "x.csv", b"Nama;Alamat\nBudi;Jl. Mawar\n"), by=cast.finance)
    assert not ReceiptFile.objects.exists()


def test_only_finance_and_admin_reconcile(cast, invoices, tmp_path):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        reconcile_receipts(write(tmp_path, "k.csv", MESSY.encode()), by=cast.auditor)


def test_read_receipts_reads_the_written_xlsx_back(invoices):
    _, january, _ = invoices
    receipts = StandInBranch().receipts_for([january], received_on=date(2023, 1, 12))
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
        fh.write(write_receipts(receipts))
        fh.flush()
        (row,) = read_receipts(fh.name)
    assert (row.receipt, row.paid_on, row.amount, row.payer) == (
        receipts[0].number,
        date(2023, 1, 12),
        2 * MONTH,
        "APBD Kukar",
    )
    assert "00011122233" in row.codes and january.number in row.codes
