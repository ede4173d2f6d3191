from django.contrib import admin

from lindung.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "progress_done", "progress_total", "created_by", "created_at"]
    list_filter = ["kind", "status"]
