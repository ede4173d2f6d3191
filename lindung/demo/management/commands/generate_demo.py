from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lindung.demo.services import generate_demo_people
from lindung.lib.progress import Progress
from lindung.people.models import Person


class Command(BaseCommand):
    help = "Membuat data pekerja sintetis yang realistis (deterministik) untuk demo dan benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=52_000, help="jumlah baris (bawaan 52.000)")
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--replace", action="store_true", help="hapus dulu seluruh data pekerja yang ada")

    def handle(self, *args, size, seed, replace, **options):
        if size < 1:
            raise CommandError("--size harus lebih dari 0.")
        if Person.objects.exists():
            if not replace:
                raise CommandError(
                    "Registri sudah berisi data. Tambahkan --replace untuk menghapusnya dan membuat ulang."
                )
            with transaction.atomic():
                Person.objects.all().delete()
        stats = generate_demo_people(size, seed=seed, progress=Progress("data demo", stream=self.stderr))
        self.stdout.write(
            f"Selesai: {stats['inserted']} pekerja dimasukkan, {stats['with_warnings']} dengan peringatan, "
            f"{stats['skipped_same_nik'] + stats['skipped_invalid']} baris dilewati."
        )
