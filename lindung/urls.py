from django.contrib import admin
from django.urls import include, path

from lindung import views
from lindung.people import views as people_views

urlpatterns = [
    path("", people_views.home, name="home"),
    path("angka/", views.amount_preview, name="amount-preview"),
    path("bantuan/", views.help_page, name="help"),
    path("akun/", include("lindung.accounts.urls")),
    path("pekerja/", include("lindung.people.urls")),
    path("impor/", include("lindung.imports.urls")),
    path("duplikat/", include("lindung.dedup.urls")),
    path("pekerjaan/", include("lindung.jobs.urls")),
    path("program/", include("lindung.programmes.urls")),
    path("pendanaan/", include("lindung.funding.urls")),
    path("kepesertaan/", include("lindung.enrolment.urls")),
    path("santunan/", include("lindung.claims.urls")),
    path("perlindungan/", include("lindung.coverage.urls")),
    path("laporan/", include("lindung.reports.urls")),
    path("publik/", include("lindung.reports.public_urls")),
    path("audit/", include("lindung.audit.urls")),
    path("aturan/", include("lindung.rules.urls")),
    path("api/", include("lindung.api_urls")),
    path("admin/", admin.site.urls),
]

