"""Logging in and out, and the (read-only) Django admin, in the leak matrix (lindung/testing/leaks.py)."""

from django.contrib import admin
from django.urls import reverse

from lindung.testing.leaks import ADMIN, EVERYONE, LOGGED_IN, NOBODY, Case

USER_VIEWERS = frozenset({"admin", "auditor"})
NEW_PASSWORD = "kata-sandi-baru-yang-panjang-9"


def extend(world):
    """A user the admin manages in these cases: an operator of village A, locked out, linked to a funder."""
    from django.contrib.auth import get_user_model

    from lindung.accounts.models import Role, RoleAssignment
    from lindung.accounts.services import grant_role

    user = get_user_model().objects.create_user(username="dikelola", password=NEW_PASSWORD)
    grant_role(user, Role.OPERATOR, "64.02.06.1010", by=world.cast.admin)
    world.things["managed"] = user
    world.things["managed_role"] = RoleAssignment.objects.get(user=user)


def _user_url(name, *extra):
    def urls(w):
        user = w.things["managed"]
        args = [user.pk] + [w.things[key].pk for key in extra]
        return [(reverse(name, args=args), None)]

    return urls


def _admin_urls(w):
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    return [(url, None) for url in urls]


def _sponsor_link_url(w):
    from lindung.funding.models import FunderUser

    link = FunderUser.objects.get(user=w.cast.sponsor)
    return [(reverse("accounts:sponsor-unlink", args=[w.cast.sponsor.pk, link.pk]), None)]


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
    # Users and roles: the regency admin manages them, the auditor reads.
    Case("accounts:user-list", lambda w: [(reverse("accounts:user-list"), None)], get=USER_VIEWERS),
    Case(
        "accounts:user-create",
        lambda w: [(reverse("accounts:user-create"), None)],
        get=ADMIN,
        post=ADMIN,
        data=lambda w: {"username": "baru", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    ),
    Case("accounts:user-detail", _user_url("accounts:user-detail"), get=USER_VIEWERS),
    Case(
        "accounts:user-edit",
        _user_url("accounts:user-edit"),
        post=ADMIN,
        data=lambda w: {"full_name": "Nama Baru", "email": "baru@example.org"},
    ),
    Case("accounts:user-active", _user_url("accounts:user-active"), post=ADMIN, data=lambda w: {"active": "0"}),
    Case(
        "accounts:user-password",
        _user_url("accounts:user-password"),
        post=ADMIN,
        data=lambda w: {"password": NEW_PASSWORD + "x", "password_again": NEW_PASSWORD + "x"},
    ),
    Case("accounts:user-unlock", _user_url("accounts:user-unlock"), post=ADMIN),
    Case(
        "accounts:role-add",
        _user_url("accounts:role-add"),
        post=ADMIN,
        data=lambda w: {"role": "verifier", "region": "64.02.06"},
    ),
    Case("accounts:role-remove", _user_url("accounts:role-remove", "managed_role"), post=ADMIN),
    Case("accounts:sponsor-unlink", _sponsor_link_url, post=ADMIN),
    # Nobody of the cast is a superuser: every admin URL is closed to them.
    Case("admin*", _admin_urls, get=NOBODY, post=NOBODY),
    # Pages of no single app: the amount preview every amount field asks, and the help page.
    Case("amount-preview", lambda w: [(reverse("amount-preview") + "?budget=50.000.000", None)], get=LOGGED_IN),
    Case("help", lambda w: [(reverse("help"), None)], get=LOGGED_IN),
]
