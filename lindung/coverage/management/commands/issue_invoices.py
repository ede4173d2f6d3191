"""`lindung issue_invoices YEAR [--month N] [--months 1|3|6|12] --user NAME`: bill every funder from its roster."""

from django.core.management.base import BaseCommand, CommandError

from lindung.coverage import billing
from lindung.coverage.management.commands._actor import finance_user
from lindung.errors import DomainError
from lindung.funding.models import Funder
from lindung.lib.formatting import rupiah
from lindung.programmes.models import ProgrammeYear


class Command(BaseCommand):
    help = (
        "Bangun buku besar perlindungan tahun program dan terbitkan tagihan iuran setiap penyandang dana dari daftar "
        "peserta aktifnya: tanpa --month, tagihan pertama; dengan --month, tagihan mulai bulan itu."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--month", type=int, help="bulan ke- (1 = bulan pertama periode)")
        parser.add_argument("--months", type=int, default=1, choices=billing.MONTHS_AHEAD, help="dibayar di muka")
        parser.add_argument("--user", required=True, help="petugas keuangan atau admin")

    def handle(self, *args, year, month, months, user, **options):
        actor = finance_user(user)
        programme = ProgrammeYear.objects.filter(year=year).first()
        if programme is None:
            raise CommandError(f"Tahun program {year} belum ada.")
        try:
            if month is None:
                invoices = billing.issue_first_invoices(programme, by=actor, months=months)
            else:
                billing.build_ledger(programme, by=actor)
                invoices = []
                for funder in Funder.objects.filter(programme_year=programme).order_by("name"):
                    try:
                        invoices.append(billing.issue_invoice(funder, first_month=month, months=months, by=actor))
                    except DomainError as exc:
                        self.stderr.write(f"{funder.name}: {exc.message}")
        except DomainError as exc:
            raise CommandError(exc.message) from None
        total = sum(i.amount for i in invoices)
        self.stdout.write(f"{len(invoices)} tagihan diterbitkan, {rupiah(total)}.")
        for invoice in invoices:
            self.stdout.write(
                f"  {invoice.number} {invoice.funder.name}: {invoice.people} peserta, {rupiah(invoice.amount)}"
            )
