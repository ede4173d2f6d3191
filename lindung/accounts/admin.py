from django.contrib import admin

from lindung.accounts.models import RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region"]
    list_filter = ["role"]
    autocomplete_fields = ["region"]
    search_fields = ["user__username", "region__name"]
