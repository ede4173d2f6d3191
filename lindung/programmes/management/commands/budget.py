"""`lindung budget simulate|capacity`: the budget simulator on the command line."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lindung.errors import DomainError
from lindung.lib import contributions
from lindung.lib.formatting import rupiah
from lindung.lib.terbilang import terbilang_rupiah
from lindung.programmes.models import RateSchedule


def _amount(text: str) -> int:
    # Accept how people write money: 1786176000, 1.786.176.000, Rp 1.786.176.000.
    digits = text.replace("Rp", "").replace(".", "").replace(" ", "").replace("_", "")
    if not digits.isdigit():
        raise CommandError(f"{text!r} bukan jumlah rupiah. Tulis angka saja, misalnya 1786176000.")
    return int(digits)


class Command(BaseCommand):
    help = "Hitung biaya iuran (simulate) atau daya tampung anggaran (capacity)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sim = sub.add_parser("simulate", help="biaya N pekerja selama M bulan")
        sim.add_argument("--workers", type=int, required=True)
        sim.add_argument("--months", type=int, required=True)
        cap = sub.add_parser("capacity", help="berapa pekerja yang tertanggung oleh anggaran")
        cap.add_argument("--budget", type=_amount, required=True)
        cap.add_argument("--months", type=int, required=True)
        for p in (sim, cap):
            p.add_argument("--income", type=_amount, default=1_000_000)
            p.add_argument("--programs", default="jkk,jkm")
            p.add_argument("--on", type=date.fromisoformat, default=None, help="tarif yang berlaku pada tanggal ini")

    def handle(self, *args, **opts):
        try:
            schedule = RateSchedule.in_force(opts["on"] or timezone.localdate())
            programs = contributions.parse_programs(opts["programs"])
            # Simulations are of the regency's own budget: no PP 50/2025 discount (APBD pays).
            rates = contributions.Rates(schedule.jkk_bp, schedule.jkm_flat, schedule.jht_bp)
            monthly = contributions.monthly_contribution(opts["income"], programs, rates)
            if opts["action"] == "simulate":
                total = contributions.cost(opts["workers"], opts["months"], opts["income"], programs, rates)
                self.stdout.write(rupiah(total))
                self.stderr.write(
                    f"{opts['workers']:,} pekerja × {rupiah(monthly)} × {opts['months']} bulan "
                    f"({contributions.program_label(programs)}); terbilang: {terbilang_rupiah(total)}".replace(",", ".")
                )
            else:
                workers = contributions.capacity(opts["budget"], opts["months"], opts["income"], programs, rates)
                self.stdout.write(str(workers))
                self.stderr.write(
                    f"{rupiah(opts['budget'])} cukup untuk {workers:,} pekerja × {opts['months']} bulan × "
                    f"{rupiah(monthly)}".replace(",", ".")
                )
        except (DomainError, contributions.ContributionError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from None
