from django.contrib import admin

from lindung.reports.models import Milestone, WorkforceEstimate


@admin.register(WorkforceEstimate)
class WorkforceEstimateAdmin(admin.ModelAdmin):
    list_display = ("region_code", "valid_from", "informal_workers", "source")
    # Changes go through the reports pages, whose services audit them.
    readonly_fields = [f.name for f in WorkforceEstimate._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("on", "kind", "title")
    readonly_fields = [f.name for f in Milestone._meta.fields]

    def has_add_permission(self, request):
        return False
