from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin kabupaten"
    VERIFIER = "verifier", "Verifikator"
    OPERATOR = "operator", "Operator desa"
    FINANCE = "finance", "Keuangan"
    AUDITOR = "auditor", "Auditor"
    SPONSOR = "sponsor", "Sponsor (CSR)"


class Action(models.TextChoices):
    VIEW = "view", "melihat data"
    VIEW_FULL_NIK = "view_full_nik", "melihat NIK lengkap"
    PROPOSE = "propose", "mengusulkan dan mengubah data"
    VERIFY = "verify", "memverifikasi"
    EXPORT = "export", "mengunduh data"
    MANAGE = "manage", "mengelola status dan pengguna"


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(Action.values),
    Role.VERIFIER: frozenset({Action.VIEW, Action.VIEW_FULL_NIK, Action.PROPOSE, Action.VERIFY, Action.EXPORT}),
    Role.OPERATOR: frozenset({Action.VIEW, Action.VIEW_FULL_NIK, Action.PROPOSE, Action.EXPORT}),
    Role.FINANCE: frozenset({Action.VIEW, Action.EXPORT}),
    Role.AUDITOR: frozenset({Action.VIEW, Action.VIEW_FULL_NIK, Action.EXPORT}),
    # No region action at all: a sponsor's grant has no region, and VIEW over no region would
    # open the whole registry. It sees only the people its own funder pays, masked, through
    # the funding app's FunderUser link (lindung.funding).
    Role.SPONSOR: frozenset(),
}


class RoleAssignment(models.Model):
    """A user holds a role over a region and everything below it; no region means the whole installation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("peran", max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="wilayah"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "penugasan peran"
        verbose_name_plural = "penugasan peran"
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="roleassignment_role_valid"),
            models.UniqueConstraint(fields=["user", "role", "region"], name="roleassignment_unique"),
            # An operator is bound to villages, never the whole installation.
            models.CheckConstraint(
                condition=~models.Q(role=Role.OPERATOR) | models.Q(region__isnull=False),
                name="roleassignment_operator_has_region",
            ),
        ]

    def __str__(self) -> str:
        where = self.region.name if self.region_id else "seluruh kabupaten"
        return f"{self.get_role_display()} — {where}"
