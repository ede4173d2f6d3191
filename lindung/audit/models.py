from django.conf import settings
from django.db import models

from lindung.audit import context


class Interface(models.TextChoices):
    WEB = context.WEB, "Web"
    API = context.API, "API"
    CLI = context.CLI, "Baris perintah"
    SYSTEM = context.SYSTEM, "Sistem"


class AuditQuerySet(models.QuerySet):
    def for_target(self, obj) -> "AuditQuerySet":
        return self.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))


class AuditEntry(models.Model):
    """One recorded change or sensitive read; written in the same transaction as the change."""

    created_at = models.DateTimeField("waktu", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pelaku",
    )
    interface = models.CharField("antarmuka", max_length=10, choices=Interface.choices)
    action = models.CharField("tindakan", max_length=80)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=40)
    region_code = models.CharField("wilayah", max_length=13, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "entri audit"
        verbose_name_plural = "jejak audit"
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(interface__in=Interface.values), name="audit_interface_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"
