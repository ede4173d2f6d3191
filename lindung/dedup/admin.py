from django.contrib import admin

from lindung.dedup.models import DuplicateCandidate, PersonFlag, ReferenceList


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(admin.ModelAdmin):
    list_display = ("id", "person_a", "person_b", "score", "status", "reviewer", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("person_a", "person_b", "survivor", "reviewer", "found_by_job")
    # Decisions go through the review page so they are audited.
    readonly_fields = ("status", "reviewer", "decided_at", "survivor", "evidence", "score")


@admin.register(ReferenceList)
class ReferenceListAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "row_count", "matched_count", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)
    readonly_fields = ("row_count", "matched_count", "job", "uploaded_by")


@admin.register(PersonFlag)
class PersonFlagAdmin(admin.ModelAdmin):
    list_display = ("person", "reference_list", "score", "status", "cleared_by", "cleared_at")
    list_filter = ("status", "reference_list__kind")
    raw_id_fields = ("person", "reference_row", "reference_list", "cleared_by")
    readonly_fields = ("status", "cleared_by", "cleared_at", "clear_reason", "evidence", "score")
