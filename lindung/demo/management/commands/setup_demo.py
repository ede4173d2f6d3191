from django.core.management.base import BaseCommand

from lindung.demo.services import ensure_demo_users, generate_demo_people
from lindung.lib.progress import Progress
from lindung.people.models import Person
from lindung.regions.models import Region
from lindung.regions.services import load_regions


class Command(BaseCommand):
    help = "Menyiapkan instalasi baru: kode wilayah, pengguna demo, dan data demo bila registri masih kosong."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=52_000)

    def handle(self, *args, size, **options):
        if not Region.objects.exists():
            result = load_regions(progress=Progress("wilayah", stream=self.stderr))
            self.stdout.write(f"Wilayah dimuat: {result['current']} kode.")
        users = ensure_demo_users()
        if not Person.objects.exists():
            stats = generate_demo_people(size, progress=Progress("data demo", stream=self.stderr))
            self.stdout.write(f"Data demo: {stats['inserted']} pekerja.")
        self.stdout.write("")
        self.stdout.write("Akun demo (kata sandi sama untuk semua):")
        for u in users:
            self.stdout.write(f"  {u['username']:<28} {u['password']:<14} {u['role']} — {u['region']}")
        self.stdout.write("")
