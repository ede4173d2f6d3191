from django.conf import settings
from django.db import models

from lindung.accounts.scoping import scope_of


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", "Diunggah"
    PREVIEWED = "previewed", "Dipratinjau"
    COMMITTING = "committing", "Sedang disimpan"
    COMMITTED = "committed", "Tersimpan"
    FAILED = "failed", "Gagal"


class RowStatus(models.TextChoices):
    VALID = "valid", "Valid"
    WARNING = "warning", "Valid dengan peringatan"
    INVALID = "invalid", "Ditolak"


class RowAction(models.TextChoices):
    NONE = "", "-"
    CREATED = "created", "Ditambahkan"
    UPDATED = "updated", "Diperbarui"
    UNCHANGED = "unchanged", "Sudah ada, tidak berubah"


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ImportBatchQuerySet":
        """A batch is seen by whoever uploaded it and by those who see its village."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = scope_of(user)
        if scope.region_codes() is None:
            return self
        # An empty Q would vanish from the OR, so the whole-installation case is handled above.
        return self.filter(models.Q(created_by=user) | scope.region_q("region_code"))


class ImportBatch(models.Model):
    """One uploaded file on its way into the registry: the domain twin of its job."""

    file = models.FileField("berkas", upload_to="impor/%Y/%m/", blank=True)
    source_path = models.CharField(max_length=500, blank=True)  # the command line reads in place
    original_name = models.CharField("nama berkas", max_length=255)
    kind = models.CharField(max_length=4, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    village_default = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="desa bila tidak ada kolom desa",
    )
    # Where the batch belongs for `visible_to`: the default village, else the uploader's only region.
    region_code = models.CharField(max_length=13, blank=True)
    # {signature: [field per column]}: one entry per distinct header in the file.
    mapping = models.JSONField(default=dict, blank=True)
    # [{sheet, signature, labels, header_rows, title}] and sheets skipped, as read at upload.
    tables = models.JSONField(default=list, blank=True)
    skipped = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=BatchStatus.choices, default=BatchStatus.UPLOADED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    rows_warning = models.PositiveIntegerField(default=0)
    rows_invalid = models.PositiveIntegerField(default=0)
    people_created = models.PositiveIntegerField(default=0)
    people_updated = models.PositiveIntegerField(default=0)
    people_unchanged = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    previewed_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "impor"
        verbose_name_plural = "impor"
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=BatchStatus.values), name="import_batch_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def path(self) -> str:
        return self.file.path if self.file else self.source_path

    def can_commit(self) -> bool:
        return self.status in (BatchStatus.PREVIEWED, BatchStatus.COMMITTING, BatchStatus.FAILED) and bool(
            self.previewed_at
        )


class ImportRow(models.Model):
    """A staged row: the cells as they came, the cleaned values and the reasons it was refused (openIMIS style)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()  # order in the file, across sheets
    sheet = models.CharField(max_length=100, blank=True)
    source_row = models.PositiveIntegerField()
    signature = models.CharField(max_length=20, blank=True)
    cells = models.JSONField(default=list)  # as they came; dates as {"d": "1980-05-12"}
    values = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=RowStatus.choices)
    problems = models.JSONField(default=list)  # [{field, code, message, level, column}]
    nik = models.CharField(max_length=16, blank=True, db_index=True)
    action = models.CharField(max_length=10, choices=RowAction.choices, blank=True)
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["batch", "position"]
        verbose_name = "baris impor"
        verbose_name_plural = "baris impor"
        indexes = [models.Index(fields=["batch", "status", "position"])]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="import_row_position_unique"),
            models.CheckConstraint(condition=models.Q(status__in=RowStatus.values), name="import_row_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet or 'CSV'} baris {self.source_row} ({self.get_status_display()})"


class ColumnMapping(models.Model):
    """A mapping a user confirmed, offered again for files with the same headers."""

    signature = models.CharField(max_length=20, unique=True)
    labels = models.JSONField(default=list)
    fields = models.JSONField(default=list)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pemetaan kolom"
        verbose_name_plural = "pemetaan kolom"

    def __str__(self) -> str:
        return ", ".join(label for label in self.labels if label)[:100]
