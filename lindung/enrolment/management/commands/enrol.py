"""`lindung enrol ...`: the exchange with the BPJS branch from the command line, on the pages' services."""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from lindung.enrolment import batches, exports, renewal, replies, services
from lindung.enrolment.models import EnrolmentBatch, ExportProfile
from lindung.errors import DomainError
from lindung.funding.models import Funder
from lindung.lib.progress import Progress
from lindung.people.models import Person
from lindung.programmes.models import ProgrammeYear

HELP = {
    "memberships": "buat kepesertaan dari daftar tahun program yang sudah disetujui",
    "batch": "setujui kiriman berikutnya sebuah penyandang dana (daftar dibekukan)",
    "send": "tandai kiriman terkirim ke BPJS (sejak itu tidak berubah)",
    "export": "tulis berkas kiriman (XLSX atau CSV menurut akhiran --out)",
    "reply": "terapkan berkas balasan BPJS pada kiriman",
    "death": "catat pekerja meninggal pada tanggal --on",
    "move": "catat pekerja pindah domisili pada tanggal --on",
    "recheck": "pemeriksaan ulang kelayakan (usulan pengeluaran untuk verifikator)",
}


class Command(BaseCommand):
    help = (
        "Pertukaran data dengan kantor cabang BPJS Ketenagakerjaan: kepesertaan dari daftar yang disetujui, "
        "kiriman bernomor per penyandang dana (pendaftaran awal lalu perubahan), berkas kiriman, balasan BPJS "
        "(KPJ atau alasan penolakan), meninggal/pindah, dan pemeriksaan ulang. Perintah: "
        + "; ".join(f"{k} = {v}" for k, v in HELP.items())
        + "."
    )

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="|".join(HELP))
        for verb, text in HELP.items():
            sub = verbs.add_parser(verb, help=text)
            sub.add_argument("--user", required=verb != "export", help="nama pengguna yang tercatat melakukannya")
            if verb in ("memberships", "batch", "send", "export", "reply", "recheck"):
                sub.add_argument("year", type=int, help="tahun program")
            if verb in ("batch", "send", "export", "reply"):
                sub.add_argument("funder", help="id atau nama penyandang dana")
            if verb in ("send", "export", "reply"):
                sub.add_argument("number", type=int, help="nomor kiriman")
            if verb == "export":
                sub.add_argument("--out", required=True, help="berkas yang ditulis (.xlsx atau .csv)")
                sub.add_argument("--profile", help="nama profil kolom (bawaan: profil bawaan)")
            if verb == "reply":
                sub.add_argument("file", help="berkas balasan BPJS")
            if verb in ("death", "move"):
                sub.add_argument("nik")
                sub.add_argument("--on", required=True, type=date.fromisoformat, help="tanggal, YYYY-MM-DD")
                sub.add_argument("--note", default="", help="keterangan, mis. nomor akta kematian")

    def handle(self, *args, verb, **opts):
        try:
            getattr(self, f"do_{verb}")(by=self._user(opts.get("user")), **opts)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None

    def _user(self, name):
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {name} tidak ada atau tidak aktif.")
        return user

    def _year(self, year):
        found = ProgrammeYear.objects.filter(year=year).first()
        if found is None:
            raise CommandError(f"Tahun program {year} belum ada.")
        return found

    def _funder(self, year, key):
        funders = Funder.objects.filter(programme_year=self._year(year))
        found = funders.filter(pk=int(key)).first() if key.isdigit() else funders.filter(name=key.strip()).first()
        if found is None:
            raise CommandError(
                f"Penyandang dana {key} tidak ada di tahun {year}: " + ", ".join(f.name for f in funders)
            )
        return found

    def _batch(self, year, funder, number):
        found = EnrolmentBatch.objects.filter(funder=self._funder(year, funder), number=number).first()
        if found is None:
            raise CommandError(f"Kiriman {number} {funder} tahun {year} belum ada.")
        return found

    def _person(self, nik):
        found = Person.objects.filter(nik=nik).first()
        if found is None:
            raise CommandError(f"NIK {nik} tidak ada di registri.")
        return found

    def do_memberships(self, *, by, year, **_):
        made = services.create_memberships(self._year(year), by=by)
        self.stdout.write(f"{made} kepesertaan baru dibuat untuk tahun {year}.")

    def do_batch(self, *, by, year, funder, **_):
        batch = batches.approve_batch(self._funder(year, funder), by=by)
        c = batch.counts
        self.stdout.write(
            f"Kiriman {batch.number} ({batch.get_kind_display().lower()}) disetujui: tambah {c['add']}, "
            f"keluar {c['remove']}, ubah data {c['amend']}."
        )

    def do_send(self, *, by, year, funder, number, **_):
        batch = batches.mark_batch_sent(self._batch(year, funder, number), by=by)
        self.stdout.write(f"Kiriman {batch.number} ditandai terkirim ke BPJS.")

    def do_export(self, *, by, year, funder, number, out, profile, **_):
        batch = self._batch(year, funder, number)
        chosen = ExportProfile.objects.filter(name=profile).first() if profile else exports.default_profile()
        if chosen is None:
            raise CommandError(f"Profil {profile} tidak ada.")
        path = Path(out)
        content = (
            exports.batch_csv(batch, chosen) if path.suffix.lower() == ".csv" else exports.batch_xlsx(batch, chosen)
        )
        path.write_bytes(content)
        exports.record_export(batch, chosen, path.suffix.lstrip(".") or "xlsx", by=by)
        self.stdout.write(f"Berkas kiriman ditulis ke {out} (profil {chosen.name}).")

    def do_reply(self, *, by, year, funder, number, file, **_):
        batch = self._batch(year, funder, number)
        try:
            outcome = replies.apply_reply(
                batch, file, filename=Path(file).name, by=by, progress=Progress("Balasan BPJS", stream=self.stderr)
            )
        except replies.ReplyRefused as exc:
            for problem in exc.problems:
                self.stderr.write(f"  {problem}")
            raise
        if outcome.repeated:
            self.stdout.write("Balasan ini sudah pernah diterapkan; tidak ada yang berubah.")
            return
        r = outcome.result
        self.stdout.write(
            f"Balasan diterapkan: {r['accepted']} diterima, {r['refused']} ditolak, {r['unchanged']} tidak berubah, "
            f"{r['missing_count']} baris kiriman belum dijawab."
        )

    def do_death(self, *, by, nik, on, note, **_):
        person = services.record_death(self._person(nik), died_on=on, by=by, note=note)
        self.stdout.write(f"{person.name} tercatat meninggal pada {on:%d-%m-%Y}; kepesertaannya berakhir.")

    def do_move(self, *, by, nik, on, note, **_):
        person = services.record_move(self._person(nik), moved_on=on, by=by, note=note)
        self.stdout.write(f"{person.name} tercatat pindah pada {on:%d-%m-%Y}; kepesertaannya berakhir.")

    def do_recheck(self, *, by, year, **_):
        found = renewal.recheck_eligibility(self._year(year), by=by)
        self.stdout.write(f"Pemeriksaan ulang tahun {year}: {found} usulan pengeluaran baru untuk verifikator.")
