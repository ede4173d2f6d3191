from django.urls import path

from lindung.funding import views

app_name = "funding"

urlpatterns = [
    path("", views.sponsor_home, name="sponsor-home"),
    path("<int:year>/baru/", views.funder_create, name="funder-create"),
    path("<int:year>/alokasi/", views.allocate, name="allocate"),
    path("<int:year>/penyesuaian/", views.adjust, name="adjust"),
    path("<int:year>/anggaran/", views.budget_sheet, name="budget-sheet"),
    path("<int:year>/amandemen/", views.amendment_page, name="amendment"),
    path("penyesuaian/<int:pk>/hapus/", views.adjustment_remove, name="adjustment-remove"),
    path("dana/<int:pk>/ubah/", views.funder_edit, name="funder-edit"),
    path("dana/<int:pk>/hapus/", views.funder_delete, name="funder-delete"),
    path("dana/<int:pk>/peserta/", views.sponsor_people, name="funder-people"),
    path("dana/<int:pk>/sk.xlsx", views.decree_xlsx, name="decree-xlsx"),
    path("dana/<int:pk>/sk.pdf", views.decree_pdf, name="decree-pdf"),
    path("amandemen/<int:pk>.pdf", views.amendment_pdf, name="amendment-pdf"),
    path("dana/<int:pk>/pengguna/", views.sponsor_user, name="sponsor-user"),
]
