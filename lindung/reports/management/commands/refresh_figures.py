"""`lindung refresh_figures [YEAR]`: recount the coverage dashboards' per-village figures (run it from cron)."""

from django.core.management.base import BaseCommand, CommandError

from lindung.programmes.models import ProgrammeYear
from lindung.reports import figures, snapshot


class Command(BaseCommand):
    help = "Hitung ulang angka cakupan per desa yang dibaca dasbor (jalankan berkala, mis. tiap 10 menit)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, nargs="?", help="tahun program; kosong: tahun yang sedang berjalan")

    def handle(self, *args, year=None, **opts):
        programme = ProgrammeYear.objects.filter(year=year).first() if year else figures.current_year()
        if programme is None:
            raise CommandError(f"Tahun program {year} belum ada." if year else "Belum ada tahun program.")
        snap = snapshot.take(programme)
        self.stdout.write(
            f"Angka cakupan {programme.year}: {snap.villages.count()} desa, {snap.member_groups.count()} kelompok "
            f"kepesertaan, dihitung dalam {snap.seconds:.1f} detik."
        )
