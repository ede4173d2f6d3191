from django.db import models

from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of


class MembershipStatus(models.TextChoices):
    TO_SEND = "to_send", "Belum dikirim ke BPJS"
    SENT = "sent", "Terkirim ke BPJS"
    ACTIVE = "active", "Aktif"
    REFUSED = "refused", "Ditolak BPJS"
    ENDED = "ended", "Berakhir"


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view") -> "MembershipQuerySet":
        """Region roles see the memberships of people in their regions; a sponsor those its funders pay."""
        scope = scope_of(user)
        if scope.has_role(Role.SPONSOR) and not scope.can(action):
            return self.filter(funder__users__user=user)
        return scope.filter(self, "person__village_id", action)

    def active(self) -> "MembershipQuerySet":
        return self.filter(status=MembershipStatus.ACTIVE)


class Membership(models.Model):
    """One person's BPJS Ketenagakerjaan membership in one programme year, under one funder's wadah.

    Made from the approved allocation: the funder pays the months in `months_mask` (bit 0 = the
    period's first month). The KPJ number and the start date are what BPJS recorded; both are opaque
    to us (domain.md §4, §9).
    """

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear", on_delete=models.PROTECT, related_name="memberships", verbose_name="tahun program"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="memberships", verbose_name="pekerja"
    )
    funder = models.ForeignKey(
        "funding.Funder", on_delete=models.PROTECT, related_name="memberships", verbose_name="penyandang dana"
    )
    months_mask = models.IntegerField("bulan yang dibiayai", default=0)
    kpj = models.CharField("nomor KPJ", max_length=30, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.TO_SEND
    )
    refused_reason = models.CharField("alasan penolakan BPJS", max_length=300, blank=True)
    bpjs_start_date = models.DateField("mulai kepesertaan menurut BPJS", null=True, blank=True)
    # The last month (1-based index of the period) the funder pays for, once the membership ends.
    ended_month = models.PositiveSmallIntegerField("berakhir setelah bulan ke-", null=True, blank=True)
    ended_on = models.DateField("tanggal peristiwa", null=True, blank=True)
    end_cause = models.CharField("sebab berakhir", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "kepesertaan"
        verbose_name_plural = "kepesertaan"
        # One KPJ belongs to one person (a person split over two funders keeps one KPJ): the reply
        # service refuses a KPJ already given to someone else; the index makes that check cheap.
        indexes = [
            models.Index(fields=["kpj"], name="membership_kpj"),
            models.Index(fields=["funder", "status"], name="membership_funder_status"),
            models.Index(fields=["person", "programme_year"], name="membership_person_year"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["programme_year", "person", "funder"], name="membership_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=MembershipStatus.values), name="membership_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.funder_id} · {self.get_status_display()}"

    def month_indexes(self) -> list[int]:
        return [i + 1 for i in range(12) if self.months_mask >> i & 1]
