from django.urls import path

from lindung.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.entry_list, name="entry-list"),
    path("unduh.xlsx", views.entry_export, name="entry-export"),
]
