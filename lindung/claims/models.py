from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.errors import DomainError
from lindung.lib import benefits
from lindung.lib.formatting import tanggal
from lindung.regions.models import below

# -- dated configuration -----------------------------------------------------------------------

# Rule fields domain.md marks UNCONFIRMED or that are our own working assumption.
RULE_FIELDS = (
    "jkm_lump_sum",
    "jkm_periodic",
    "jkm_funeral",
    "jkm_min_months",
    "jkk_death_multiplier",
    "jkk_death_funeral",
    "jkk_death_periodic",
    "total_disability_multiplier",
    "partial_disability_multiplier",
    "stmb_full_months",
    "stmb_full_percent",
    "stmb_after_percent",
    "scholarship_max_children",
    "scholarship_min_months",
    "scholarship_end_age",
    "school_start_age",
    "school_year_start_month",
    "jkk_claim_years",
    "stage1_report_hours",
    "bpjs_pay_working_days",
)


class BenefitRules(models.Model):
    """The benefit amounts and clocks in force from a date, each with its source (domain.md §3)."""

    valid_from = models.DateField("berlaku sejak", unique=True)
    source = models.TextField("sumber")
    jkm_lump_sum = models.BigIntegerField("JKM: santunan sekaligus (Rp)")
    jkm_periodic = models.BigIntegerField("JKM: santunan berkala (Rp)")
    jkm_funeral = models.BigIntegerField("JKM: biaya pemakaman (Rp)")
    jkm_min_months = models.PositiveSmallIntegerField("JKM: minimal bulan iuran")
    jkk_death_multiplier = models.PositiveSmallIntegerField("JKK meninggal: kali penghasilan")
    jkk_death_funeral = models.BigIntegerField("JKK meninggal: biaya pemakaman (Rp)")
    jkk_death_periodic = models.BigIntegerField("JKK meninggal: santunan berkala (Rp)")
    total_disability_multiplier = models.PositiveSmallIntegerField("cacat total tetap: kali penghasilan")
    partial_disability_multiplier = models.PositiveSmallIntegerField("cacat sebagian: kali penghasilan")
    stmb_full_months = models.PositiveSmallIntegerField("STMB: bulan dengan upah penuh")
    stmb_full_percent = models.PositiveSmallIntegerField("STMB: persen pada bulan awal")
    stmb_after_percent = models.PositiveSmallIntegerField("STMB: persen sesudahnya")
    scholarship_levels = models.JSONField(
        "beasiswa per jenjang", help_text='{"TK": [1500000, 2], ...}: jumlah per anak per tahun, lama maksimal'
    )
    scholarship_max_children = models.PositiveSmallIntegerField("beasiswa: anak paling banyak")
    scholarship_min_months = models.PositiveSmallIntegerField("beasiswa: minimal bulan iuran")
    scholarship_end_age = models.PositiveSmallIntegerField("beasiswa: berakhir pada usia")
    school_start_age = models.PositiveSmallIntegerField("usia masuk TK")
    school_year_start_month = models.PositiveSmallIntegerField("bulan awal tahun ajaran")
    jkk_claim_years = models.PositiveSmallIntegerField("JKK: hak klaim gugur setelah (tahun)")
    stage1_report_hours = models.PositiveSmallIntegerField("JKK: laporan tahap I paling lambat (jam)")
    bpjs_pay_working_days = models.PositiveSmallIntegerField("BPJS membayar paling lambat (hari kerja)")
    unconfirmed = models.JSONField(
        "belum dikonfirmasi", default=list, blank=True, help_text="Nama kolom yang belum dikonfirmasi sumber primer."
    )

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "aturan manfaat"
        verbose_name_plural = "aturan manfaat"

    def __str__(self) -> str:
        return f"Aturan manfaat sejak {self.valid_from:%d-%m-%Y}"

    @classmethod
    def in_force(cls, on: date) -> "BenefitRules":
        rules = cls.objects.filter(valid_from__lte=on).first()
        if rules is None:
            # Amounts before the first row were different (PP 44/2015 before PP 82/2019): never guess them.
            raise DomainError(
                f"Aturan manfaat untuk tanggal {tanggal(on)} belum diisi; "
                "admin kabupaten menambahkannya di menu Aturan (Aturan manfaat)."
            )
        return rules

    def as_pure(self) -> benefits.Rules:
        return benefits.Rules(
            **{f: getattr(self, f) for f in RULE_FIELDS},
            scholarship_levels={k: (int(v[0]), int(v[1])) for k, v in self.scholarship_levels.items()},
        )

    def is_unconfirmed(self, *fields: str) -> bool:
        return any(f in self.unconfirmed for f in fields)


# -- claims ------------------------------------------------------------------------------------


class Kind(models.TextChoices):
    JKM = "jkm", "JKM (meninggal bukan karena kerja)"
    JKK_TREATMENT = "jkk_treatment", "JKK: pengobatan dan perawatan"
    JKK_STMB = "jkk_stmb", "JKK: sementara tidak mampu bekerja (STMB)"
    JKK_DISABILITY = "jkk_disability", "JKK: cacat tetap"
    JKK_DEATH = "jkk_death", "JKK: meninggal karena kecelakaan kerja"
    SCHOLARSHIP = "scholarship", "Beasiswa anak"


DEATH_KINDS = (Kind.JKM, Kind.JKK_DEATH)
JKK_KINDS = (Kind.JKK_TREATMENT, Kind.JKK_STMB, Kind.JKK_DISABILITY, Kind.JKK_DEATH)
# The programme a claim counts under in the figures.
PROGRAMME = {
    Kind.JKM: "JKM",
    Kind.JKK_TREATMENT: "JKK",
    Kind.JKK_STMB: "JKK",
    Kind.JKK_DISABILITY: "JKK",
    Kind.JKK_DEATH: "JKK",
    Kind.SCHOLARSHIP: "Beasiswa",
}


class ClaimStatus(models.TextChoices):
    REPORTED = "reported", "Dilaporkan"
    CHECKED = "checked", "Diperiksa Dinas: layak"
    NOT_ELIGIBLE = "not_eligible", "Tidak memenuhi syarat"
    RECOMMENDED = "recommended", "Direkomendasikan ke BPJS"
    SUBMITTED = "submitted", "Diajukan ke BPJS"
    PAID = "paid", "Dibayar BPJS"
    REFUSED = "refused", "Ditolak BPJS"


OPEN_STATUSES = (ClaimStatus.REPORTED, ClaimStatus.CHECKED, ClaimStatus.RECOMMENDED, ClaimStatus.SUBMITTED)
# Where the file waits: at the labour office (and the heirs it helps), or at BPJS.
AT_LABOUR_OFFICE = (ClaimStatus.REPORTED, ClaimStatus.CHECKED, ClaimStatus.RECOMMENDED)
AT_BPJS = (ClaimStatus.SUBMITTED,)
CLOSED_UNPAID = (ClaimStatus.NOT_ELIGIBLE, ClaimStatus.REFUSED)


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = Action.VIEW) -> "ClaimQuerySet":
        """Region roles see the claims of their villages; a sponsor sees none here (only its figures)."""
        return scope_of(user).filter(self, "village_id", action)

    def in_region(self, code: str) -> "ClaimQuerySet":
        return self.filter(below("village_id", code))

    def open(self) -> "ClaimQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date) -> "ClaimQuerySet":
        """Submitted to BPJS and not paid within its 7 working days."""
        return self.filter(status=ClaimStatus.SUBMITTED, bpjs_due_on__lt=today)


class Claim(models.Model):
    """A benefit claim for a registered worker, from the event to BPJS's payment or refusal."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="claims", verbose_name="pekerja")
    kind = models.CharField("jenis klaim", max_length=20, choices=Kind.choices)
    # Copied from the person at the report: the region a claim is scoped and counted by.
    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="desa/kelurahan", db_index=False
    )
    event_date = models.DateField("tanggal peristiwa")
    event_time = models.TimeField("jam peristiwa", null=True, blank=True)
    place = models.CharField("tempat peristiwa", max_length=200)
    account = models.TextField("kronologi singkat")
    # The scholarship follows a death or total disability claim.
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="followed_by", verbose_name="klaim asal"
    )
    school_year = models.PositiveSmallIntegerField("tahun ajaran", null=True, blank=True)
    # What the amount depends on, by kind.
    declared_income = models.PositiveIntegerField("penghasilan dilaporkan (Rp)")
    treatment_cost = models.BigIntegerField("biaya pengobatan (Rp)", null=True, blank=True)
    stmb_months = models.PositiveSmallIntegerField("lama tidak mampu bekerja (bulan)", null=True, blank=True)
    disability_percent = models.PositiveSmallIntegerField("persen cacat", null=True, blank=True)

    # Coverage at the event, as the ledger answered when the claim was reported.
    covered = models.BooleanField("terlindungi pada tanggal peristiwa", default=False)
    covered_since = models.DateField("terlindungi sejak", null=True, blank=True)
    coverage_reason = models.TextField("keterangan perlindungan", blank=True)
    membership = models.ForeignKey(
        "enrolment.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    funder = models.ForeignKey(
        "funding.Funder", on_delete=models.PROTECT, null=True, blank=True, related_name="claims", db_index=False
    )
    kpj = models.CharField("nomor KPJ", max_length=30, blank=True)
    months_paid = models.PositiveIntegerField("bulan iuran sampai peristiwa", default=0)
    rules = models.ForeignKey(BenefitRules, on_delete=models.PROTECT, related_name="+", verbose_name="aturan manfaat")
    checks = models.JSONField("syarat dan alasannya", default=list, blank=True)
    entitlement = models.BigIntegerField("hak menurut aturan (Rp)", default=0)
    entitlement_parts = models.JSONField("rincian hak", default=list, blank=True)
    # Reference-list matches that show another BPJS membership: BPJS pays both (domain.md §9).
    other_memberships = models.JSONField("kepesertaan lain", default=list, blank=True)

    status = models.CharField("status", max_length=15, choices=ClaimStatus.choices, default=ClaimStatus.REPORTED)
    status_reason = models.TextField("alasan", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    reported_at = models.DateTimeField("dilaporkan pada")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    checked_at = models.DateTimeField("diperiksa pada", null=True, blank=True)
    recommended_at = models.DateTimeField("direkomendasikan pada", null=True, blank=True)
    documents_complete_on = models.DateField("berkas lengkap pada", null=True, blank=True)
    submitted_on = models.DateField("diajukan ke BPJS pada", null=True, blank=True)
    bpjs_receipt = models.CharField("nomor tanda terima BPJS", max_length=60, blank=True)
    bpjs_due_on = models.DateField("batas bayar BPJS", null=True, blank=True)
    paid_on = models.DateField("dibayar pada", null=True, blank=True)
    paid_amount = models.BigIntegerField("jumlah dibayar (Rp)", null=True, blank=True)
    refused_on = models.DateField("ditolak BPJS pada", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = "klaim santunan"
        verbose_name_plural = "klaim santunan"
        indexes = [
            models.Index(fields=["village", "reported_at"], name="claim_village_reported"),
            models.Index(fields=["status", "village"], name="claim_status_village"),
            models.Index(fields=["reported_at", "id"], name="claim_reported_order"),
            models.Index(fields=["person", "kind"], name="claim_person_kind"),
            models.Index(fields=["funder", "status"], name="claim_funder_status"),
            models.Index(fields=["bpjs_due_on"], condition=Q(status="submitted"), name="claim_bpjs_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="claim_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True) | Q(paid_amount__lte=models.F("entitlement")),
                name="claim_paid_within_entitlement",
            ),
            # A person dies once: one live death claim (a refused one may be followed by another kind).
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kind__in=["jkm", "jkk_death"]) & ~Q(status__in=["not_eligible", "refused"]),
                name="claim_one_death_per_person",
                violation_error_message="Sudah ada klaim kematian untuk pekerja ini.",
            ),
            models.UniqueConstraint(
                fields=["person", "school_year"],
                condition=Q(kind="scholarship") & ~Q(status__in=["not_eligible", "refused"]),
                name="claim_one_scholarship_per_year",
                violation_error_message="Sudah ada klaim beasiswa untuk tahun ajaran ini.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person_id} · {self.event_date:%d-%m-%Y}"

    @property
    def programme(self) -> str:
        return PROGRAMME[self.kind]

    @property
    def district_code(self) -> str:
        return self.village_id[:8]

    def is_death(self) -> bool:
        return self.kind in DEATH_KINDS

    def is_jkk(self) -> bool:
        return self.kind in JKK_KINDS

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_payable(self) -> bool:
        return self.status == ClaimStatus.SUBMITTED

    def is_overdue(self, today: date) -> bool:
        return self.status == ClaimStatus.SUBMITTED and self.bpjs_due_on is not None and self.bpjs_due_on < today


# -- heirs -------------------------------------------------------------------------------------


class Relation(models.TextChoices):
    # In the order of PP 44/2015 Pasal 37(5) (domain.md §3); the rank below keeps that order.
    SPOUSE = "spouse", "Janda/duda (suami atau istri)"
    CHILD = "child", "Anak"
    DIRECT_LINE = "direct_line", "Keluarga sedarah garis lurus sampai derajat kedua (orang tua, kakek/nenek, cucu)"
    SIBLING = "sibling", "Saudara kandung"
    PARENT_IN_LAW = "parent_in_law", "Mertua"
    WILL = "will", "Pihak yang ditunjuk dalam wasiat"
    FUNERAL = "funeral", "Pihak yang mengurus pemakaman (biaya pemakaman saja)"


# Widow, widower and child share the first rank; each later group inherits only when none before it exists.
RELATION_RANK = {
    Relation.SPOUSE: 1,
    Relation.CHILD: 1,
    Relation.DIRECT_LINE: 2,
    Relation.SIBLING: 3,
    Relation.PARENT_IN_LAW: 4,
    Relation.WILL: 5,
    Relation.FUNERAL: 6,
}


class Heir(models.Model):
    """Someone who may receive a claim's money, with the bank account BPJS transfers to."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="heirs")
    name = models.CharField("nama", max_length=150)
    nik = models.CharField("NIK", max_length=16, blank=True)
    relation = models.CharField("hubungan", max_length=15, choices=Relation.choices)
    rank = models.PositiveSmallIntegerField("urutan")
    bank_name = models.CharField("bank", max_length=60, blank=True)
    account_number = models.CharField("nomor rekening", max_length=30, blank=True)
    account_holder = models.CharField("nama pemilik rekening", max_length=150, blank=True)
    phone = models.CharField("no. HP", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rank", "id"]
        verbose_name = "ahli waris"
        verbose_name_plural = "ahli waris"
        constraints = [models.CheckConstraint(condition=Q(relation__in=Relation.values), name="heir_relation_valid")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class SchoolLevel(models.TextChoices):
    NONE = benefits.NOT_IN_SCHOOL, "Belum sekolah"
    TK = "TK", "TK"
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", "SMA/SMK"
    PT = "PT", "Perguruan tinggi (sampai S1) atau pelatihan"


class Child(models.Model):
    """A child registered for the scholarship of a claim (at most two)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="children")
    name = models.CharField("nama anak", max_length=150)
    nik = models.CharField("NIK", max_length=16, blank=True)
    birth_date = models.DateField("tanggal lahir")
    level = models.CharField("jenjang sekolah", max_length=6, choices=SchoolLevel.choices)
    grade = models.PositiveSmallIntegerField("tahun ke- di jenjang ini", default=1)
    ended_on = models.DateField("berhenti (menikah/bekerja) pada", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["birth_date", "id"]
        verbose_name = "anak penerima beasiswa"
        verbose_name_plural = "anak penerima beasiswa"
        constraints = [
            models.CheckConstraint(condition=Q(level__in=SchoolLevel.values), name="child_level_valid"),
            models.CheckConstraint(condition=Q(grade__gte=1), name="child_grade_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def as_pure(self) -> benefits.Child:
        return benefits.Child(self.name, self.birth_date, self.level, self.grade, self.ended_on)


# -- documents ---------------------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    MEMBERSHIP_CARD = "membership_card", "Kartu peserta BPJS Ketenagakerjaan"
    KTP_WORKER = "ktp_worker", "KTP pekerja"
    KTP_HEIR = "ktp_heir", "KTP ahli waris"
    KK = "kk", "Kartu keluarga (KK)"
    DEATH_CERTIFICATE = "death_certificate", "Akta/surat kematian"
    HEIR_CERTIFICATE = "heir_certificate", "Surat keterangan ahli waris dari pejabat berwenang"
    MARRIAGE_BOOK = "marriage_book", "Buku nikah (bila ahli waris suami/istri)"
    CHRONOLOGY = "chronology", "Kronologi kejadian ditandatangani dua saksi"
    DOCTOR_STATEMENT = "doctor_statement", "Surat keterangan dokter pemeriksa/penasihat"
    RECEIPTS = "receipts", "Kuitansi pengobatan dan transportasi"
    CLAIM_FORM = "claim_form", "Formulir beasiswa"
    BIRTH_CERTIFICATE = "birth_certificate", "Akta kelahiran anak"
    SCHOOL_CERTIFICATE = "school_certificate", "Surat keterangan sekolah / kuliah"
    REPORT_CARD = "report_card", "Rapor atau transkrip terakhir"
    CHILD_ACCOUNT = "child_account", "Buku rekening atas nama anak atau wali"
    OTHER = "other", "Dokumen pendukung lain"


class DocumentState(models.TextChoices):
    MISSING = "missing", "Belum ada"
    RECEIVED = "received", "Diterima"
    NOT_NEEDED = "not_needed", "Tidak diperlukan"


class Document(models.Model):
    """One line of a claim's checklist, with the file that fulfils it when one was uploaded."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("dokumen", max_length=20, choices=DocumentKind.choices)
    state = models.CharField("keadaan", max_length=10, choices=DocumentState.choices, default=DocumentState.MISSING)
    note = models.CharField("catatan", max_length=300, blank=True)
    # Relative to the claims storage folder under the var dir, never under the web root.
    stored_name = models.CharField(max_length=200, blank=True)
    original_name = models.CharField("nama berkas", max_length=200, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["claim", "id"]
        verbose_name = "dokumen klaim"
        verbose_name_plural = "dokumen klaim"
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind"], name="document_claim_kind_unique"),
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=DocumentState.values), name="document_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_state_display()}"

    def has_file(self) -> bool:
        return bool(self.stored_name)
