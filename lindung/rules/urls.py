from django.urls import path

from lindung.rules import views

app_name = "rules"

urlpatterns = [
    path("", views.rule_index, name="rule-index"),
    path("<slug:slug>/", views.version_list, name="version-list"),
    path("<slug:slug>/baru/", views.version_create, name="version-create"),
]
