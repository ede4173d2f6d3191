"""`lindung amend YEAR end|add NIK ...`: a one-person amendment through the same service as the page."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.services import command_user
from lindung.errors import DomainError
from lindung.funding.amendments import EndCause, add_cover, end_cover
from lindung.funding.services import funder_totals
from lindung.lib.formatting import rupiah
from lindung.people.models import Person
from lindung.programmes.models import ProgrammeYear


class Command(BaseCommand):
    help = (
        "Amandemen per orang pada tahun program yang sudah disetujui: akhiri kepesertaan seorang pekerja mulai "
        "suatu bulan (end), atau tambahkan seorang pekerja ke penyandang dana dari sisa pagunya (add)."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("action", choices=["end", "add"])
        parser.add_argument("nik")
        parser.add_argument("--user", help="nama pengguna admin atau keuangan yang mencatat (tercatat di jejak audit)")
        parser.add_argument("--from-month", type=int, required=True, help="bulan ke- (1 = bulan pertama periode)")
        parser.add_argument(
            "--cause",
            choices=EndCause.values,
            help="untuk end: " + ", ".join(f"{v} = {lbl}" for v, lbl in EndCause.choices),
        )
        parser.add_argument("--funder", help="untuk add: id atau nama penyandang dana")
        parser.add_argument("--reason", default="", help="alasan (add) atau keterangan (end; wajib untuk lain)")

    def handle(self, *args, year, action, nik, from_month, cause, funder, reason, user=None, **opts):
        actor = command_user(user, what="mencatat amandemen")
        programme = ProgrammeYear.objects.filter(year=year).first()
        if programme is None:
            raise CommandError(f"Tahun program {year} belum ada.")
        person = Person.objects.visible_to(actor).filter(nik=nik).first()
        if person is None:
            raise CommandError(f"NIK {nik} tidak ada di registri.")
        try:
            if action == "end":
                if not cause:
                    raise CommandError("Untuk end, sebutkan --cause (" + ", ".join(EndCause.values) + ").")
                amendment = end_cover(programme, person, from_month=from_month, cause=cause, note=reason, by=actor)
            else:
                amendment = add_cover(
                    programme,
                    person,
                    funder=self._funder(programme, funder),
                    from_month=from_month,
                    reason=reason,
                    by=actor,
                )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Amandemen {amendment.number} dicatat. {amendment.changes['summary']}")

    def _funder(self, programme, key):
        totals = funder_totals(programme)
        for t in totals:
            if key and (str(t["funder"].pk) == key.strip() or t["funder"].name == key.strip()):
                return t["funder"]
        listed = "; ".join(f"{t['funder'].pk} {t['funder'].name} (sisa {rupiah(t['remaining'])})" for t in totals)
        what = f"Penyandang dana {key} tidak ada" if key else "Sebutkan --funder"
        raise CommandError(f"{what} di tahun {programme.year}. Pilih salah satu: {listed or 'belum ada'}.")
