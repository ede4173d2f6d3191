from django.urls import path

from lindung.dedup import views

app_name = "dedup"

urlpatterns = [
    path("", views.candidate_list, name="candidate-list"),
    path("pindai/", views.scan_start, name="scan-start"),
    path("gabung-sekaligus/", views.bulk_merge, name="bulk-merge"),
    path("<int:pk>/", views.candidate_detail, name="candidate-detail"),
    path("<int:pk>/nik/", views.candidate_reveal_niks, name="candidate-reveal-niks"),
    path("daftar-pembanding/", views.reference_index, name="reference-index"),
    path("daftar-pembanding/<int:pk>/", views.reference_detail, name="reference-detail"),
    path("diblokir/", views.blocked_list, name="blocked-list"),
    path("tanda/<int:pk>/bersihkan/", views.flag_clear, name="flag-clear"),
    path("pekerja/<int:pk>/", views.person_flags, name="person-flags"),
]
