from django.contrib import admin

from lindung.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "interface", "action", "target_type", "target_id", "region_code"]
    list_filter = ["interface", "action"]
    search_fields = ["target_id", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
