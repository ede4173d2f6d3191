from django.conf import settings
from django.db import models
from django.db.models import Q

from lindung.accounts.scoping import scope_of


class CandidateStatus(models.TextChoices):
    OPEN = "open", "Menunggu keputusan"
    MERGED = "merged", "Orang sama, digabung"
    DISTINCT = "distinct", "Orang berbeda"
    # One of the two was merged with someone else or left the registry first.
    SUPERSEDED = "superseded", "Tidak berlaku lagi"


class CandidateQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view") -> "CandidateQuerySet":
        """A candidate is seen only by whoever may see both people.

        A pair shows both people side by side, so seeing one would open the other's record
        (name, birth, address, phone) to someone whose own page for that person is a 404. A mover
        linking two regions is for a verifier over both.
        """
        scope = scope_of(user)
        return self.filter(scope.region_q("person_a__village_id", action)).filter(
            scope.region_q("person_b__village_id", action)
        )

    def open(self) -> "CandidateQuerySet":
        return self.filter(status=CandidateStatus.OPEN)


class DuplicateCandidate(models.Model):
    """Two person records that may be the same person, as an ordered pair (a.pk < b.pk)."""

    person_a = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField("peluang sama orang")
    evidence = models.JSONField("bukti", default=dict)
    status = models.CharField(max_length=12, choices=CandidateStatus.choices, default=CandidateStatus.OPEN)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("catatan keputusan", blank=True)
    survivor = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    found_by_job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = "calon duplikat"
        verbose_name_plural = "calon duplikat"
        indexes = [models.Index(fields=["status", "-score"], name="candidate_status_score")]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="candidate_pair_unique"),
            models.CheckConstraint(condition=Q(person_a__lt=models.F("person_b")), name="candidate_pair_ordered"),
            models.CheckConstraint(condition=Q(status__in=CandidateStatus.values), name="candidate_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.score:.2f})"

    @property
    def percent(self) -> int:
        return round(100 * self.score)

    def is_open(self) -> bool:
        return self.status == CandidateStatus.OPEN


class ListKind(models.TextChoices):
    OTHER_FUNDER = "other_funder", "Peserta yang dibiayai pihak lain (provinsi, APBDes, dll.)"
    GN_LINGKARAN = "gn_lingkaran", "Peserta GN Lingkaran / CSR"
    BPJS_ACTIVE = "bpjs_active", "Peserta aktif BPJS Ketenagakerjaan"
    CIVIL_SERVANT = "civil_servant", "ASN/PPPK (BKPSDM)"
    DECEASED = "deceased", "Kematian dari Dukcapil"
    EMPLOYEE = "employee", "Karyawan perusahaan"


# What a verifier reads on a flag: why this list stops funding.
LIST_REASONS = {
    ListKind.OTHER_FUNDER: "Sudah dibiayai pihak lain; iuran ganda tidak boleh.",
    ListKind.GN_LINGKARAN: "Sudah dibiayai GN Lingkaran/CSR; iuran ganda tidak boleh.",
    ListKind.BPJS_ACTIVE: "Sudah peserta aktif BPJS Ketenagakerjaan.",
    ListKind.CIVIL_SERVANT: "Tercatat sebagai ASN/PPPK, bukan pekerja rentan.",
    ListKind.DECEASED: "Tercatat meninggal di Dukcapil.",
    ListKind.EMPLOYEE: "Tercatat sebagai karyawan perusahaan (penerima upah).",
}


class ReferenceList(models.Model):
    """A list from outside (another funder, BPJS, BKPSDM, Dukcapil, a company) to check the registry against."""

    name = models.CharField("nama daftar", max_length=200)
    kind = models.CharField("jenis", max_length=20, choices=ListKind.choices)
    note = models.TextField("keterangan", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "daftar pembanding"
        verbose_name_plural = "daftar pembanding"
        constraints = [models.CheckConstraint(condition=Q(kind__in=ListKind.values), name="reference_kind_valid")]

    def __str__(self) -> str:
        return self.name

    @property
    def reason(self) -> str:
        return LIST_REASONS[self.kind]


class ReferenceRow(models.Model):
    """One line of a reference list, kept as read so a flag can show what matched."""

    reference_list = models.ForeignKey(ReferenceList, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField("baris")
    nik = models.CharField(max_length=40, blank=True)
    kk_number = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=10, blank=True)
    birth_date = models.CharField(max_length=20, blank=True)
    village_code = models.CharField(max_length=20, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["reference_list", "line"]
        constraints = [models.UniqueConstraint(fields=["reference_list", "line"], name="reference_row_line_unique")]

    def __str__(self) -> str:
        return f"{self.reference_list_id}:{self.line} {self.name}"


class FlagStatus(models.TextChoices):
    ACTIVE = "active", "Memblokir"
    CLEARED = "cleared", "Dibersihkan"


class FlagQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view") -> "FlagQuerySet":
        return scope_of(user).filter(self, "person__village_id", action)

    def active(self) -> "FlagQuerySet":
        return self.filter(status=FlagStatus.ACTIVE)


class PersonFlag(models.Model):
    """A registry person found on a reference list; it blocks enrollment until a verifier clears it."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="dedup_flags")
    reference_row = models.ForeignKey(ReferenceRow, on_delete=models.PROTECT, related_name="flags")
    reference_list = models.ForeignKey(ReferenceList, on_delete=models.PROTECT, related_name="flags")
    reason = models.CharField("alasan", max_length=200)
    score = models.FloatField("kekuatan kecocokan")
    evidence = models.JSONField("bukti", default=dict)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.ACTIVE)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    clear_reason = models.TextField("alasan dibersihkan", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "tanda daftar pembanding"
        verbose_name_plural = "tanda daftar pembanding"
        indexes = [models.Index(fields=["person", "status"], name="flag_person_status")]
        constraints = [
            models.UniqueConstraint(fields=["person", "reference_row"], name="flag_person_row_unique"),
            models.CheckConstraint(condition=Q(status__in=FlagStatus.values), name="flag_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} di {self.reference_list_id}"

    @property
    def percent(self) -> int:
        return round(100 * self.score)

    def is_active(self) -> bool:
        return self.status == FlagStatus.ACTIVE
