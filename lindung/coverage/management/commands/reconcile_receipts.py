"""`lindung reconcile_receipts FILE --user NAME`: match a kwitansi list or bank statement to the invoices."""

from django.core.management.base import BaseCommand, CommandError

from lindung.coverage.management.commands._actor import finance_user
from lindung.coverage.models import LineOutcome
from lindung.coverage.reconciliation import reconcile_receipts
from lindung.errors import DomainError
from lindung.lib.formatting import rupiah
from lindung.lib.progress import Progress


class Command(BaseCommand):
    help = (
        "Cocokkan daftar kwitansi BPJS atau rekening koran (XLSX/CSV) dengan tagihan: yang cocok dicatat sebagai "
        "pembayaran; lebih bayar, kurang bayar, cocok sebagian dan tidak cocok didaftar. Berkas yang sama dua kali "
        "tidak mengubah apa pun."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="petugas keuangan atau admin yang mencatat")

    def handle(self, *args, file, user, **options):
        actor = finance_user(user)
        try:
            result = reconcile_receipts(file, by=actor, progress=Progress("Mencocokkan kwitansi", stream=self.stderr))
        except (DomainError, OSError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from None
        summary = result.summary
        self.stdout.write(
            f"{summary['lines']} baris; {summary['payments']} pembayaran dicatat, {rupiah(summary['amount'])}."
        )
        for value, label in LineOutcome.choices:
            self.stdout.write(f"  {label}: {summary['outcomes'].get(value, 0)}")
