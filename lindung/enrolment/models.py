from django.conf import settings
from django.db import models

from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of


class MembershipStatus(models.TextChoices):
    TO_SEND = "to_send", "Belum dikirim ke BPJS"
    SENT = "sent", "Terkirim ke BPJS"
    ACTIVE = "active", "Aktif"
    REFUSED = "refused", "Ditolak BPJS"
    ENDED = "ended", "Berakhir"


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view") -> "MembershipQuerySet":
        """Region roles see the memberships of people in their regions; a sponsor those its funders pay."""
        scope = scope_of(user)
        if scope.has_role(Role.SPONSOR) and not scope.can(action):
            return self.filter(funder__users__user=user)
        return scope.filter(self, "person__village_id", action)

    def active(self) -> "MembershipQuerySet":
        return self.filter(status=MembershipStatus.ACTIVE)


class Membership(models.Model):
    """One person's BPJS Ketenagakerjaan membership in one programme year, under one funder's wadah.

    Made from the approved allocation: the funder pays the months in `months_mask` (bit 0 = the
    period's first month). The KPJ number and the start date are what BPJS recorded; both are opaque
    to us (domain.md §4, §9).
    """

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear", on_delete=models.PROTECT, related_name="memberships", verbose_name="tahun program"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="memberships", verbose_name="pekerja"
    )
    funder = models.ForeignKey(
        "funding.Funder", on_delete=models.PROTECT, related_name="memberships", verbose_name="penyandang dana"
    )
    months_mask = models.IntegerField("bulan yang dibiayai", default=0)
    kpj = models.CharField("nomor KPJ", max_length=30, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.TO_SEND
    )
    refused_reason = models.CharField("alasan penolakan BPJS", max_length=300, blank=True)
    bpjs_start_date = models.DateField("mulai kepesertaan menurut BPJS", null=True, blank=True)
    # The last month (1-based index of the period) the funder pays for, once the membership ends.
    ended_month = models.PositiveSmallIntegerField("berakhir setelah bulan ke-", null=True, blank=True)
    ended_on = models.DateField("tanggal peristiwa", null=True, blank=True)
    end_cause = models.CharField("sebab berakhir", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "kepesertaan"
        verbose_name_plural = "kepesertaan"
        # One KPJ belongs to one person (a person split over two funders keeps one KPJ): the reply
        # service refuses a KPJ already given to someone else; the index makes that check cheap.
        indexes = [
            models.Index(fields=["kpj"], name="membership_kpj"),
            models.Index(fields=["funder", "status"], name="membership_funder_status"),
            models.Index(fields=["person", "programme_year"], name="membership_person_year"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["programme_year", "person", "funder"], name="membership_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=MembershipStatus.values), name="membership_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.funder_id} · {self.get_status_display()}"

    def month_indexes(self) -> list[int]:
        return [i + 1 for i in range(12) if self.months_mask >> i & 1]


class BatchKind(models.TextChoices):
    INITIAL = "initial", "Pendaftaran awal"
    CHANGES = "changes", "Perubahan"


class BatchStatus(models.TextChoices):
    APPROVED = "approved", "Disetujui, belum dikirim"
    SENT = "sent", "Terkirim ke BPJS"
    ANSWERED = "answered", "Sudah dibalas BPJS"


class BatchQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BatchQuerySet":
        """Office roles see every batch; a sponsor its own funder's; region roles the batches naming their people."""
        scope = scope_of(user)
        if scope.has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR):
            return self
        if scope.has_role(Role.SPONSOR) and not scope.can("view"):
            return self.filter(funder__users__user=user)
        if not scope.can("view"):
            return self.none()
        return self.filter(pk__in=scope.filter(BatchRow.objects.all(), "village_code").values("batch_id"))


class EnrolmentBatch(models.Model):
    """One numbered list a funder sends to the BPJS branch: the first registration or later changes.

    Its roster is copied at approval and never changes once sent (domain.md §9: the branch keys in
    what it received; what we sent must stay provable).
    """

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear", on_delete=models.PROTECT, related_name="enrolment_batches"
    )
    funder = models.ForeignKey("funding.Funder", on_delete=models.PROTECT, related_name="enrolment_batches")
    number = models.PositiveIntegerField("nomor kiriman")
    kind = models.CharField("jenis", max_length=10, choices=BatchKind.choices)
    status = models.CharField("status", max_length=10, choices=BatchStatus.choices, default=BatchStatus.APPROVED)
    wadah_type = models.CharField("jenis wadah", max_length=2)
    wadah_code = models.CharField("ID wadah", max_length=60, blank=True)
    counts = models.JSONField("jumlah per tindakan", default=dict, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    approved_at = models.DateTimeField("disetujui pada")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField("dikirim pada", null=True, blank=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        ordering = ["funder", "number"]
        verbose_name = "kiriman ke BPJS"
        verbose_name_plural = "kiriman ke BPJS"
        constraints = [
            models.UniqueConstraint(fields=["funder", "number"], name="enrolmentbatch_unique_number"),
            models.CheckConstraint(condition=models.Q(kind__in=BatchKind.values), name="enrolmentbatch_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(status__in=BatchStatus.values), name="enrolmentbatch_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Kiriman {self.number} {self.funder.name} ({self.programme_year.year})"

    @property
    def is_sent(self) -> bool:
        return self.status != BatchStatus.APPROVED

    @property
    def label(self) -> str:
        kind = self.get_kind_display().lower()
        return f"kiriman {self.number} ({kind}) {self.funder.name} tahun {self.programme_year.year}"


class RowAction(models.TextChoices):
    ADD = "add", "Tambah"
    REMOVE = "remove", "Hapus"
    AMEND = "amend", "Ubah data"


class ReplyStatus(models.TextChoices):
    NONE = "", "Belum dijawab"
    ACCEPTED = "accepted", "Diterima"
    REFUSED = "refused", "Ditolak"


class BatchRow(models.Model):
    """One person in a batch, with the data as it was sent, and the branch's answer for them."""

    batch = models.ForeignKey(EnrolmentBatch, on_delete=models.PROTECT, related_name="rows")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="batch_rows")
    action = models.CharField("tindakan", max_length=10, choices=RowAction.choices)
    # The roster as sent, copied at approval: later corrections in the registry never rewrite it.
    nik = models.CharField("NIK", max_length=16)
    name = models.CharField("nama", max_length=150)
    birth_place = models.CharField("tempat lahir", max_length=100, blank=True)
    birth_date = models.DateField("tanggal lahir")
    sex = models.CharField("jenis kelamin", max_length=1)
    address = models.CharField("alamat", max_length=250, blank=True)
    village_code = models.CharField("kode desa", max_length=13)
    village_name = models.CharField("desa/kelurahan", max_length=100, blank=True)
    district_name = models.CharField("kecamatan", max_length=100, blank=True)
    phone = models.CharField("no. HP", max_length=20, blank=True)
    occupation = models.CharField("pekerjaan", max_length=100)
    segment = models.CharField("segmen", max_length=3, blank=True)
    income = models.PositiveIntegerField("penghasilan (Rp)")
    programmes = models.CharField("program", max_length=30)
    period_start = models.DateField("mulai")
    period_end = models.DateField("sampai (bulan terakhir)")
    kpj = models.CharField("nomor KPJ", max_length=30, blank=True)
    event_on = models.DateField("tanggal peristiwa", null=True, blank=True)
    note = models.CharField("keterangan", max_length=200, blank=True)
    # The branch's answer.
    reply_status = models.CharField(
        "jawaban BPJS", max_length=10, choices=ReplyStatus.choices, default=ReplyStatus.NONE, blank=True
    )
    reply_kpj = models.CharField("KPJ dari BPJS", max_length=30, blank=True)
    reply_reason = models.CharField("alasan BPJS", max_length=300, blank=True)
    reply_start = models.DateField("mulai menurut BPJS", null=True, blank=True)

    class Meta:
        ordering = ["batch", "village_code", "name", "id"]
        verbose_name = "baris kiriman"
        verbose_name_plural = "baris kiriman"
        indexes = [
            models.Index(fields=["batch", "nik"], name="batchrow_batch_nik"),
            models.Index(fields=["nik"], name="batchrow_nik"),
            models.Index(fields=["membership", "action"], name="batchrow_membership_action"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["batch", "membership"], name="batchrow_one_per_membership"),
            models.CheckConstraint(condition=models.Q(action__in=RowAction.values), name="batchrow_action_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id} · {self.get_action_display()} · {self.name}"


class BatchReplyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BatchReplyQuerySet":
        """A reply names every person of its batch: only those who may send batches see it."""
        if not scope_of(user).can("manage"):
            return self.none()
        return self


class BatchReply(models.Model):
    """A reply file from the branch applied to a batch (the same file twice is recognised by its hash)."""

    batch = models.ForeignKey(EnrolmentBatch, on_delete=models.PROTECT, related_name="replies")
    sha256 = models.CharField(max_length=64)
    filename = models.CharField("nama berkas", max_length=255)
    result = models.JSONField("hasil", default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = BatchReplyQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "balasan BPJS"
        verbose_name_plural = "balasan BPJS"
        constraints = [models.UniqueConstraint(fields=["batch", "sha256"], name="batchreply_unique_file")]

    def __str__(self) -> str:
        return f"Balasan {self.filename} untuk {self.batch_id}"


DATE_FORMATS = (
    ("%d-%m-%Y", "31-12-1980"),
    ("%d/%m/%Y", "31/12/1980"),
    ("%Y-%m-%d", "1980-12-31"),
    ("%d%m%Y", "31121980"),
)


class ExportProfileQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ExportProfileQuerySet":
        return self if scope_of(user).can("manage") else self.none()


class ExportProfile(models.Model):
    """The column layout of the file a branch takes: which fields, under which headers, in which order.

    The official wadah template is not public (domain.md §9), so the admin keeps the layout here.
    """

    name = models.CharField("nama", max_length=100, unique=True)
    columns = models.JSONField("kolom", default=list, help_text='[{"field": "nik", "header": "NIK"}, …]')
    date_format = models.CharField("format tanggal", max_length=10, choices=DATE_FORMATS, default="%d-%m-%Y")
    is_default = models.BooleanField("profil bawaan", default=False)
    note = models.TextField("catatan", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExportProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = "profil berkas kiriman"
        verbose_name_plural = "profil berkas kiriman"

    def __str__(self) -> str:
        return self.name


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Diusulkan dikeluarkan"
    CONFIRMED = "confirmed", "Dikeluarkan (dikonfirmasi)"
    KEPT = "kept", "Tetap (ditolak verifikator)"


class RemovalProposalQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view") -> "RemovalProposalQuerySet":
        return scope_of(user).filter(self, "person__village_id", action)


class RemovalProposal(models.Model):
    """The eligibility re-check's proposal to take someone off a year's roster, for a verifier to decide."""

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear", on_delete=models.CASCADE, related_name="removal_proposals"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="removal_proposals")
    membership = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cause = models.CharField("sebab", max_length=20)
    reasons = models.JSONField("alasan", default=list)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("catatan verifikator", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RemovalProposalQuerySet.as_manager()

    class Meta:
        ordering = ["programme_year", "status", "id"]
        verbose_name = "usulan pengeluaran"
        verbose_name_plural = "usulan pengeluaran"
        constraints = [
            models.UniqueConstraint(fields=["programme_year", "person"], name="removalproposal_one_per_person"),
            models.CheckConstraint(
                condition=models.Q(status__in=ProposalStatus.values), name="removalproposal_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.get_status_display()}"
