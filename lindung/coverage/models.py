"""The coverage ledger, kept compact: facts per funder-month and per invoice, never one row per person-month.

A person-month's state (paid, paid late, a gap after a lapse, …) is derived from the person's
memberships and these facts by `lindung.lib.coverage_rules`, so a million people cost 12 rows per
funder, not 12 million.
"""

from datetime import date

from django.conf import settings
from django.db import models

from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of
from lindung.funding.models import FunderScopedQuerySet


class CoverageRules(models.Model):
    """How BPJS recognises contributions, in force from a date (domain.md §2, §9); a change is a new row."""

    valid_from = models.DateField("berlaku sejak", unique=True)
    due_day = models.PositiveSmallIntegerField("jatuh tempo iuran (tanggal di bulan iuran)", default=15)
    arrears_months = models.PositiveSmallIntegerField(
        "tunggakan dapat dibayar paling lama (bulan)",
        default=3,
        help_text="Dihitung sejak berakhirnya perlindungan; setelah itu kepesertaan berakhir.",
    )
    restart_at_payment_month = models.BooleanField(
        "setelah berakhir, pembayaran baru melindungi mulai bulan pembayaran",
        default=True,
        help_text="BELUM DIKONFIRMASI: FAQ BPJS dan kepala cabang berbeda pendapat tentang aktivasi ulang.",
    )
    warn_unpaid_months = models.PositiveSmallIntegerField("peringatan setelah berapa bulan belum dibayar", default=2)
    source = models.TextField("sumber", blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "aturan pengakuan iuran"
        verbose_name_plural = "aturan pengakuan iuran"
        constraints = [
            models.CheckConstraint(condition=models.Q(due_day__gte=1, due_day__lte=28), name="coveragerules_due_day"),
            models.CheckConstraint(
                condition=models.Q(arrears_months__gte=1, arrears_months__lte=12), name="coveragerules_arrears"
            ),
        ]

    def __str__(self) -> str:
        return f"Aturan pengakuan iuran sejak {self.valid_from:%d-%m-%Y}"

    @classmethod
    def in_force(cls, on: date) -> "CoverageRules":
        found = cls.objects.filter(valid_from__lte=on).first()
        if found is None:
            from lindung.errors import DomainError

            raise DomainError(
                f"Belum ada aturan pengakuan iuran yang berlaku pada {on:%d-%m-%Y}. "
                "Admin kabupaten menambahkannya di menu Aturan (Aturan pengakuan iuran)."
            )
        return found

    def as_rules(self):
        from lindung.lib.coverage_rules import Rules

        return Rules(self.due_day, self.arrears_months, self.restart_at_payment_month)


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", "Diterbitkan"
    BILLED = "billed", "Ditagih BPJS"
    PARTLY_PAID = "partly_paid", "Dibayar sebagian"
    PAID = "paid", "Lunas"


class Invoice(models.Model):
    """A funder's bill for one or more months (1, 3, 6 or 12 paid ahead), from its roster of active members."""

    funder = models.ForeignKey("funding.Funder", on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField("nomor tagihan", max_length=40, unique=True)
    first_month = models.PositiveSmallIntegerField("dari bulan ke-")
    months = models.PositiveSmallIntegerField("jumlah bulan")
    people = models.PositiveIntegerField("peserta")
    amount = models.BigIntegerField("jumlah iuran (Rp)")
    # What earlier overpayments and ended memberships leave is offset here (domain.md §9).
    credit_applied = models.BigIntegerField("kredit dipakai (Rp)", default=0)
    # Per month of the invoice: [people, amount], frozen when issued.
    month_amounts = models.JSONField(default=list)
    status = models.CharField("status", max_length=12, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED)
    billing_code = models.CharField("kode penetapan iuran", max_length=40, blank=True)
    billed_amount = models.BigIntegerField("jumlah tagihan BPJS (Rp)", null=True, blank=True)
    billed_on = models.DateField("tanggal tagihan BPJS", null=True, blank=True)
    paid_amount = models.BigIntegerField("sudah dibayar (Rp)", default=0)
    # Whether `InvoiceMember` rows were written at issue: invoices issued before lindung kept
    # them have none, and must say so rather than look like a bill for nobody.
    members_frozen = models.BooleanField("rincian peserta tersimpan", default=False)
    # Members the eligibility re-check proposed to take off, still undecided when the invoice was issued:
    # billed all the same (holding the invoice back would let the whole roster lapse, domain.md §9).
    awaiting_removal = models.PositiveIntegerField("menunggu keputusan pengeluaran", default=0)
    issued_on = models.DateField("tanggal terbit")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FunderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["funder", "first_month"]
        verbose_name = "tagihan iuran"
        verbose_name_plural = "tagihan iuran"
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=InvoiceStatus.values), name="invoice_status_valid"),
            models.CheckConstraint(condition=models.Q(months__in=[1, 3, 6, 12]), name="invoice_months_ahead"),
            models.CheckConstraint(condition=models.Q(amount__gte=0, paid_amount__gte=0), name="invoice_amounts"),
            models.UniqueConstraint(fields=["funder", "first_month"], name="invoice_one_per_start"),
            models.UniqueConstraint(
                fields=["billing_code"], condition=~models.Q(billing_code=""), name="invoice_unique_billing_code"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def last_month(self) -> int:
        return self.first_month + self.months - 1

    @property
    def payable(self) -> int:
        """What the funder must pay: BPJS's billed amount once known, else ours, less the credit applied."""
        billed = self.billed_amount if self.billed_amount is not None else self.amount
        return max(billed - self.credit_applied, 0)

    @property
    def outstanding(self) -> int:
        return max(self.payable - self.paid_amount, 0)


class InvoiceMemberQuerySet(FunderScopedQuerySet):
    funder_field = "invoice__funder"


class InvoiceMember(models.Model):
    """One member an invoice bills, frozen at issue: the invoice's months its funder pays for them and their cost.

    Later changes to the roster (a death, a removal, a move to another funder) never rewrite it,
    so the invoice keeps saying whom it billed. `months_mask` is the funder's share of the
    person within the invoice (bit 0 = the period's first month); a person split over two
    funders appears on each funder's invoice with that funder's months only.
    """

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey("enrolment.Membership", on_delete=models.PROTECT, related_name="+")
    months_mask = models.IntegerField("bulan yang ditagihkan")
    months = models.PositiveSmallIntegerField("jumlah bulan")
    amount = models.BigIntegerField("iuran (Rp)")

    objects = InvoiceMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "peserta tagihan"
        verbose_name_plural = "peserta tagihan"
        constraints = [
            models.UniqueConstraint(fields=["invoice", "membership"], name="invoicemember_unique"),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=12, amount__gte=0), name="invoicemember_amounts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id} · {self.membership_id}"


class FunderMonth(models.Model):
    """One month of one funder: people on the roster, what is due, the invoice, and the day it was paid in full."""

    funder = models.ForeignKey("funding.Funder", on_delete=models.PROTECT, related_name="ledger_months")
    month = models.PositiveSmallIntegerField("bulan ke-")
    people = models.PositiveIntegerField("peserta", default=0)
    amount_due = models.BigIntegerField("iuran (Rp)", default=0)
    invoice = models.ForeignKey(Invoice, on_delete=models.SET_NULL, null=True, blank=True, related_name="ledger_months")
    paid_amount = models.BigIntegerField("dibayar (Rp)", default=0)
    # Payments apply to the earliest unpaid month first (PROBIS p.19): the day the running total
    # of payments first covered this month in full.
    paid_on = models.DateField("lunas pada", null=True, blank=True)

    objects = FunderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["funder", "month"]
        verbose_name = "bulan iuran penyandang dana"
        verbose_name_plural = "bulan iuran penyandang dana"
        constraints = [models.UniqueConstraint(fields=["funder", "month"], name="fundermonth_unique")]

    def __str__(self) -> str:
        return f"{self.funder_id} bulan ke-{self.month}"


class Payment(models.Model):
    """Money a funder paid BPJS against an invoice, with BPJS's receipt (kwitansi)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    funder = models.ForeignKey("funding.Funder", on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("tanggal bayar")
    amount = models.BigIntegerField("jumlah (Rp)")
    reference = models.CharField("referensi pembayaran", max_length=60, blank=True)
    receipt_number = models.CharField("nomor kwitansi BPJS", max_length=60, blank=True)
    payer = models.CharField("pembayar", max_length=150, blank=True)
    receipt_line = models.ForeignKey(
        "coverage.ReceiptLine", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FunderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["funder", "paid_on", "id"]
        verbose_name = "pembayaran iuran"
        verbose_name_plural = "pembayaran iuran"
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive"),
            models.UniqueConstraint(
                fields=["receipt_number"], condition=~models.Q(receipt_number=""), name="payment_unique_receipt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} · {self.amount}"


class BackdatingStatus(models.TextChoices):
    REQUESTED = "requested", "Diajukan"
    GRANTED = "granted", "Disetujui BPJS"
    REFUSED = "refused", "Ditolak BPJS"


class BackdatingRequest(models.Model):
    """A koreksi kepesertaan iuran lanjutan: the branch asks head office to count months paid after a lapse."""

    funder = models.ForeignKey("funding.Funder", on_delete=models.PROTECT, related_name="backdating_requests")
    first_month = models.PositiveSmallIntegerField("dari bulan ke-")
    last_month = models.PositiveSmallIntegerField("sampai bulan ke-")
    status = models.CharField(
        "status", max_length=10, choices=BackdatingStatus.choices, default=BackdatingStatus.REQUESTED
    )
    reason = models.TextField("alasan")
    letter_number = models.CharField("nomor surat", max_length=100, blank=True)
    decision_note = models.TextField("keterangan keputusan", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = FunderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "koreksi kepesertaan iuran lanjutan"
        verbose_name_plural = "koreksi kepesertaan iuran lanjutan"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=BackdatingStatus.values), name="backdating_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(first_month__lte=models.F("last_month")), name="backdating_months_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Koreksi {self.funder_id} bulan {self.first_month}–{self.last_month}"


class OfficeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Receipt files name every funder: office roles only."""
        if scope_of(user).has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR):
            return self
        return self.none()


class ReceiptFile(models.Model):
    """A receipt list or bank statement uploaded by finance, reconciled against the invoices."""

    sha256 = models.CharField(max_length=64, unique=True)
    filename = models.CharField("nama berkas", max_length=255)
    summary = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "berkas kwitansi"
        verbose_name_plural = "berkas kwitansi"

    def __str__(self) -> str:
        return self.filename


class LineOutcome(models.TextChoices):
    MATCHED = "matched", "Cocok"
    PARTIAL = "partial", "Cocok sebagian (periksa)"
    OVER = "over", "Lebih bayar"
    UNDER = "under", "Kurang bayar"
    UNMATCHED = "unmatched", "Tidak cocok"
    KNOWN = "known", "Sudah tercatat"


class ReceiptLine(models.Model):
    """One line of an uploaded receipt file and what reconciliation made of it."""

    file = models.ForeignKey(ReceiptFile, on_delete=models.CASCADE, related_name="lines")
    line = models.PositiveIntegerField("baris")
    receipt_number = models.CharField("nomor kwitansi", max_length=60, blank=True)
    billing_code = models.CharField("kode penetapan iuran", max_length=40, blank=True)
    payer = models.CharField("pembayar", max_length=150, blank=True)
    amount = models.BigIntegerField("jumlah (Rp)", null=True)
    paid_on = models.DateField("tanggal", null=True)
    outcome = models.CharField("hasil", max_length=10, choices=LineOutcome.choices)
    note = models.CharField("keterangan", max_length=300, blank=True)
    invoice = models.ForeignKey(Invoice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["file", "line"]
        verbose_name = "baris kwitansi"
        verbose_name_plural = "baris kwitansi"
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=LineOutcome.values), name="receiptline_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.file_id}:{self.line}"
