from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from lindung.coverage.demo import ensure_demo_protection
from lindung.dedup.services import scan_duplicates
from lindung.demo.services import (
    DEMO_PASSWORD,
    ensure_demo_claims,
    ensure_demo_programme,
    ensure_demo_users,
    generate_demo_people,
)
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
            verifier = get_user_model().objects.get(username="verifikator")
            found = scan_duplicates(by=verifier, progress=Progress("pindai duplikat", stream=self.stderr))
            self.stdout.write(f"Pemindaian duplikat: {found['message']}")
            if ensure_demo_programme() is not None:
                self.stdout.write("Tahun program demo dibuat dan dialokasikan (draf, belum disetujui).")
            history = ensure_demo_protection()
            if history is not None:
                self.stdout.write(
                    f"Tahun program {history['year']}: didaftarkan ke BPJS (pengganti kantor cabang), ditagih dan "
                    "dibayar; satu Dana Desa dibayar terlambat sehingga pekerjanya punya celah Juli–September dan "
                    "pengajuan koreksi kepesertaan."
                )
            claims = ensure_demo_claims()
            self.stdout.write(f"Klaim santunan demo: {claims['created']}. " + " ".join(claims["notes"]))
        if get_user_model().objects.filter(username="sponsor").exists():
            users.append(
                {
                    "username": "sponsor",
                    "password": DEMO_PASSWORD,
                    "role": "Sponsor (CSR)",
                    "region": "PT Contoh Sejahtera",
                }
            )
        self.stdout.write("")
        self.stdout.write("Akun demo (kata sandi sama untuk semua):")
        for u in users:
            self.stdout.write(f"  {u['username']:<28} {u['password']:<14} {u['role']} — {u['region']}")
        self.stdout.write("")
