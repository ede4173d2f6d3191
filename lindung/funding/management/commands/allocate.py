"""`lindung allocate YEAR`: run the year's allocation through the same service as the page."""

import sys

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.services import command_user
from lindung.errors import DomainError
from lindung.funding.services import allocate_year, allocation_message
from lindung.programmes.models import ProgrammeYear


class Command(BaseCommand):
    help = "Bagi pekerja layak ke penyandang dana untuk satu tahun program."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--user", help="nama pengguna admin yang menjalankan (tercatat di jejak audit)")

    def handle(self, *args, year, user=None, **opts):
        actor = command_user(user, what="menjalankan alokasi")
        programme = ProgrammeYear.objects.filter(year=year).first()
        if programme is None:
            raise CommandError(f"Tahun program {year} belum ada. Buat dulu di halaman Tahun program.")

        def progress(done, total=None, label=""):
            if total and sys.stderr.isatty():
                sys.stderr.write(f"\r{done:,}/{total:,}".replace(",", "."))

        try:
            summary = allocate_year(programme, by=actor, progress=progress)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(allocation_message(summary))
