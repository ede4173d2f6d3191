from django.urls import path

from lindung.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.batch_list, name="batch-list"),
    path("templat.xlsx", views.template_download, name="template"),
    path("<int:pk>/", views.batch_detail, name="batch-detail"),
    path("<int:pk>/pemetaan/", views.batch_mapping, name="batch-mapping"),
    path("<int:pk>/simpan/", views.batch_commit, name="batch-commit"),
    path("<int:pk>/baris-ditolak.xlsx", views.error_download, name="batch-errors"),
]
