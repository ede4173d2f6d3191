from django.contrib.auth import views as auth_views
from django.urls import path

from lindung.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pengguna/", views.user_list, name="user-list"),
    path("pengguna/baru/", views.user_create, name="user-create"),
    path("pengguna/<int:pk>/", views.user_detail, name="user-detail"),
    path("pengguna/<int:pk>/ubah/", views.user_edit, name="user-edit"),
    path("pengguna/<int:pk>/aktif/", views.user_active, name="user-active"),
    path("pengguna/<int:pk>/sandi/", views.user_password, name="user-password"),
    path("pengguna/<int:pk>/buka-kunci/", views.user_unlock, name="user-unlock"),
    path("pengguna/<int:pk>/peran/", views.role_add, name="role-add"),
    path("pengguna/<int:pk>/peran/<int:assignment_pk>/hapus/", views.role_remove, name="role-remove"),
    path("pengguna/<int:pk>/sponsor/<int:link_pk>/hapus/", views.sponsor_unlink, name="sponsor-unlink"),
]
