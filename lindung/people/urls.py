from django.urls import path

from lindung.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("unduh.xlsx", views.person_export, name="person-export"),
    path("baru/", views.person_create, name="person-create"),
    path("verifikasi/", views.verification_queue, name="verification-queue"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/ubah/", views.person_edit, name="person-edit"),
    path("<int:pk>/nik/", views.person_reveal_nik, name="person-reveal-nik"),
    path("<int:pk>/verifikasi/", views.person_verify, name="person-verify"),
    path("<int:pk>/tolak/", views.person_reject, name="person-reject"),
    path("<int:pk>/status/", views.person_close, name="person-close"),
]
