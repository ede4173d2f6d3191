"""Giving a sponsor its login is the service's decision (link an existing user or create one), not the page's."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lindung.audit.models import AuditEntry
from lindung.funding.models import FunderUser
from lindung.funding.services import create_funder, give_sponsor_access

PASSWORD = "sandi-yang-cukup-panjang-7"


@pytest.fixture
def csr(cast, year2021, worker):
    worker(name="Pekerja Sponsor")
    return create_funder(year2021, {"kind": "csr", "name": "PT Tambang", "budget": 50_400}, by=cast.admin)


@pytest.mark.parametrize("who", ["finance", "auditor", "verifier_all", "operator_a", "sponsor", "outsider"])
def test_only_the_regency_admin_gives_a_sponsor_access(cast, csr, who):
    with pytest.raises(PermissionDenied):
        give_sponsor_access(csr, "sponsor.baru", PASSWORD, by=getattr(cast, who))
    assert not get_user_model().objects.filter(username="sponsor.baru").exists()
    assert not FunderUser.objects.exists()


def test_a_new_name_becomes_a_sponsor_login_linked_to_the_funder(cast, csr):
    user = give_sponsor_access(csr, "sponsor.baru", PASSWORD, by=cast.admin)
    assert user.check_password(PASSWORD)
    assert FunderUser.objects.filter(funder=csr, user=user).exists()
    assert AuditEntry.objects.filter(action="funding.funder.user_linked", data__user="sponsor.baru").exists()


def test_an_existing_login_is_linked_and_keeps_its_password(cast, csr):
    user = give_sponsor_access(csr, "sponsor", "another-password-1234", by=cast.admin)
    assert user == cast.sponsor
    user.refresh_from_db()
    assert user.check_password("sandi-uji-123")
    assert FunderUser.objects.filter(funder=csr, user=cast.sponsor).exists()


def test_the_page_goes_through_the_service(client, cast, csr):
    client.force_login(cast.finance)
    response = client.post(reverse("funding:sponsor-user", args=[csr.pk]), {"username": "x.baru", "password": PASSWORD})
    assert response.status_code == 403
    assert not FunderUser.objects.exists()
