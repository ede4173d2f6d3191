"""The billing and receipt side of the exchange with the BPJS Ketenagakerjaan branch, behind one small interface.

BPJS has no public interface: finance pays at the bank with the *kode penetapan iuran* and the
branch hands back receipts (*kwitansi*: number, payer, amount, amount in words, account, date
received; PROBIS p.19, domain.md §9) as a list. This module is that exchange:

- `read_receipts(path)` reads such a list, or a bank statement, however it is laid out;
- `StandInBranch` plays the branch for the demo and the tests: it issues kwitansi for payments
  and `write_receipts` writes them as the branch's list (XLSX or CSV).

A real client replaces `StandInBranch` (same `receipts_for` signature) and, if the branch sends
another layout, adds its column names to `COLUMNS`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from lindung.errors import DomainError
from lindung.lib import cells
from lindung.lib.formatting import tanggal
from lindung.lib.sheets import SheetError, open_workbook
from lindung.lib.terbilang import terbilang_rupiah

HEADERS = [
    "No. Kwitansi",
    "Tanggal Terima",
    "Kode Penetapan Iuran",
    "Nomor Tagihan",
    "Pembayar",
    "Jumlah (Rp)",
    "Terbilang",
    "Rekening",
    "Referensi",
]

# What each field is called in the branch's lists and in Indonesian banks' statements (lower case,
# punctuation removed).
COLUMNS = {
    "receipt": {"no kwitansi", "nomor kwitansi", "kwitansi", "no kuitansi", "nomor kuitansi", "receipt"},
    "paid_on": {
        "tanggal terima",
        "tgl terima",
        "tanggal diterima",
        "tanggal",
        "tgl",
        "tanggal bayar",
        "tgl bayar",
        "tanggal transaksi",
        "tgl transaksi",
        "tanggal setor",
    },
    "code": {"kode penetapan iuran", "kode iuran", "kode penetapan", "kode tagihan", "kode bayar", "kode pembayaran"},
    "invoice": {"nomor tagihan", "no tagihan", "tagihan"},
    "payer": {"pembayar", "nama pembayar", "dari", "nama"},
    "amount": {"jumlah rp", "jumlah", "nominal", "kredit", "jumlah bayar", "amount", "mutasi kredit"},
    "text": {"keterangan", "uraian", "deskripsi", "berita"},
    "reference": {"referensi", "no referensi", "ref", "no ref", "nomor referensi"},
}
SCAN_ROWS = 30
TOTALS = {"jumlah", "total", "jumlah total", "grand total", "saldo akhir"}


@dataclass(frozen=True)
class Receipt:
    """One kwitansi as the branch issues it."""

    number: str
    received_on: date
    payer: str
    amount: int
    billing_code: str = ""
    invoice_number: str = ""
    account: str = ""
    reference: str = ""

    @property
    def amount_in_words(self) -> str:
        return terbilang_rupiah(self.amount)


@dataclass(frozen=True)
class ReceiptRow:
    """One line read from a receipt list or bank statement; `problem` says why it cannot be used."""

    line: int
    receipt: str
    paid_on: date | None
    amount: int | None
    payer: str
    codes: tuple[str, ...]  # billing codes or invoice numbers named on the line
    reference: str
    problem: str = ""

    @property
    def key(self) -> str:
        """What identifies the payment once: the kwitansi, or on a bank statement the bank's reference."""
        if self.receipt:
            return self.receipt[:60]
        return f"REF {self.reference}"[:60] if self.reference else ""


def _key(text) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", cells.text_of(text).lower()).split())


def _header(row: list) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        key = _key(cell)
        for field, names in COLUMNS.items():
            if key in names and field not in found:
                found[field] = i
                break
    if "amount" in found and ("receipt" in found or "code" in found or "text" in found):
        return found
    return None


def _amount(value) -> int | None:
    if isinstance(value, bool) or cells.is_blank(value):
        return None
    if isinstance(value, (int, float)):
        return round(value)
    text = cells.text_of(value).lower().replace("rp", "").strip()
    # Indonesian notation: dots for thousands, a comma for cents (1.786.176.000,00).
    text = re.sub(r",\d{1,2}$", "", text).replace(".", "").replace(",", "").replace(" ", "")
    return int(text) if text.isdigit() else None


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cells.text_of(value)
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    try:
        return cells.parse_date(value, today=date.today())
    except cells.CellError:
        return None


CODE = re.compile(r"\b(TAG-\d{4}-\d{4}-\d{2}|\d{10,13})\b")


def read_receipts(path, *, filename: str = "") -> list[ReceiptRow]:
    """Every payment line of a kwitansi list or bank statement, in file order; refuse a file without one."""
    try:
        workbook = open_workbook(Path(path), filename=filename)
    except SheetError as exc:
        raise DomainError(exc.message) from None
    rows: list[ReceiptRow] = []
    for sheet in workbook.sheets:
        header = None
        for number, row in sheet.rows:
            if header is None:
                header = _header(row)
                if header is None and number > SCAN_ROWS:
                    break
                continue
            got = {f: row[i] if i < len(row) else None for f, i in header.items()}
            if all(cells.is_blank(v) for v in got.values()):
                continue
            amount = _amount(got.get("amount"))
            receipt = cells.text_of(got.get("receipt"))
            paid_on = _date(got.get("paid_on"))
            if amount is None and (not receipt or paid_on is None):
                continue  # a signature, a note, a blank line
            if not receipt and any(_key(c) in TOTALS for c in row):
                continue  # the total under the table
            text = " ".join(cells.text_of(got.get(f)) for f in ("code", "invoice", "text"))
            codes = tuple(
                dict.fromkeys(c for c in [cells.text_of(got.get("code")), cells.text_of(got.get("invoice"))] if c)
            )
            codes += tuple(c for c in CODE.findall(text) if c not in codes)
            problem = ""
            if amount is None or amount <= 0:
                problem = f"jumlah “{cells.text_of(got.get('amount'))}” tidak terbaca"
            elif paid_on is None:
                problem = f"tanggal “{cells.text_of(got.get('paid_on'))}” tidak terbaca"
            rows.append(
                ReceiptRow(
                    number,
                    receipt,
                    paid_on,
                    amount,
                    cells.text_of(got.get("payer")),
                    codes,
                    cells.text_of(got.get("reference")),
                    problem,
                )
            )
    if not rows:
        raise DomainError(
            "Tidak ditemukan daftar kwitansi di berkas ini: perlu judul kolom No. Kwitansi (atau Keterangan) "
            "dan Jumlah. Unggah daftar kwitansi dari BPJS atau rekening koran dari bank."
        )
    return rows


class StandInBranch:
    """Plays the BPJS branch: a kwitansi for each payment, numbered as a branch numbers them."""

    def __init__(self, branch: str = "TGR", account: str = "BPJSTK-KCP-TENGGARONG 0011223344"):
        self.branch = branch
        self.account = account

    def receipts_for(self, invoices: Iterable, *, received_on: date, start: int = 1) -> list[Receipt]:
        """A kwitansi for what is still outstanding on each invoice, received on one day."""
        receipts = []
        for seq, inv in enumerate((i for i in invoices if i.outstanding), start=start):
            receipts.append(
                Receipt(
                    number=f"KW/{self.branch}/{received_on:%Y%m}/{seq:06d}",
                    received_on=received_on,
                    payer=inv.funder.name,
                    amount=inv.outstanding,
                    billing_code=inv.billing_code,
                    invoice_number=inv.number,
                    account=self.account,
                    reference=f"TRF{received_on:%y%m%d}{seq:06d}",
                )
            )
        return receipts


def write_receipts(receipts: list[Receipt], *, fmt: str = "xlsx") -> bytes:
    """The branch's receipt list, with a title over the table and a total under it, as XLSX or CSV."""
    values = [
        [
            r.number,
            r.received_on,
            r.billing_code,
            r.invoice_number,
            r.payer,
            r.amount,
            r.amount_in_words,
            r.account,
            r.reference,
        ]
        for r in receipts
    ]
    total = sum(r.amount for r in receipts)
    title = "DAFTAR KWITANSI PENERIMAAN IURAN BPJS KETENAGAKERJAAN"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow([title])
        writer.writerow([])
        writer.writerow(HEADERS)
        for row in values:
            writer.writerow([tanggal_iso(v) if isinstance(v, date) else v for v in row])
        writer.writerow(["", "", "", "", "JUMLAH", total])
        return out.getvalue().encode("utf-8-sig")
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("Kwitansi")
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    money = book.add_format({"num_format": "#,##0"})
    text = book.add_format({"num_format": "@"})
    sheet.write(0, 0, title, bold)
    sheet.write(1, 0, f"Dicetak {tanggal(date.today())}")
    sheet.write_row(3, 0, HEADERS, bold)
    for r, row in enumerate(values, start=4):
        sheet.write_string(r, 0, row[0], text)
        sheet.write_datetime(r, 1, datetime.combine(row[1], datetime.min.time()), day)
        sheet.write_string(r, 2, row[2], text)
        sheet.write_string(r, 3, row[3], text)
        sheet.write_string(r, 4, row[4])
        sheet.write_number(r, 5, row[5], money)
        for c in (6, 7, 8):
            sheet.write_string(r, c, row[c])
    sheet.write(len(values) + 4, 4, "JUMLAH", bold)
    sheet.write_number(len(values) + 4, 5, total, money)
    book.close()
    return out.getvalue()


def tanggal_iso(day: date) -> str:
    return f"{day:%d/%m/%Y}"
