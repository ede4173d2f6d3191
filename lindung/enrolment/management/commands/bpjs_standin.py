"""`lindung bpjs_standin reply BATCH_FILE --out REPLY.xlsx`: play the BPJS branch for the demo and the tests."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lindung.enrolment.bpjs import FileStandIn
from lindung.lib.sheets import SheetError


class Command(BaseCommand):
    help = (
        "Pengganti kantor cabang BPJS Ketenagakerjaan (BPJS belum punya antarmuka publik): 'reply' membaca berkas "
        "kiriman dan menulis berkas balasan yang realistis — nomor KPJ 11 digit untuk yang diterima, penolakan "
        "karena usia di atas 65 tahun atau masalah NIK. Hasilnya sama untuk berkas dan --seed yang sama."
    )

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="reply")
        reply = verbs.add_parser("reply", help="jawab satu berkas kiriman (XLSX/CSV) dengan berkas balasan")
        reply.add_argument("batch_file", help="berkas kiriman yang diunduh dari halaman kiriman")
        reply.add_argument("--out", required=True, help="berkas balasan yang ditulis (.xlsx atau .csv)")
        reply.add_argument("--seed", type=int, default=1, help="benih acak: nilai sama, balasan sama (bawaan 1)")
        reply.add_argument(
            "--nik-problem-rate",
            type=float,
            default=0.01,
            help="bagian baris yang ditolak karena NIK tidak ditemukan di Dukcapil (bawaan 0.01)",
        )
        reply.add_argument("--max-age", type=int, default=65, help="usia tertinggi yang diterima (bawaan 65)")

    def handle(self, *args, verb, batch_file, out, seed, nik_problem_rate, max_age, **opts):
        if not Path(batch_file).exists():
            raise CommandError(f"Berkas {batch_file} tidak ada.")
        branch = FileStandIn(seed=seed, nik_problem_rate=nik_problem_rate, max_age=max_age)
        try:
            stats = branch.reply_to_batch(Path(batch_file), Path(out))
        except SheetError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"Balasan ditulis ke {out}: {stats.rows} baris, {stats.accepted} diterima, {stats.refused} ditolak."
        )
