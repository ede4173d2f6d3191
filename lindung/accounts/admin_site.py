"""/admin/ is a read-only window onto the tables, for superusers only.

Every change goes through the app's pages and services, which check who may and write the
audit trail in the same transaction; the Django admin does neither, so here nobody may add,
change or delete anything, and only GET requests pass.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse


class ReadOnly:
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_actions(self, request):
        return {}


class ReadOnlyAdminSite(admin.AdminSite):
    site_header = "lindung — tabel (hanya baca)"
    site_title = "lindung"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser and request.method in ("GET", "HEAD")

    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        read_only = type(f"ReadOnly{base.__name__}", (ReadOnly, base), {"__module__": base.__module__})
        super().register(model_or_iterable, read_only, **options)

    def login(self, request, extra_context=None):
        # One login form for the whole site: the throttled, audited one.
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("accounts:login"))


class ReadOnlyAdminConfig(AdminConfig):
    default_site = "lindung.accounts.admin_site.ReadOnlyAdminSite"
