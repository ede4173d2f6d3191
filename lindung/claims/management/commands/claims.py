"""`lindung claims list|show|report`: the claim pages' reads and the report step, for the command line."""

import os
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from lindung.claims import services
from lindung.claims.models import Claim, ClaimStatus, Kind
from lindung.errors import DomainError
from lindung.lib.formatting import rupiah, tanggal
from lindung.people.models import Person


class Command(BaseCommand):
    help = "Klaim santunan: daftar (list), rincian satu klaim (show), dan pelaporan klaim baru (report)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--user", default=os.environ.get("LINDUNG_CLI_USER"), help="nama pengguna yang menjalankan (wajib)"
        )
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="daftar klaim yang boleh dilihat pengguna")
        listing.add_argument("--status", choices=ClaimStatus.values)
        listing.add_argument("--region", help="kode wilayah (kecamatan atau desa)")
        listing.add_argument("--limit", type=int, default=50)
        show = sub.add_parser("show", help="rincian satu klaim")
        show.add_argument("claim", type=int)
        rep = sub.add_parser("report", help="laporkan klaim untuk seorang pekerja (NIK)")
        rep.add_argument("nik")
        rep.add_argument("--kind", choices=Kind.values, required=True)
        rep.add_argument("--event-date", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
        rep.add_argument("--place", required=True)
        rep.add_argument("--account", required=True, help="kronologi singkat")
        rep.add_argument("--treatment-cost", type=int)
        rep.add_argument("--stmb-months", type=int)
        rep.add_argument("--disability-percent", type=int)
        rep.add_argument("--follows", type=int, help="nomor klaim asal (beasiswa)")

    def handle(self, *args, action, user, **opts):
        by = self._user(user)
        try:
            getattr(self, f"_{action}")(by, **opts)
        except (DomainError, PermissionDenied) as exc:
            raise CommandError(getattr(exc, "message", None) or str(exc)) from None

    def _user(self, username):
        if not username:
            raise CommandError("Sebutkan --user (nama pengguna yang menjalankan perintah).")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {username} tidak ada atau tidak aktif.")
        return user

    def _list(self, by, *, status, region, limit, **_):
        qs = Claim.objects.visible_to(by).select_related("person", "village")
        if status:
            qs = qs.filter(status=status)
        if region:
            qs = qs.in_region(region)
        total = qs.count()
        for c in qs[:limit]:
            self.stdout.write(
                f"#{c.pk}\t{c.get_kind_display()}\t{c.person.name}\t{c.person.masked_nik}\t{c.village.name}\t"
                f"{tanggal(c.event_date)}\t{rupiah(c.entitlement)}\t{c.get_status_display()}"
            )
        self.stdout.write(f"{total} klaim" + (f" (ditampilkan {limit})" if total > limit else ""))

    def _show(self, by, *, claim, **_):
        c = Claim.objects.visible_to(by).select_related("person", "village", "funder").filter(pk=claim).first()
        if c is None:
            raise CommandError(f"Klaim #{claim} tidak ditemukan atau di luar wilayah Anda.")
        w = self.stdout.write
        w(f"Klaim #{c.pk}: {c.get_kind_display()} — {c.get_status_display()}")
        w(f"Pekerja: {c.person.name} ({c.person.masked_nik}), {c.village.name}")
        w(f"Peristiwa: {tanggal(c.event_date)} di {c.place}")
        w(f"Perlindungan: {'terlindungi' if c.covered else 'tidak terlindungi'} — {c.coverage_reason}")
        w(f"Penyandang dana: {c.funder.name if c.funder else '—'}; KPJ {c.kpj or '—'}; iuran {c.months_paid} bulan")
        for check in c.checks:
            w(f"  [{'v' if check['ok'] else 'x'}] {check['label']}: {check['reason']}")
        for part in c.entitlement_parts:
            w(f"  {part['label']}" + (f": {rupiah(part['amount'])}" if part["amount"] is not None else ""))
        w(f"Hak menurut aturan: {rupiah(c.entitlement)}")
        for h in services.first_heirs(c.heirs.all()):
            w(f"Ahli waris penerima: {h.name} ({h.get_relation_display()})")
        missing = services.missing_documents(c)
        w("Dokumen belum ada: " + (", ".join(d.get_kind_display() for d in missing) or "tidak ada"))
        if c.bpjs_due_on:
            w(f"Batas bayar BPJS: {tanggal(c.bpjs_due_on)}")
        if c.paid_amount:
            w(f"Dibayar {tanggal(c.paid_on)}: {rupiah(c.paid_amount)}")

    def _report(self, by, *, nik, kind, event_date, place, account, follows, **opts):
        person = Person.objects.visible_to(by).filter(nik=nik).first()
        if person is None:
            raise CommandError(f"NIK {nik} tidak ada di registri wilayah Anda.")
        origin = Claim.objects.filter(person=person, pk=follows).first() if follows else None
        claim = services.report_claim(
            person,
            kind=kind,
            event_date=event_date,
            place=place,
            account=account,
            treatment_cost=opts.get("treatment_cost"),
            stmb_months=opts.get("stmb_months"),
            disability_percent=opts.get("disability_percent"),
            follows=origin,
            by=by,
        )
        self.stdout.write(f"Klaim #{claim.pk} dilaporkan; hak menurut aturan {rupiah(claim.entitlement)}.")
        if not claim.covered:
            self.stdout.write(f"Perhatian: {claim.coverage_reason}")
