from datetime import date

from django.conf import settings
from django.db import models


class WorkforceEstimate(models.Model):
    """How many people work in a region, from a dated source: the denominator of every coverage share.

    BPS publishes labour-force counts per regency, rarely per kecamatan, so a district's figure is
    usually the labour office's own estimate; the source says which (domain.md §7, §11).
    """

    region_code = models.CharField("kode wilayah", max_length=13)
    valid_from = models.DateField("berlaku sejak")
    informal_workers = models.PositiveIntegerField("perkiraan pekerja informal")
    bpu_workers = models.PositiveIntegerField(
        "pekerja BPU (penyebut indikator 06.02.021)",
        null=True,
        blank=True,
        help_text="Kosong: sama dengan pekerja informal.",
    )
    working_population = models.PositiveIntegerField(
        "penduduk bekerja (penyebut UCJ)", null=True, blank=True, help_text="BPS Sakernas, dikurangi ASN/TNI/Polri."
    )
    target_percent = models.PositiveSmallIntegerField("target cakupan (%)", null=True, blank=True)
    source = models.TextField("sumber")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_code", "-valid_from"]
        verbose_name = "perkiraan angkatan kerja"
        verbose_name_plural = "perkiraan angkatan kerja"
        constraints = [
            models.UniqueConstraint(fields=["region_code", "valid_from"], name="workforce_one_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} sejak {self.valid_from:%d-%m-%Y}: {self.informal_workers}"

    @property
    def bpu_denominator(self) -> int:
        return self.bpu_workers if self.bpu_workers is not None else self.informal_workers

    @classmethod
    def in_force(cls, on: date, codes) -> dict[str, "WorkforceEstimate"]:
        """The newest estimate on or before `on` for each of these region codes."""
        found: dict[str, WorkforceEstimate] = {}
        for est in cls.objects.filter(region_code__in=list(codes), valid_from__lte=on).order_by("-valid_from"):
            found.setdefault(est.region_code, est)
        return found


class MilestoneKind(models.TextChoices):
    REGULATION = "regulation", "Regulasi (Perda/Perbup/SK)"
    INNOVATION = "innovation", "Inovasi"
    BUDGET = "budget", "Komitmen anggaran"


class Milestone(models.Model):
    """A regulation, innovation or budget commitment the regency reports to the Paritrana jury."""

    kind = models.CharField("jenis", max_length=12, choices=MilestoneKind.choices)
    on = models.DateField("tanggal")
    title = models.CharField("judul", max_length=200)
    description = models.TextField("uraian", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "title"]
        verbose_name = "regulasi atau inovasi"
        verbose_name_plural = "regulasi dan inovasi"
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=MilestoneKind.values), name="milestone_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class PublicLookup(models.Model):
    """One self-check on the public page: the log, and what the per-address throttle counts.

    The NIK itself is never stored, only a keyed hash, so the log shows repeated guessing of one
    number without holding anyone's NIK.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    address = models.GenericIPAddressField("alamat IP")
    nik_hash = models.CharField(max_length=64)
    found = models.BooleanField(default=False)

    class Meta:
        verbose_name = "pemeriksaan publik"
        verbose_name_plural = "pemeriksaan publik"
        indexes = [models.Index(fields=["address", "at"], name="publiclookup_address_at")]

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M}"


class FigureSnapshot(models.Model):
    """The coverage dashboards' per-village counts for one programme year, as of `taken_at`.

    Counting them live joins a million memberships and allocations to their people on every
    request; the snapshot holds the few hundred grouped rows instead. Only what comes from people,
    allocations and memberships is stored: the ledger (payments, arrears) is still read live, so a
    payment moves the protection figures at once, and a change of person at the next refresh.
    """

    programme_year = models.OneToOneField(
        "programmes.ProgrammeYear", on_delete=models.CASCADE, related_name="figure_snapshot"
    )
    taken_at = models.DateTimeField("dihitung pada")
    seconds = models.FloatField("lama penghitungan (detik)", default=0)
    # The newest audit entry when counting began: a later change that moves people, allocations or
    # memberships is an audited one, so entries past this mark say the counts are out of date.
    audit_mark = models.BigIntegerField("entri audit terakhir saat dihitung", default=0)

    class Meta:
        verbose_name = "cuplikan angka cakupan"
        verbose_name_plural = "cuplikan angka cakupan"

    def __str__(self) -> str:
        return f"Angka cakupan {self.programme_year_id} per {self.taken_at:%Y-%m-%d %H:%M}"


class VillageFigure(models.Model):
    """One village's people counts in a snapshot."""

    snapshot = models.ForeignKey(FigureSnapshot, on_delete=models.CASCADE, related_name="villages")
    village_code = models.CharField(max_length=13)
    registered = models.PositiveIntegerField(default=0)
    funded = models.PositiveIntegerField(default=0)
    enrolled_before = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "village_code"], name="villagefigure_one_per_village"),
        ]

    def __str__(self) -> str:
        return self.village_code


class MemberGroup(models.Model):
    """Memberships of one village sharing funder, months, start, end, status and segment: protection's input."""

    snapshot = models.ForeignKey(FigureSnapshot, on_delete=models.CASCADE, related_name="member_groups")
    village_code = models.CharField(max_length=13)
    funder_id = models.IntegerField()
    months_mask = models.IntegerField()
    ended_month = models.PositiveSmallIntegerField(null=True)
    bpjs_start_date = models.DateField(null=True)
    status = models.CharField(max_length=10)
    segment = models.CharField(max_length=3)
    members = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["snapshot", "village_code"], name="membergroup_snapshot_village")]

    def __str__(self) -> str:
        return f"{self.village_code} · {self.funder_id} · {self.members}"
