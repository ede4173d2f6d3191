from django.urls import path

from lindung.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.coverage_page, name="coverage"),
    path("cakupan.xlsx", views.coverage_export, name="coverage-export"),
    path("uang/", views.money_page, name="money"),
    path("uang.xlsx", views.money_export, name="money-export"),
    path("santunan/", views.claims_page, name="claims"),
    path("santunan.xlsx", views.claims_export, name="claims-export"),
    path("penyebut/", views.estimate_list, name="estimate-list"),
    path("capaian/", views.milestone_list, name="milestone-list"),
    path("capaian/<int:pk>/hapus/", views.milestone_delete, name="milestone-delete"),
    path("tahunan/<int:year>.pdf", views.year_report, {"fmt": "pdf"}, name="year-report-pdf"),
    path("tahunan/<int:year>.xlsx", views.year_report, {"fmt": "xlsx"}, name="year-report-xlsx"),
]
