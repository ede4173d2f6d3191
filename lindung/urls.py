from django.contrib import admin
from django.urls import include, path

from lindung.people import views as people_views

urlpatterns = [
    path("", people_views.home, name="home"),
    path("akun/", include("lindung.accounts.urls")),
    path("pekerja/", include("lindung.people.urls")),
    path("impor/", include("lindung.imports.urls")),
    path("duplikat/", include("lindung.dedup.urls")),
    path("pekerjaan/", include("lindung.jobs.urls")),
    path("program/", include("lindung.programmes.urls")),
    path("pendanaan/", include("lindung.funding.urls")),
    path("audit/", include("lindung.audit.urls")),
    path("api/", include("lindung.api_urls")),
    path("admin/", admin.site.urls),
]

