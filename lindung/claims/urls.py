from django.urls import path

from lindung.claims import views

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="claim-list"),
    path("laporkan/", views.claim_report, name="claim-report"),
    path("angka/", views.claim_figures_view, name="claim-figures"),
    path("pengingat-beasiswa/", views.scholarship_reminders, name="scholarship-reminders"),
    path("<int:pk>/", views.claim_detail, name="claim-detail"),
    *(path(f"<int:pk>/{s.path}/", views.claim_step, {"step": name}, name=name) for name, s in views.STEPS.items()),
    path("<int:pk>/dokumen/<int:doc_pk>/", views.document_file, name="document-file"),
]
