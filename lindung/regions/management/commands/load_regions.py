from django.core.management.base import BaseCommand, CommandError

from lindung.lib.progress import Progress
from lindung.regions.services import RegionDataError, load_regions


class Command(BaseCommand):
    help = "Memuat kode wilayah Kemendagri (provinsi s.d. desa/kelurahan) dari data yang dikirim bersama aplikasi."

    def handle(self, *args, **options):
        try:
            result = load_regions(progress=Progress("wilayah", stream=self.stderr))
        except RegionDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wilayah dimuat: {result['current']} kode berlaku, {result['former']} kode lama "
            f"({result['created']} baru, {result['updated']} diperbarui)."
        )
