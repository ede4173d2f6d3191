"""A user locked out by repeated failed logins is unlocked by the regency admin, on the record."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lindung.accounts import services
from lindung.audit.models import AuditEntry

PASSWORD = "sandi-uji-123"


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")


def test_the_admin_unlocks_a_locked_out_account_and_it_logs_in_again(client, cast):
    for _ in range(5):
        _login(client, "operator_a", "salah-terus")
    assert _login(client, "operator_a", PASSWORD).status_code == 429
    assert services.locked_out_usernames(["operator_a", "operator_b"]) == {"operator_a"}

    services.unlock_user(cast.operator_a, by=cast.admin)
    assert services.locked_out_usernames(["operator_a"]) == set()
    assert _login(client, "operator_a", PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action="accounts.user.unlocked")
    assert entry.actor == cast.admin and entry.data["attempts_cleared"] >= 1


def test_only_the_admin_unlocks(cast):
    with pytest.raises(PermissionDenied):
        services.unlock_user(cast.operator_a, by=cast.auditor)
