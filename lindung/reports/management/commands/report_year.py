"""`lindung report_year YEAR --out FILE --user NAME`: the year's report for the regent and the Paritrana jury."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lindung.programmes.models import ProgrammeYear
from lindung.reports import paritrana


class Command(BaseCommand):
    help = "Buat laporan tahunan (Bupati dan juri Paritrana) sebagai XLSX atau PDF."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="tahun program, mis. 2026")
        parser.add_argument("--out", required=True, help="berkas keluaran: .xlsx atau .pdf")
        parser.add_argument("--user", required=True, help="nama pengguna; laporan memuat wilayah yang boleh dilihatnya")

    def handle(self, *args, year, out, user, **opts):
        programme = ProgrammeYear.objects.filter(year=year).first()
        if programme is None:
            raise CommandError(f"Tahun program {year} belum ada.")
        who = get_user_model().objects.filter(username=user, is_active=True).first()
        if who is None:
            raise CommandError(f"Pengguna {user!r} tidak ada atau tidak aktif.")
        path = Path(out)
        if path.suffix.lower() not in (".xlsx", ".pdf"):
            raise CommandError("Nama berkas keluaran harus berakhiran .xlsx atau .pdf.")
        report = paritrana.build(programme, user=who)
        body = paritrana.to_pdf(report) if path.suffix.lower() == ".pdf" else paritrana.to_xlsx(report)
        path.write_bytes(body)
        self.stdout.write(f"Laporan {year} ditulis ke {path} ({len(body):,} bita).".replace(",", "."))
