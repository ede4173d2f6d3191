from django.contrib import admin

from lindung.imports.models import ColumnMapping, ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("original_name", "created_by", "status", "rows_total", "rows_invalid", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ImportBatch._meta.fields]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ("signature", "confirmed_by", "updated_at")
