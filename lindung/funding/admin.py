from django.contrib import admin

from lindung.funding.models import Funder, FunderUser, Realisation


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "programme_year", "budget", "rank")
    list_filter = ("programme_year", "kind")
    search_fields = ("name",)
    # Funders change through the funding pages, whose services validate budgets and restrictions.
    readonly_fields = [f.name for f in Funder._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(FunderUser)
class FunderUserAdmin(admin.ModelAdmin):
    list_display = ("funder", "user")


@admin.register(Realisation)
class RealisationAdmin(admin.ModelAdmin):
    list_display = ("funder", "month", "amount", "created_at")
    readonly_fields = [f.name for f in Realisation._meta.fields]

    def has_add_permission(self, request):
        return False
