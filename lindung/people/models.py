from datetime import date

from django.conf import settings
from django.db import models

from lindung.accounts.scoping import scope_of
from lindung.lib.formatting import age_on
from lindung.lib.nik import mask_nik
from lindung.people.lookups import AnyOf
from lindung.regions.models import below


class Sex(models.TextChoices):
    MALE = "L", "Laki-laki"
    FEMALE = "P", "Perempuan"


class Segment(models.TextChoices):
    BPU = "BPU", "BPU (bukan penerima upah)"
    PU = "PU", "PU (penerima upah)"


class Occupation(models.TextChoices):
    PETANI = "petani", "Petani"
    PEKEBUN = "pekebun", "Pekebun"
    NELAYAN = "nelayan", "Nelayan"
    PETERNAK = "peternak", "Peternak"
    BURUH_HARIAN_LEPAS = "buruh_harian_lepas", "Buruh harian lepas"
    PEDAGANG_KECIL = "pedagang_kecil", "Pedagang kecil"
    OJEK = "ojek", "Ojek"
    # The rest of the occupations Kukar funds (domain.md §4, kaltimkita 2022).
    TUKANG_PIJAT = "tukang_pijat", "Tukang pijat"
    GURU_NGAJI = "guru_ngaji", "Guru ngaji"
    PEMULUNG = "pemulung", "Pemulung"
    PENJAGA_TAMBAK = "penjaga_tambak", "Penjaga tambak"
    TENAGA_HONORER = "tenaga_honorer", "Tenaga honorer"
    KETUA_RT_RW = "ketua_rt_rw", "Ketua RT/RW"
    KEPALA_DESA = "kepala_desa", "Kepala desa"
    PERANGKAT_DESA = "perangkat_desa", "Perangkat desa"
    ANGGOTA_BPD = "anggota_bpd", "Anggota BPD"
    IMAM_MARBOT = "imam_marbot", "Imam/marbot masjid"
    PEMUKA_AGAMA = "pemuka_agama", "Pemuka agama lain"
    LAINNYA = "lainnya", "Lainnya"


_OCCUPATION_LABELS = dict(Occupation.choices)


def occupation_shown(code: str, other: str = "", written: str = "") -> str:
    """The occupation as the list wrote it beside its category: "Imam Masjid (Imam/marbot masjid)".

    Exports and the decree list show both: the category decides funding, the words are what the
    village and the worker recognise. Words that only repeat the category are shown once.
    """
    label = _OCCUPATION_LABELS.get(code, code or "")
    words = (written or (other if code == Occupation.LAINNYA else "")).strip()
    if not words or words.casefold() == label.casefold():
        return f"Lainnya: {other}" if code == Occupation.LAINNYA and other else label
    return f"{words} ({label})" if label else words


# Domain.md §1: people working for a penyelenggara negara are PU in law.
PU_OCCUPATIONS = frozenset(
    {
        Occupation.TENAGA_HONORER,
        Occupation.KETUA_RT_RW,
        Occupation.KEPALA_DESA,
        Occupation.PERANGKAT_DESA,
        Occupation.ANGGOTA_BPD,
    }
)


class Status(models.TextChoices):
    PROPOSED = "proposed", "Diusulkan"
    VERIFIED = "verified", "Diverifikasi"
    REJECTED = "rejected", "Ditolak"
    DECEASED = "deceased", "Meninggal"
    MOVED = "moved", "Pindah"
    MERGED = "merged", "Digabung"


_STATUS_LABELS = dict(Status.choices)
_OCCUPATION_LABELS = dict(Occupation.choices)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view") -> "PersonQuerySet":
        return scope_of(user).filter(self, "village_id", action)

    def in_region(self, code: str) -> "PersonQuerySet":
        return self.filter(below("village_id", code))

    def with_status(self, status: str) -> "PersonQuerySet":
        return self.filter(status=status)

    def aged_between(self, low: int | None, high: int | None, *, on: date) -> "PersonQuerySet":
        qs = self
        if low is not None:
            qs = qs.filter(birth_date__lte=_years_before(on, low))
        if high is not None:
            # Someone aged `high` is born after the day `high + 1` years before `on`.
            qs = qs.filter(birth_date__gt=_years_before(on, high + 1))
        return qs


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


class Person(models.Model):
    """A worker in the regency's registry: one per NIK."""

    # Unique through Meta.constraints: unique=True would add a second, LIKE-only index on
    # PostgreSQL that every bulk import maintains and no query uses (NIK prefixes are ranges).
    nik = models.CharField("NIK", max_length=16)
    kk_number = models.CharField("No. KK", max_length=16, blank=True)
    name = models.CharField("nama", max_length=150)
    name_key = models.CharField(max_length=150, editable=False)
    sex = models.CharField("jenis kelamin", max_length=1, choices=Sex.choices)
    birth_place = models.CharField("tempat lahir", max_length=100, blank=True)
    birth_date = models.DateField("tanggal lahir", db_index=True)
    # Indexed through person_village_name, whose first column serves equality and ranges alike.
    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="desa/kelurahan", db_index=False
    )
    rt = models.CharField("RT", max_length=3, blank=True)
    rw = models.CharField("RW", max_length=3, blank=True)
    street = models.CharField("alamat", max_length=200, blank=True)
    phone = models.CharField("no. HP", max_length=20, blank=True)
    occupation = models.CharField("pekerjaan", max_length=30, choices=Occupation.choices)
    occupation_other = models.CharField("pekerjaan lainnya", max_length=100, blank=True)
    # As the village list wrote it ("Guru Ngaji", "Tukang Pijat"), beside the category it maps to.
    occupation_written = models.CharField("pekerjaan (sesuai daftar)", max_length=100, blank=True)
    segment = models.CharField("segmen", max_length=3, choices=Segment.choices)
    declared_income = models.PositiveIntegerField("penghasilan dilaporkan (Rp)", default=1_000_000)

    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PROPOSED)
    status_reason = models.TextField("alasan status", blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # The day a worker died or moved away, as the family or village reported it: cover runs to the
    # end of that month (enrolment.services.record_death/record_move), so the day itself matters.
    closed_on = models.DateField("tanggal meninggal/pindah", null=True, blank=True)
    warnings = models.JSONField("peringatan", default=list, blank=True)
    # A duplicate merged into another record keeps its row and history and points at the survivor.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name="digabung ke",
        db_index=False,  # a partial index below: only merged records are ever looked up by it
    )
    # A verifier confirmed that the NIK's embedded date/sex genuinely differs (a NIK is for life).
    nik_discrepancy_note = models.TextField("catatan perbedaan NIK", blank=True)
    # Who proposed, verified or confirmed: shown on the record, never searched by, so no index
    # for every insert to maintain (deleting a user, which PROTECT refuses anyway, scans instead).
    nik_discrepancy_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diusulkan oleh",
        db_index=False,
    )
    proposed_at = models.DateTimeField("diusulkan pada", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diverifikasi oleh",
        db_index=False,
    )
    verified_at = models.DateTimeField("diverifikasi pada", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "pekerja"
        verbose_name_plural = "pekerja"
        ordering = ["name_key", "id"]
        indexes = [
            models.Index(fields=["name_key", "id"], name="person_name_order"),
            models.Index(fields=["village", "name_key"], name="person_village_name"),
            models.Index(fields=["status", "village"], name="person_status_village"),
            models.Index(fields=["occupation", "village"], name="person_occupation_village"),
            # Exact lookups only (households, duplicate blocking): Meta indexes, unlike db_index,
            # add no second LIKE index on PostgreSQL, which every bulk import would have to maintain.
            models.Index(fields=["kk_number"], name="person_kk"),
            models.Index(fields=["phone"], name="person_phone"),
            models.Index(fields=["merged_into"], condition=models.Q(merged_into__isnull=False), name="person_merged"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nik"], name="person_nik_unique", violation_error_message="NIK ini sudah terdaftar."
            ),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="person_status_valid"),
            models.CheckConstraint(condition=models.Q(sex__in=Sex.values), name="person_sex_valid"),
            models.CheckConstraint(condition=models.Q(segment__in=Segment.values), name="person_segment_valid"),
            models.CheckConstraint(
                condition=models.Q(occupation__in=Occupation.values), name="person_occupation_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_nik})"

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)

    @property
    def district_code(self) -> str:
        return self.village_id[:8]

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    # Django's get_FOO_display builds a dict of every choice on each call; the registry
    # shows two of them on each of its 50 rows, so these read a table made once.
    def get_status_display(self) -> str:
        return _STATUS_LABELS.get(self.status, self.status)

    def get_occupation_display(self) -> str:
        return _OCCUPATION_LABELS.get(self.occupation, self.occupation)

    @property
    def occupation_shown(self) -> str:
        return occupation_shown(self.occupation, self.occupation_other, self.occupation_written)

    @property
    def occupation_label(self) -> str:
        if self.occupation == Occupation.LAINNYA and self.occupation_other:
            return f"Lainnya: {self.occupation_other}"
        return self.get_occupation_display()

    def can_be_verified(self) -> bool:
        return self.status == Status.PROPOSED

    def can_be_rejected(self) -> bool:
        return self.status in (Status.PROPOSED, Status.VERIFIED)

    def is_closed(self) -> bool:
        """Deceased, moved away or merged into another record: no more changes or funding."""
        return self.status in (Status.DECEASED, Status.MOVED, Status.MERGED)


Person._meta.get_field("nik").register_lookup(AnyOf)


class EligibilityRules(models.Model):
    """Programme rules in force from a date; UNCONFIRMED rules live here, not in code."""

    valid_from = models.DateField("berlaku sejak", unique=True)
    min_age = models.PositiveSmallIntegerField("usia minimum", default=18)
    max_age = models.PositiveSmallIntegerField("usia maksimum", default=65)
    allowed_occupations = models.JSONField(
        "pekerjaan yang diizinkan", default=list, blank=True, help_text="Kosong berarti semua pekerjaan."
    )
    require_domicile = models.BooleanField("wajib berdomisili di kabupaten", default=True)
    source = models.TextField("sumber", blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "aturan kelayakan"
        verbose_name_plural = "aturan kelayakan"
        constraints = [
            models.CheckConstraint(condition=models.Q(min_age__lte=models.F("max_age")), name="rules_age_range"),
        ]

    def __str__(self) -> str:
        return f"Aturan sejak {self.valid_from:%d-%m-%Y}: usia {self.min_age}-{self.max_age}"

    @classmethod
    def in_force(cls, on: date) -> "EligibilityRules":
        rules = cls.objects.filter(valid_from__lte=on).first()
        # No configured rules yet: the defaults documented in domain.md §1.
        return rules or cls(valid_from=on)
