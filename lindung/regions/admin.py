from django.contrib import admin

from lindung.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "current"]
    list_filter = ["level", "current"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "name", "level", "parent", "current", "current_code"]
