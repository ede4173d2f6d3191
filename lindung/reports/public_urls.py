from django.urls import path

from lindung.reports import views

app_name = "public"

urlpatterns = [
    path("", views.public_page, name="page"),
]
