"""`lindung write_receipts YEAR --paid-on DATE --out FILE`: the branch stand-in's kwitansi list for open invoices."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lindung.coverage.bpjs import StandInBranch, write_receipts
from lindung.coverage.models import Invoice, InvoiceStatus
from lindung.lib.formatting import rupiah


class Command(BaseCommand):
    help = (
        "Pengganti kantor cabang BPJS (untuk demo dan uji): tulis daftar kwitansi penerimaan iuran untuk tagihan "
        "yang belum lunas, seolah-olah dibayar pada satu tanggal. Unggah berkasnya di halaman Keuangan › Kwitansi "
        "atau dengan `lindung reconcile_receipts`."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--paid-on", required=True, help="tanggal diterima BPJS, YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="berkas tujuan (.xlsx atau .csv)")
        parser.add_argument("--funder", help="hanya penyandang dana ini (nama)")
        parser.add_argument("--first-month", type=int, help="hanya tagihan mulai bulan ke- ini")

    def handle(self, *args, year, paid_on, out, funder, first_month, **options):
        try:
            day = date.fromisoformat(paid_on)
        except ValueError:
            raise CommandError(f"Tanggal {paid_on} tidak terbaca; tulis seperti 2026-05-12.") from None
        invoices = (
            Invoice.objects.filter(funder__programme_year__year=year)
            .exclude(status=InvoiceStatus.PAID)
            .select_related("funder")
            .order_by("funder__name", "first_month")
        )
        if funder:
            invoices = invoices.filter(funder__name=funder)
        if first_month:
            invoices = invoices.filter(first_month=first_month)
        receipts = StandInBranch().receipts_for(invoices, received_on=day)
        if not receipts:
            raise CommandError(f"Tidak ada tagihan tahun {year} yang belum lunas untuk pilihan ini.")
        path = Path(out)
        path.write_bytes(write_receipts(receipts, fmt="csv" if path.suffix.lower() == ".csv" else "xlsx"))
        total = sum(r.amount for r in receipts)
        self.stdout.write(f"{len(receipts)} kwitansi, {rupiah(total)}, ditulis ke {path}.")
