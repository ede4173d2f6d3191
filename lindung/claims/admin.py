from django.contrib import admin

from lindung.claims.models import BenefitRules, Claim


@admin.register(BenefitRules)
class BenefitRulesAdmin(admin.ModelAdmin):
    """Benefit amounts change by regulation: a new row from its date, never an edit of the past."""

    list_display = ("valid_from", "jkm_lump_sum", "jkm_periodic", "jkm_funeral", "jkk_death_multiplier")

    def get_readonly_fields(self, request, obj=None):
        # A row claims were computed with stays as it was; a change of rules is a new row.
        return [f.name for f in BenefitRules._meta.fields] if obj is not None else []


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "person", "event_date", "status", "entitlement", "paid_amount")
    list_filter = ("kind", "status")
    # Claims change only through their services (each step audited), never here.
    readonly_fields = [f.name for f in Claim._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
