from django.conf import settings
from django.db import models

from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of
from lindung.lib import contributions
from lindung.people.models import Occupation


class FunderKind(models.TextChoices):
    APBD_KAB = "apbd_kab", "APBD kabupaten"
    APBD_PROV = "apbd_prov", "APBD provinsi"
    APBDES = "apbdes", "APBDes"
    ADD = "add", "Alokasi Dana Desa (ADD)"
    DANA_DESA = "dana_desa", "Dana Desa"
    CSR = "csr", "CSR perusahaan"
    GN_LINGKARAN = "gn_lingkaran", "GN Lingkaran"
    DONOR = "donor", "Donatur perorangan"


VILLAGE_KINDS = frozenset({FunderKind.APBDES, FunderKind.ADD, FunderKind.DANA_DESA})
# Public budgets: PP 50/2025's discount never applies to them. Village budgets are public money too:
# Dana Desa is an APBN transfer and ADD an APBD one, and APBDes is mostly made of both. Whether the
# exclusion covers them is UNCONFIRMED, so the cautious, undiscounted cost is used (an overpayment
# is credited to the next month, domain.md §2; an underpayment would leave people uncovered).
GOVERNMENT_KINDS = frozenset({FunderKind.APBD_KAB, FunderKind.APBD_PROV, *VILLAGE_KINDS})
# Which funder a person goes to first when several may pay: the narrowest money first, so the
# regency's own budget is left for those nobody else will fund.
DEFAULT_RANK = {
    FunderKind.APBDES: 10,
    FunderKind.ADD: 10,
    FunderKind.DANA_DESA: 10,
    FunderKind.CSR: 20,
    FunderKind.GN_LINGKARAN: 30,
    FunderKind.DONOR: 30,
    FunderKind.APBD_PROV: 40,
    FunderKind.APBD_KAB: 50,
}


class WadahType(models.TextChoices):
    """BPJS Ketenagakerjaan's group-registration (wadah) type codes, PROBIS p.67 (domain.md §9)."""

    SG = "SG", "SG — pekerja rentan Pemerintah (APBD)"
    SA = "SA", "SA — desa dibayar dari APBD"
    SD = "SD", "SD — desa dibayar dari APBDes"
    SC = "SC", "SC — perusahaan (CSR)"
    SB = "SB", "SB — CSR perbankan"
    SL = "SL", "SL — sumber dana lain"


# The wadah type a funder of each kind is registered under unless the admin says otherwise.
DEFAULT_WADAH = {
    FunderKind.APBD_KAB: WadahType.SG,
    FunderKind.APBD_PROV: WadahType.SG,
    FunderKind.ADD: WadahType.SA,
    FunderKind.APBDES: WadahType.SD,
    FunderKind.DANA_DESA: WadahType.SD,
    FunderKind.CSR: WadahType.SC,
    FunderKind.GN_LINGKARAN: WadahType.SL,
    FunderKind.DONOR: WadahType.SL,
}


class FunderScopedQuerySet(models.QuerySet):
    """Rows of a funder's money: office roles see all, a sponsor only its own funders', nobody else any."""

    funder_field = "funder"  # the path from a row to its funder; "" for a funder itself

    def visible_to(self, user):
        scope = scope_of(user)
        if scope.has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR):
            return self
        if scope.has_role(Role.SPONSOR):
            path = f"{self.funder_field}__users__user" if self.funder_field else "users__user"
            return self.filter(**{path: user})
        return self.none()


class FunderQuerySet(FunderScopedQuerySet):
    funder_field = ""


class Funder(models.Model):
    """Who pays for some people's months in one programme year, with its budget and restrictions."""

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear", on_delete=models.PROTECT, related_name="funders", verbose_name="tahun program"
    )
    kind = models.CharField("jenis", max_length=20, choices=FunderKind.choices)
    name = models.CharField("nama", max_length=150)
    budget = models.BigIntegerField("pagu (Rp)")
    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="desa"
    )
    districts = models.JSONField("hanya kecamatan", default=list, blank=True)
    villages = models.JSONField("hanya desa/kelurahan", default=list, blank=True)
    occupations = models.JSONField("hanya pekerjaan", default=list, blank=True)
    first_month = models.PositiveSmallIntegerField("dari bulan ke-", default=1)
    last_month = models.PositiveSmallIntegerField("sampai bulan ke-", null=True, blank=True)
    rank = models.SmallIntegerField("urutan pemakaian", default=50)
    # Splitting one person over several funders or paying only some months is the funder's explicit
    # choice; by default a funder covers whole people for its whole period (issue 9).
    allow_split = models.BooleanField("boleh membiayai sebagian bulan", default=False)
    # How BPJS Ketenagakerjaan knows this funder: its wadah (group registration), domain.md §9.
    wadah_type = models.CharField("jenis wadah BPJS", max_length=2, choices=WadahType.choices, blank=True)
    wadah_code = models.CharField("ID wadah di kantor cabang BPJS", max_length=60, blank=True)
    note = models.TextField("catatan", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FunderQuerySet.as_manager()

    class Meta:
        ordering = ["programme_year", "rank", "name", "id"]
        verbose_name = "penyandang dana"
        verbose_name_plural = "penyandang dana"
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=FunderKind.values), name="funder_kind_valid"),
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="funder_budget_nonnegative"),
            models.UniqueConstraint(fields=["programme_year", "name"], name="funder_unique_name"),
            models.CheckConstraint(
                condition=models.Q(wadah_type="") | models.Q(wadah_type__in=WadahType.values),
                name="funder_wadah_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def wadah(self) -> str:
        """The wadah type code BPJS registers this funder's people under."""
        return self.wadah_type or DEFAULT_WADAH[self.kind]

    @property
    def is_government(self) -> bool:
        return self.kind in GOVERNMENT_KINDS

    @property
    def end_month(self) -> int:
        return self.last_month or self.programme_year.months

    @property
    def month_count(self) -> int:
        return self.end_month - self.first_month + 1

    def monthly_cost(self, occupation: str | None = None, month: int | None = None) -> int:
        """One person-month in a given month for an occupation; without a month, the undiscounted rate.

        The undiscounted rate is the most a person-month can cost (PP 50/2025 only lowers it), so it
        is a safe bound where one number must do; amounts use `month_prices`/`row_amount`.
        """
        if month is None:
            return self.programme_year.monthly_cost(paid_by_government=True)
        return self.month_prices(occupation)[month - 1]

    def month_prices(self, occupation: str | None) -> tuple[int, ...]:
        """Per month of the period, what one person of this occupation costs this funder."""
        return self.programme_year.month_prices(occupation, paid_by_government=self.is_government)

    def price_table(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Per month, for other sectors and for the transport sector (the allocation's price classes)."""
        year = self.programme_year
        return tuple(year.sector_prices(transport=t, paid_by_government=self.is_government) for t in (False, True))

    def row_amount(self, occupation: str | None, mask: int) -> int:
        """What the months in `mask` (bit 0 = first month of the period) of one person cost this funder."""
        return self.programme_year.row_amount(occupation, mask, paid_by_government=self.is_government)

    def short_period_warning(self) -> str:
        """A warning when its period is shorter than the cover BPJS counts fully (dated configuration), else ""."""
        text = self.programme_year.short_cover_text(self.month_count)
        return f"Periode {self.name} {text}" if text else ""

    @property
    def months_mask(self) -> int:
        return ((1 << self.month_count) - 1) << (self.first_month - 1)

    def cheapest_person(self) -> int:
        """The least one person can cost over the funder's months, among the occupations it may fund."""
        table = self.price_table()
        return min(contributions.masked_amount(table[t], self.months_mask) for t in self._sectors())

    def cheapest_month(self) -> int:
        """The least one person-month can cost in its period, among the occupations it may fund."""
        table = self.price_table()
        return min(table[t][m] for t in self._sectors() for m in range(self.first_month - 1, self.end_month))

    def _sectors(self) -> set[bool]:
        """Which price classes (transport or not) the people it may fund fall in."""
        year = self.programme_year
        return {year.is_transport(o) for o in self.occupations or year.occupations or Occupation.values}

    def gets_discount(self) -> bool:
        """Does the PP 50/2025 cut lower this funder's cost in some month it pays for?"""
        table = self.price_table()
        full = self.monthly_cost()
        months = range(self.first_month - 1, self.end_month)
        return any(table[t][m] < full for t in self._sectors() for m in months)

    def region_codes(self) -> list[str]:
        """The regions it funds (empty: the whole regency)."""
        if self.village_id:
            return [self.village_id]
        return sorted(set(self.districts or []) | set(self.villages or []))

    def accepts(self, village_code: str, occupation: str) -> bool:
        """Do its restrictions admit a person of this village and occupation?"""
        if self.village_id and village_code != self.village_id:
            return False
        places = list(self.districts or []) + list(self.villages or [])
        if places and not any(village_code == p or village_code.startswith(p + ".") for p in places):
            return False
        return not (self.occupations and occupation not in self.occupations)


class FunderUser(models.Model):
    """A sponsor's login linked to the funder it may look at."""

    funder = models.ForeignKey(Funder, on_delete=models.CASCADE, related_name="users")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funder_links")

    class Meta:
        verbose_name = "pengguna penyandang dana"
        verbose_name_plural = "pengguna penyandang dana"
        constraints = [models.UniqueConstraint(fields=["funder", "user"], name="funderuser_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.funder}"


class Outcome(models.TextChoices):
    FUNDED = "funded", "Didanai penuh"
    PARTIAL = "partial", "Didanai sebagian bulan"
    NO_FUNDER = "no_funder", "Tidak ada penyandang dana yang sesuai"
    NO_BUDGET = "no_budget", "Anggaran habis"
    EXCLUDED = "excluded", "Dikeluarkan manual"
    BLOCKED = "blocked", "Diblokir (duplikat/daftar rujukan)"


class AllocationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AllocationQuerySet":
        scope = scope_of(user)
        if scope.has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR):
            return self
        if scope.has_role(Role.SPONSOR):
            return self.filter(funder__users__user=user)
        return self.none()

    def funded(self) -> "AllocationQuerySet":
        return self.filter(funder__isnull=False)


class Allocation(models.Model):
    """One person's result in a year's allocation: a funder and its months, or why nobody pays.

    A person funded by two funders (different months) has two rows; an unfunded person has
    one row without a funder. Months are a bitmask over the period (bit 0 = first month).
    """

    # These rows are derived: only `allocate_year` and the amendment services write them, from ids
    # they have just read. The two composite indexes below serve every read; the per-column FK
    # indexes Django would add (and a unique index) would triple the cost of writing a million-row
    # run. For the same reason the database does not re-check the foreign keys row by row: on
    # PostgreSQL those checks took 12 of the 18 s it spent storing 1.6 million rows. Django still
    # applies on_delete (CASCADE, PROTECT) on every delete through the ORM, and people, funders and
    # years are never deleted any other way.
    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear",
        on_delete=models.CASCADE,
        related_name="allocations",
        db_index=False,
        db_constraint=False,
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    funder = models.ForeignKey(
        Funder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        db_index=False,
        db_constraint=False,
    )
    months_mask = models.IntegerField(default=0)
    months = models.PositiveSmallIntegerField(default=0)
    amount = models.BigIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    rank = models.PositiveIntegerField("urutan prioritas")
    note = models.CharField("penjelasan", max_length=400, blank=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = "alokasi"
        verbose_name_plural = "alokasi"
        indexes = [
            models.Index(fields=["programme_year", "funder"], name="allocation_year_funder"),
            models.Index(fields=["programme_year", "person"], name="allocation_year_person"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=Outcome.values), name="allocation_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.get_outcome_display()}"

    def month_indexes(self) -> list[int]:
        return [i + 1 for i in range(12) if self.months_mask >> i & 1]


class AdjustmentKind(models.TextChoices):
    EXCLUDE = "exclude", "Keluarkan dari alokasi"
    PIN = "pin", "Tetapkan penyandang dana"


class Adjustment(models.Model):
    """A hand-made decision the next allocation run must respect."""

    programme_year = models.ForeignKey("programmes.ProgrammeYear", on_delete=models.CASCADE, related_name="adjustments")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("jenis", max_length=10, choices=AdjustmentKind.choices)
    funder = models.ForeignKey(Funder, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    reason = models.TextField("alasan")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # A sponsor sees the pins to its own funders (an exclusion has no funder).
    objects = FunderScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "penyesuaian manual"
        verbose_name_plural = "penyesuaian manual"
        constraints = [
            models.UniqueConstraint(fields=["programme_year", "person"], name="adjustment_one_per_person"),
            models.CheckConstraint(condition=models.Q(kind__in=AdjustmentKind.values), name="adjustment_kind_valid"),
            models.CheckConstraint(
                condition=~models.Q(kind=AdjustmentKind.PIN) | models.Q(funder__isnull=False),
                name="adjustment_pin_has_funder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person_id}"


class Realisation(models.Model):
    """Money actually paid to BPJS by a funder for one month of the period."""

    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="realisations")
    month = models.PositiveSmallIntegerField("bulan ke-")
    amount = models.BigIntegerField("jumlah (Rp)")
    note = models.CharField("keterangan", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "realisasi"
        verbose_name_plural = "realisasi"
        constraints = [
            models.UniqueConstraint(fields=["funder", "month"], name="realisation_one_per_month"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="realisation_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.funder} bulan ke-{self.month}"
