from django.contrib import admin

from lindung.programmes.models import Amendment, ProgrammeYear, RateSchedule


@admin.register(RateSchedule)
class RateScheduleAdmin(admin.ModelAdmin):
    list_display = (
        "valid_from",
        "jkk_bp",
        "jkm_flat",
        "jht_bp",
        "discount_bp",
        "discount_from",
        "discount_to",
        "transport_discount_from",
        "transport_discount_to",
        "transport_occupations",
        "min_cover_months",
    )


@admin.register(ProgrammeYear)
class ProgrammeYearAdmin(admin.ModelAdmin):
    list_display = ("year", "name", "period_start", "months", "status")
    # Years change through the programme pages, whose services check overlaps, approval and audit.
    readonly_fields = [f.name for f in ProgrammeYear._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ("programme_year", "number", "created_at", "closed_at")
    readonly_fields = [f.name for f in Amendment._meta.fields]

    def has_add_permission(self, request):
        return False
