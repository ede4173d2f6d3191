from django.urls import path

from lindung.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.year_list, name="year-list"),
    path("baru/", views.year_create, name="year-create"),
    path("simulasi/", views.simulate, name="simulate"),
    path("<int:year>/", views.year_detail, name="year-detail"),
    path("<int:year>/ubah/", views.year_edit, name="year-edit"),
    path("<int:year>/setujui/", views.year_approve, name="year-approve"),
    path("<int:year>/amandemen/", views.year_amend, name="year-amend"),
]
