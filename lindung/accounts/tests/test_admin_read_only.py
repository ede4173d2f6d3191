"""/admin/ shows the tables to a superuser and changes nothing for anyone."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lindung.accounts.models import RoleAssignment


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", password="sandi-root-yang-panjang")


def test_a_superuser_reads_the_tables(client, cast, root):
    client.force_login(root)
    page = client.get(reverse("admin:accounts_roleassignment_changelist"))
    assert page.status_code == 200
    assert "hanya baca" in page.content.decode()


def test_nobody_adds_changes_or_deletes_through_the_admin(client, cast, root):
    client.force_login(root)
    role = RoleAssignment.objects.first()
    assert client.get(reverse("admin:accounts_roleassignment_add")).status_code == 403
    before = list(RoleAssignment.objects.values_list("pk", "role", "region_id"))
    client.post(reverse("admin:accounts_roleassignment_add"), {"user": root.pk, "role": "admin"})
    client.post(reverse("admin:accounts_roleassignment_change", args=[role.pk]), {"role": "auditor"})
    client.post(reverse("admin:accounts_roleassignment_delete", args=[role.pk]), {"post": "yes"})
    client.post(reverse("admin:auth_user_password_change", args=[cast.admin.pk]), {"password1": "x", "password2": "x"})
    assert list(RoleAssignment.objects.values_list("pk", "role", "region_id")) == before
    assert get_user_model().objects.get(pk=cast.admin.pk).check_password("sandi-uji-123")


def test_the_regency_admin_role_alone_does_not_open_the_admin(client, cast):
    client.force_login(cast.admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    # The admin's own login form sends on to the site's throttled one.
    onward = client.get(response["Location"])
    assert onward.status_code == 302 and onward["Location"].startswith(reverse("accounts:login"))
