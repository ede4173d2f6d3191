"""`lindung coverage NIK --on YYYY-MM-DD`: was this worker protected on that day, and why (or why not)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from lindung.coverage.services import coverage_on
from lindung.lib.formatting import tanggal
from lindung.people.models import Person


class Command(BaseCommand):
    help = "Apakah pekerja ber-NIK ini terlindungi BPJS Ketenagakerjaan pada suatu tanggal, oleh siapa, dan mengapa."

    def add_arguments(self, parser):
        parser.add_argument("nik")
        parser.add_argument("--on", required=True, help="tanggal, YYYY-MM-DD")

    def handle(self, *args, nik, on, **options):
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise CommandError(f"Tanggal {on} tidak terbaca; tulis seperti 2026-05-12.") from None
        person = Person.objects.filter(nik=nik.strip()).first()
        if person is None:
            raise CommandError(f"NIK {nik} tidak ada di registri.")
        answer = coverage_on(person, day)
        self.stdout.write(f"{person.name} ({person.masked_nik}) pada {tanggal(day)}:")
        self.stdout.write(f"  {'TERLINDUNGI' if answer.covered else 'TIDAK TERLINDUNGI'}")
        if answer.since:
            self.stdout.write(f"  Terlindungi tanpa putus sejak: {tanggal(answer.since)}")
        if answer.funder:
            self.stdout.write(f"  Penyandang dana: {answer.funder.name} (wadah {answer.funder.wadah})")
        self.stdout.write(f"  Nomor KPJ: {answer.kpj or '—'}")
        self.stdout.write(f"  Bulan iuran dibayar dan diakui sampai bulan itu: {answer.months_paid}")
        self.stdout.write(f"  Keterangan: {answer.reason}")
