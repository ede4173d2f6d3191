from django.contrib import admin

from lindung.enrolment.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "funder", "programme_year", "kpj", "status")
    list_filter = ("programme_year", "status")
    # Memberships change only through the enrolment services, which audit every step.
    readonly_fields = [f.name for f in Membership._meta.fields]

    def has_add_permission(self, request):
        return False
