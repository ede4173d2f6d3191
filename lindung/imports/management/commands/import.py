"""`lindung import FILE [--village CODE] [--dry-run] [--out OUT.csv]`: the web's import, from a terminal."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lindung.errors import DomainError
from lindung.imports import services
from lindung.lib.priority import lower_background_priority
from lindung.lib.progress import Progress


class Command(BaseCommand):
    help = "Impor daftar pekerja dari spreadsheet (.xlsx, .xls, .ods, .csv) dengan aturan yang sama seperti di web."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--village", help="kode desa (64.02.06.1010) untuk baris tanpa kolom desa")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, tanpa menulis ke basis data")
        parser.add_argument("--out", help="tulis hasil per baris ke berkas CSV ini")
        parser.add_argument(
            "--user",
            default=os.environ.get("LINDUNG_CLI_USER"),
            help="nama pengguna yang tercatat sebagai pengimpor (tidak perlu untuk --dry-run)",
        )

    def handle(self, *args, file, village, dry_run, out, user, **options):
        if not os.path.isfile(file):
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        lower_background_priority()
        # Checked before anything else, so an unreadable file leaves nothing behind.
        try:
            services.read_structure(file)
        except services.ImportRefused as exc:
            raise CommandError(exc.message) from None
        # A dry run writes nothing, so nobody need answer for it; a real import is always someone's.
        by = self._user(user) if user or not dry_run else None
        progress = Progress("Impor", stream=self.stderr)
        out_path = out
        tmp = f"{out_path}.tmp" if out_path else None
        try:
            if tmp:
                with open(tmp, "w", newline="", encoding="utf-8") as fh:
                    result = services.import_file(
                        file, by=by, village_code=village, dry_run=dry_run, out=fh, progress=progress
                    )
                os.replace(tmp, out_path)
            else:
                result = services.import_file(file, by=by, village_code=village, dry_run=dry_run, progress=progress)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        finally:
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)
        progress(result["rows"], result["rows"])
        for sheet, why in result["skipped"]:
            self.stderr.write(f"Lembar {sheet} dilewati: {why}.")
        for sheet, what in result["unmapped"]:
            self.stderr.write(f"Peringatan{f' (lembar {sheet})' if sheet else ''}: {what}")
        summary = (
            f"{result['rows']} baris: {result['valid']} valid, {result['warning']} dengan peringatan, "
            f"{result['invalid']} ditolak."
        )
        if dry_run:
            summary += " Uji coba: tidak ada yang disimpan."
        else:
            summary += (
                f" {result['created']} pekerja ditambahkan, {result['updated']} diperbarui, "
                f"{result['unchanged']} sudah ada tanpa perubahan."
            )
        self.stdout.write(summary)

    def _user(self, username):
        if not username:
            raise CommandError(
                "Sebutkan pengguna pengimpor dengan --user NAMA (atau LINDUNG_CLI_USER): impor menulis ke registri "
                "atas nama pengguna itu. Untuk memeriksa berkas saja, pakai --dry-run."
            )
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {username} tidak ada atau tidak aktif.")
        return user
