from datetime import date

from django.conf import settings
from django.db import models

from lindung.lib import contributions
from lindung.lib.formatting import BULAN, rupiah
from lindung.people.models import Occupation


class RateSchedule(models.Model):
    """Contribution rates in force from a date (domain.md §2); a new regulation is a new row, never a code change."""

    valid_from = models.DateField("berlaku sejak", unique=True)
    jkk_bp = models.PositiveIntegerField("JKK (basis poin dari penghasilan)", default=100, help_text="100 = 1 %")
    jkm_flat = models.PositiveIntegerField("JKM per bulan (Rp)", default=6800)
    jht_bp = models.PositiveIntegerField("JHT (basis poin dari penghasilan)", default=200, help_text="200 = 2 %")
    discount_bp = models.PositiveIntegerField(
        "potongan JKK+JKM (basis poin)",
        default=0,
        help_text="5000 = 50 % (PP 50/2025). Tidak berlaku bila iuran dibayar APBN/APBD.",
    )
    discount_from = models.DateField(
        "potongan sektor lain: bulan pertama", null=True, blank=True, help_text="Dihitung per bulan kalender."
    )
    discount_to = models.DateField("potongan sektor lain: bulan terakhir", null=True, blank=True)
    transport_discount_from = models.DateField(
        "potongan sektor transportasi: bulan pertama", null=True, blank=True, help_text="Dihitung per bulan kalender."
    )
    transport_discount_to = models.DateField("potongan sektor transportasi: bulan terakhir", null=True, blank=True)
    transport_occupations = models.JSONField(
        "pekerjaan sektor transportasi",
        default=list,
        blank=True,
        help_text='Kode pekerjaan yang memakai jendela potongan transportasi, misalnya ["ojek"].',
    )
    min_cover_months = models.PositiveSmallIntegerField(
        "masa kepesertaan minimum (bulan)",
        default=6,
        help_text="BPJS Ketenagakerjaan menghitung pekerja yang didanai Pemda penuh baru setelah sekian bulan iuran. "
        "Pendanaan sebagian bulan tidak dibuat bila kurang dari ini; penyandang dana dengan periode lebih pendek "
        "diberi peringatan.",
    )
    source = models.TextField("sumber", blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "tarif iuran"
        verbose_name_plural = "tarif iuran"

    def __str__(self) -> str:
        return f"Tarif sejak {self.valid_from:%d-%m-%Y}"

    def clean(self) -> None:
        """Refuse a window with one end only or backwards, and occupation codes the registry does not know."""
        from django.core.exceptions import ValidationError

        errors = {}
        unknown = sorted(set(self.transport_occupations or []) - set(Occupation.values))
        if unknown:
            errors["transport_occupations"] = (
                f"Kode pekerjaan tidak dikenal: {', '.join(unknown)}. Pakai kode seperti {Occupation.OJEK.value!r}."
            )
        for first, last, field in (
            (self.discount_from, self.discount_to, "discount_to"),
            (self.transport_discount_from, self.transport_discount_to, "transport_discount_to"),
        ):
            if (first is None) != (last is None):
                errors[field] = "Isi bulan pertama dan bulan terakhir potongan, atau kosongkan keduanya."
            elif first and last < first:
                errors[field] = "Bulan terakhir potongan tidak boleh sebelum bulan pertamanya."
        if errors:
            raise ValidationError(errors)

    @classmethod
    def in_force(cls, on: date) -> "RateSchedule":
        found = cls.objects.filter(valid_from__lte=on).first()
        if found is None:
            from lindung.errors import DomainError

            raise DomainError(
                f"Belum ada tarif iuran yang berlaku pada {on:%d-%m-%Y}. "
                "Admin kabupaten menambahkannya di menu Aturan (Tarif iuran)."
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
    discount_from = models.DateField("potongan sektor lain: bulan pertama", null=True, blank=True)
    discount_to = models.DateField("potongan sektor lain: bulan terakhir", null=True, blank=True)
    transport_discount_from = models.DateField("potongan sektor transportasi: bulan pertama", null=True, blank=True)
    transport_discount_to = models.DateField("potongan sektor transportasi: bulan terakhir", null=True, blank=True)
    transport_occupations = models.JSONField("pekerjaan sektor transportasi", default=list, blank=True)
    min_cover_months = models.PositiveSmallIntegerField("masa kepesertaan minimum (bulan)", default=6)
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
    decree_date = models.DateField("tanggal SK Bupati", null=True, blank=True)
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

    def month_runs(self, mask: int) -> list[tuple[int, int]]:
        """The months in `mask` (bit 0 = the period's first month) as (first, last) runs of consecutive months."""
        runs: list[tuple[int, int]] = []
        for i in range(1, self.months + 1):
            if mask >> (i - 1) & 1:
                if runs and runs[-1][1] == i - 1:
                    runs[-1] = (runs[-1][0], i)
                else:
                    runs.append((i, i))
        return runs

    def mask_label(self, mask: int) -> str:
        """The months in `mask` as 'Januari 2023 – Maret 2023, Mei 2023' ('' for none)."""
        return ", ".join(self.months_label(first, last) for first, last in self.month_runs(mask))

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

    def is_transport(self, occupation: str | None) -> bool:
        """Does PP 50/2025 count this occupation in the transport sector (its own, longer window)?"""
        return occupation in (self.transport_occupations or [])

    def discount_window(self, *, transport: bool) -> tuple[date | None, date | None]:
        if transport:
            return self.transport_discount_from, self.transport_discount_to
        return self.discount_from, self.discount_to

    def discounted_months(self, *, transport: bool) -> tuple[bool, ...]:
        """Per month of the period: does it lie in the sector's PP 50/2025 window (whoever pays)?"""
        if not self.discount_bp:
            return (False,) * self.months
        first, last = self.discount_window(transport=transport)
        return tuple(contributions.month_in_window(self.month_date(i), first, last) for i in range(1, self.months + 1))

    def sector_prices(self, *, transport: bool, paid_by_government: bool) -> tuple[int, ...]:
        """One person's contribution for each month of the period, for one sector and one kind of payer."""
        discounted = [
            contributions.discount_applies(paid_by_government=paid_by_government, in_discount_window=d)
            for d in self.discounted_months(transport=transport)
        ]
        return contributions.monthly_prices(self.declared_income, self.programs, self.rates, discounted)

    def month_prices(self, occupation: str | None, *, paid_by_government: bool) -> tuple[int, ...]:
        return self.sector_prices(transport=self.is_transport(occupation), paid_by_government=paid_by_government)

    def monthly_cost(self, *, paid_by_government: bool = True, occupation: str | None = None, month: int = 1) -> int:
        """The contribution for one person-month; by default the full rate, as the APBD pays it."""
        return self.month_prices(occupation, paid_by_government=paid_by_government)[month - 1]

    def row_amount(self, occupation: str | None, mask: int, *, paid_by_government: bool) -> int:
        """What the months in `mask` (bit 0 = first month) cost for one person of this occupation."""
        return contributions.masked_amount(self.month_prices(occupation, paid_by_government=paid_by_government), mask)

    def has_discount(self) -> bool:
        """Does any month of the period lie in a PP 50/2025 window (for payers other than APBN/APBD)?"""
        return any(self.discounted_months(transport=False)) or any(self.discounted_months(transport=True))

    def discount_months_text(self) -> str:
        """Who gets the PP 50/2025 discount in which months of the period: 'ojek Januari 2026 – ...'."""
        labels = dict(Occupation.choices)
        transport = self.transport_occupations or []
        parts = []
        for is_transport, who in (
            (True, ", ".join(labels.get(o, o).lower() for o in transport)),
            (False, "pekerjaan lain" if transport else "semua pekerjaan"),
        ):
            months = [i for i, d in enumerate(self.discounted_months(transport=is_transport), start=1) if d]
            if months and (transport or not is_transport):
                parts.append(f"{who} {self.months_label(months[0], months[-1])}")
        return "; ".join(parts)

    def discounted_cost(self) -> int:
        """One person-month with the PP 50/2025 cut."""
        return contributions.monthly_contribution(self.declared_income, self.programs, self.rates, discounted=True)

    def discount_text(self) -> str:
        """The PP 50/2025 discount in this period in one Indonesian sentence, or "" when no month has it."""
        parts = self.discount_months_text()
        if not parts:
            return ""
        return (
            f"Potongan PP 50/2025 (tidak untuk iuran yang dibayar APBN/APBD atau dana desa): "
            f"{rupiah(self.discounted_cost())} per orang per bulan untuk {parts}."
        )

    def short_cover_text(self, months: int) -> str:
        """A warning when a cover of `months` months is shorter than the minimum BPJS counts fully, else ""."""
        if months >= self.min_cover_months:
            return ""
        return (
            f"{months} bulan kurang dari masa kepesertaan minimum {self.min_cover_months} bulan: BPJS "
            f"Ketenagakerjaan baru menghitung pekerja penuh setelah {self.min_cover_months} bulan iuran "
            "(di bawahnya sebagian). Pekerja tetap terlindungi selama bulan yang dibayar."
        )

    @property
    def short_period_text(self) -> str:
        """The same warning for the programme's own period (a 3-month year like Kukar's 2021)."""
        return self.short_cover_text(self.months)

    @property
    def is_approved(self) -> bool:
        return self.status == YearStatus.APPROVED

    def require_editable(self) -> None:
        """Refuse a change once approved: it must go through a recorded amendment."""
        if self.is_approved:
            from django.utils import timezone

            from lindung.errors import DomainError
            from lindung.lib.formatting import tanggal

            # The regency's day, not UTC's: an approval at 07.30 WITA is still the day before in UTC.
            when = f" pada {tanggal(timezone.localdate(self.approved_at))}" if self.approved_at else ""
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
