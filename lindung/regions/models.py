from django.conf import settings
from django.db import models


class Level(models.TextChoices):
    PROVINCE = "province", "Provinsi"
    REGENCY = "regency", "Kabupaten/Kota"
    DISTRICT = "district", "Kecamatan"
    VILLAGE = "village", "Desa/Kelurahan"


# Region codes are fixed-width digits with dots in fixed places (64.02.06.1010), so
# "this region and everything under it" is a range between two codes of the same shape.
_LOWEST = "00.00.00.0000"
_HIGHEST = "99.99.99.9999"


def below(field: str, code: str) -> models.Q:
    """Rows whose region field is this code or any code under it.

    A range instead of LIKE 'code.%': every backend serves it from a plain b-tree index
    (SQLite never indexes LIKE), and bounds of the same shape as the codes compare the
    same way under any database collation, including those that skip punctuation.
    """
    if len(code) not in (2, 5, 8):
        # A village, or not a region code at all: nothing lies under it.
        return models.Q(**{field: code})
    return models.Q(**{field: code}) | models.Q(
        **{f"{field}__gte": code + _LOWEST[len(code) :], f"{field}__lte": code + _HIGHEST[len(code) :]}
    )


class RegionQuerySet(models.QuerySet):
    def within(self, code: str) -> "RegionQuerySet":
        """This region and everything below it (codes are hierarchical text)."""
        return self.filter(below("code", code))

    def in_installation(self) -> "RegionQuerySet":
        return self.within(settings.LINDUNG_REGENCY)

    def villages(self) -> "RegionQuerySet":
        return self.filter(level=Level.VILLAGE)

    def districts(self) -> "RegionQuerySet":
        return self.filter(level=Level.DISTRICT)


class Region(models.Model):
    """A Kemendagri region: province, regency, district or village."""

    code = models.CharField("kode", max_length=13, primary_key=True)
    name = models.CharField("nama", max_length=100)
    level = models.CharField("tingkat", max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    # False for codes that exist only in older Kemendagri lists; NIKs issued there stay valid.
    current = models.BooleanField("berlaku", default=True)
    current_code = models.CharField("kode sekarang", max_length=13, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "wilayah"
        verbose_name_plural = "wilayah"
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=Level.values), name="region_level_valid"),
        ]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def district_code(self) -> str:
        return self.code[:8]

    @property
    def is_kelurahan(self) -> bool:
        return self.level == Level.VILLAGE and self.code[9:10] == "1"

    @property
    def kind_label(self) -> str:
        if self.level != Level.VILLAGE:
            return self.get_level_display()
        return "Kelurahan" if self.is_kelurahan else "Desa"
