"""The regency admin creates, renames, deactivates and re-passwords users; each change on the record, no password."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from lindung.accounts import services
from lindung.audit.models import AuditEntry
from lindung.errors import DomainError

GOOD = "teluk-dalam-berangin-7"


def test_the_admin_creates_a_user_and_the_audit_holds_no_password(cast):
    user = services.create_user("siti", GOOD, full_name="Siti Aminah", email="siti@desa.id", by=cast.admin)
    assert user.check_password(GOOD) and user.get_full_name() == "Siti Aminah" and user.email == "siti@desa.id"
    entry = AuditEntry.objects.get(action="accounts.user.created", target_id=str(user.pk))
    assert entry.actor == cast.admin
    assert GOOD not in str(entry.data) and user.password not in str(entry.data)


@pytest.mark.parametrize("role", ["verifier_all", "operator_a", "finance", "auditor", "sponsor", "outsider"])
def test_only_the_regency_admin_creates_users(cast, role):
    with pytest.raises(PermissionDenied):
        services.create_user("siti", GOOD, by=getattr(cast, role))
    assert not get_user_model().objects.filter(username="siti").exists()


@pytest.mark.parametrize("password", ["12345678", "siti-aminah", "password123"])
def test_a_weak_password_is_refused_with_the_reason(cast, password):
    with pytest.raises(DomainError, match="Kata sandi ditolak"):
        services.create_user("siti.aminah", password, full_name="Siti Aminah", by=cast.admin)


def test_a_user_name_is_not_taken_twice_whatever_its_case(cast):
    with pytest.raises(DomainError, match="sudah dipakai"):
        services.create_user("Operator_A", GOOD, by=cast.admin)


def test_a_rename_is_audited_as_a_diff(cast):
    services.update_user(cast.operator_a, full_name="Budi Santoso", email="budi@desa.id", by=cast.admin)
    cast.operator_a.refresh_from_db()
    assert (cast.operator_a.first_name, cast.operator_a.last_name) == ("Budi", "Santoso")
    entry = AuditEntry.objects.get(action="accounts.user.updated")
    assert entry.data["changes"]["email"] == ["", "budi@desa.id"]


def test_a_deactivated_user_cannot_log_in_and_a_reactivated_one_can(client, cast):
    from django.urls import reverse

    client.force_login(cast.operator_a)
    services.set_user_active(cast.operator_a, False, by=cast.admin)
    assert client.get(reverse("people:person-list")).status_code == 302, "an open session ends with the account"
    assert not client.login(username="operator_a", password="sandi-uji-123")
    services.set_user_active(cast.operator_a, True, by=cast.admin)
    assert client.login(username="operator_a", password="sandi-uji-123")
    actions = list(AuditEntry.objects.filter(target_id=str(cast.operator_a.pk)).values_list("action", flat=True))
    assert "accounts.user.deactivated" in actions and "accounts.user.activated" in actions


def test_the_admin_cannot_deactivate_their_own_account(cast):
    with pytest.raises(DomainError, match="sendiri"):
        services.set_user_active(cast.admin, False, by=cast.admin)


def test_a_new_password_follows_the_rules_and_is_not_recorded(client, cast):
    with pytest.raises(DomainError, match="Kata sandi ditolak"):
        services.set_password(cast.operator_a, "1234567890", by=cast.admin)
    services.set_password(cast.operator_a, GOOD, by=cast.admin)
    assert client.login(username="operator_a", password=GOOD)
    entry = AuditEntry.objects.get(action="accounts.user.password_set")
    assert entry.data == {} and entry.actor == cast.admin


def test_a_regency_admin_cannot_take_over_the_superuser(cast):
    root = get_user_model().objects.create_superuser("root", password=GOOD)
    for change in (
        lambda: services.set_password(root, GOOD + "x", by=cast.admin),
        lambda: services.set_user_active(root, False, by=cast.admin),
        lambda: services.update_user(root, full_name="X", email="", by=cast.admin),
    ):
        with pytest.raises(PermissionDenied):
            change()
    root.refresh_from_db()
    assert root.is_active and root.check_password(GOOD)


def test_an_admin_of_one_district_does_not_manage_users(cast):
    from lindung.accounts.models import Role

    services.grant_role(cast.outsider, Role.ADMIN, "64.02.06", by=cast.admin)
    with pytest.raises(PermissionDenied):
        services.grant_role(cast.outsider, Role.ADMIN, None, by=cast.outsider)
