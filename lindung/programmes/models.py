from datetime import date

from django.conf import settings
from django.db import models

from lindung.lib import contributions
from lindung.lib.formatting import BULAN


class RateSchedule(models.Model):
    """Contribution rates in force from a date (domain.md §2); a new regulation is a new row, never a code change."""

    valid_from = models.DateField("berlaku sejak", unique=True)
    jkk_bp = models.PositiveIntegerField("JKK (basis poin dari penghasilan)", default=100, help_text="100 = 1 %")
    jkm_flat = models.PositiveIntegerField("JKM per bulan (Rp)", default=6800)
    jht_bp = models.PositiveIntegerField("JHT (basis poin dari penghasilan)", default=200, help_text="200 = 2 %")
    discount_bp = models.PositiveIntegerField("potongan JKK+JKM (basis poin)", default=0)
    discount_from = models.DateField("potongan berlaku dari", null=True, blank=True)
    discount_to = models.DateField("potongan berlaku sampai", null=True, blank=True)
    source = models.TextField("sumber", blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "tarif iuran"
        verbose_name_plural = "tarif iuran"

    def __str__(self) -> str:
        return f"Tarif sejak {self.valid_from:%d-%m-%Y}"

    @classmethod
    def in_force(cls, on: date) -> "RateSchedule":
        found = cls.objects.filter(valid_from__lte=on).first()
        if found is None:
            from lindung.errors import DomainError

            raise DomainError(
                f"Belum ada tarif iuran yang berlaku pada {on:%d-%m-%Y}. Tambahkan tarif di menu admin (Tarif iuran)."
            )
        return found


class YearStatus(models.TextChoices):
    DRAFT = "draft", "Konsep"
    APPROVED = "approved", "Disetujui"


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class ProgrammeYear(models.Model):
    """One year's programme: its months, programmes, income, rates and rules, frozen once approved."""

    year = models.PositiveSmallIntegerField("tahun anggaran", unique=True)
    name = models.CharField("nama program", max_length=150)
    period_start = models.DateField("bulan pertama")
    months = models.PositiveSmallIntegerField("jumlah bulan")
    covers_jkk = models.BooleanField("JKK", default=True)
    covers_jkm = models.BooleanField("JKM", default=True)
    covers_jht = models.BooleanField("JHT", default=False)
    declared_income = models.PositiveIntegerField("penghasilan yang dilaporkan (Rp)", default=1_000_000)
    # Copied from the RateSchedule in force at period_start, so approval freezes the amounts too.
    jkk_bp = models.PositiveIntegerField("JKK (basis poin)")
    jkm_flat = models.PositiveIntegerField("JKM per bulan (Rp)")
    jht_bp = models.PositiveIntegerField("JHT (basis poin)")
    discount_bp = models.PositiveIntegerField("potongan JKK+JKM (basis poin)", default=0)
    discount_from = models.DateField(null=True, blank=True)
    discount_to = models.DateField(null=True, blank=True)
    rates_source = models.TextField("sumber tarif", blank=True)
    min_age = models.PositiveSmallIntegerField("usia minimum", default=18)
    max_age = models.PositiveSmallIntegerField("usia maksimum", default=65)
    occupations = models.JSONField("pekerjaan yang didanai", default=list, blank=True)
    segments = models.JSONField("segmen yang didanai", default=list, blank=True)
    require_domicile = models.BooleanField("wajib berdomisili di kabupaten", default=True)
    priority_occupations = models.JSONField("urutan prioritas pekerjaan", default=list, blank=True)

    status = models.CharField("status", max_length=10, choices=YearStatus.choices, default=YearStatus.DRAFT)
    approved_at = models.DateTimeField("disetujui pada", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decree_number = models.CharField("nomor SK Bupati", max_length=100, blank=True)
    allocated_at = models.DateTimeField("dialokasikan pada", null=True, blank=True)
    allocation_summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "tahun program"
        verbose_name_plural = "tahun program"
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=YearStatus.values), name="programmeyear_status_valid"),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=12), name="programmeyear_months_range"
            ),
            models.CheckConstraint(condition=models.Q(min_age__lte=models.F("max_age")), name="programmeyear_ages"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def period_end(self) -> date:
        """The first day after the period."""
        return add_months(self.period_start, self.months)

    def month_date(self, index: int) -> date:
        """The first day of the period's month `index` (1-based)."""
        return add_months(self.period_start, index - 1)

    def month_label(self, index: int) -> str:
        d = self.month_date(index)
        return f"{BULAN[d.month - 1]} {d.year}"

    def months_label(self, first: int = 1, last: int | None = None) -> str:
        last = last or self.months
        if first == last:
            return self.month_label(first)
        return f"{self.month_label(first)} – {self.month_label(last)}"

    def overlaps(self, other: "ProgrammeYear") -> bool:
        return self.period_start < other.period_end and other.period_start < self.period_end

    @property
    def programs(self) -> tuple[str, ...]:
        chosen = {"jkk": self.covers_jkk, "jkm": self.covers_jkm, "jht": self.covers_jht}
        return tuple(p for p in contributions.PROGRAMS if chosen[p])

    @property
    def programs_label(self) -> str:
        return contributions.program_label(self.programs)

    @property
    def rates(self) -> contributions.Rates:
        return contributions.Rates(self.jkk_bp, self.jkm_flat, self.jht_bp, self.discount_bp)

    def in_discount_window(self) -> bool:
        # Whole-period granularity: the discount counts only if the window spans every month of the period.
        if not (self.discount_bp and self.discount_from and self.discount_to):
            return False
        return self.discount_from <= self.period_start and add_months(self.period_end, 0) <= add_months(
            self.discount_to, 1
        )

    def monthly_cost(self, *, paid_by_government: bool = True) -> int:
        discounted = contributions.discount_applies(
            paid_by_government=paid_by_government, in_discount_window=self.in_discount_window()
        )
        return contributions.monthly_contribution(
            self.declared_income, self.programs, self.rates, discounted=discounted
        )

    @property
    def is_approved(self) -> bool:
        return self.status == YearStatus.APPROVED

    def require_editable(self) -> None:
        """Refuse a change once approved: it must go through a recorded amendment."""
        if self.is_approved:
            from lindung.errors import DomainError
            from lindung.lib.formatting import tanggal

            when = f" pada {tanggal(self.approved_at.date())}" if self.approved_at else ""
            raise DomainError(
                f"Tahun program {self.year} sudah disetujui{when}, jadi daftar dan jumlahnya terkunci. "
                "Untuk mengubahnya, buka amandemen (tulis alasannya) di halaman tahun program."
            )

    def priority_rank(self, occupation: str) -> int:
        order = list(self.priority_occupations or [])
        return order.index(occupation) if occupation in order else len(order)


class Amendment(models.Model):
    """A recorded change to an approved year: why, by whom, and what changed."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField("nomor")
    reason = models.TextField("alasan")
    changes = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField("disetujui ulang pada", null=True, blank=True)

    class Meta:
        ordering = ["programme_year", "number"]
        verbose_name = "amandemen"
        verbose_name_plural = "amandemen"
        constraints = [models.UniqueConstraint(fields=["programme_year", "number"], name="amendment_unique_number")]

    def __str__(self) -> str:
        return f"Amandemen {self.number} tahun {self.programme_year.year}"
