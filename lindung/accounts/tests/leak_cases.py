"""Logging in and out, and the (read-only) Django admin, in the leak matrix (lindung/testing/leaks.py)."""

from django.contrib import admin
from django.urls import reverse

from lindung.testing.leaks import EVERYONE, LOGGED_IN, NOBODY, Case


def _admin_urls(w):
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    return [(url, None) for url in urls]


CASES = [
    # Anyone may open the login form and post to it (a wrong password here); sessions are not data.
    Case(
        "accounts:login",
        lambda w: [(reverse("accounts:login"), None)],
        get=EVERYONE,
        post=EVERYONE,
        data=lambda w: {"username": "admin", "password": "salah-sekali"},
    ),
    Case("accounts:logout", lambda w: [(reverse("accounts:logout"), None)], post=EVERYONE),
    # Nobody of the cast is a superuser: every admin URL is closed to them.
    Case("admin*", _admin_urls, get=NOBODY, post=NOBODY),
    # Pages of no single app: the amount preview every amount field asks, and the help page.
    Case("amount-preview", lambda w: [(reverse("amount-preview") + "?budget=50.000.000", None)], get=LOGGED_IN),
    Case("help", lambda w: [(reverse("help"), None)], get=LOGGED_IN),
]
