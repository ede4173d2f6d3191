"""Removing a manual adjustment that does not exist answers 404, as every missing row in the app does."""

import pytest

from lindung.audit.models import AuditEntry
from lindung.errors import DomainError
from lindung.funding.models import Adjustment
from lindung.funding.services import adjust_person, create_funder, remove_adjustment

PASSWORD = "sandi-uji-123"


@pytest.fixture
def adjustment(cast, year2021, worker):
    siti = worker(name="Siti Aminah")
    create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 10_000_000}, by=cast.admin)
    return adjust_person(year2021, siti, kind="exclude", reason="Ganda", by=cast.admin)


def test_removing_a_missing_adjustment_is_not_found(client, cast, adjustment):
    client.login(username="admin", password=PASSWORD)
    assert client.post(f"/pendanaan/penyesuaian/{adjustment.pk + 1000}/hapus/").status_code == 404


def test_removing_one_twice_is_not_found_the_second_time(client, cast, adjustment):
    client.login(username="admin", password=PASSWORD)
    assert client.post(f"/pendanaan/penyesuaian/{adjustment.pk}/hapus/").status_code == 302
    assert not Adjustment.objects.exists()
    assert client.post(f"/pendanaan/penyesuaian/{adjustment.pk}/hapus/").status_code == 404
    assert AuditEntry.objects.filter(action="funding.adjustment.removed").count() == 1


@pytest.mark.parametrize("role", ["operator_a", "finance", "sponsor"])
def test_a_user_who_may_not_remove_it_is_refused_and_it_stays(client, cast, adjustment, role):
    client.login(username=role, password=PASSWORD)
    assert client.post(f"/pendanaan/penyesuaian/{adjustment.pk}/hapus/").status_code in (403, 404)
    assert Adjustment.objects.filter(pk=adjustment.pk).exists()


def test_the_service_refuses_a_row_another_tab_already_removed(cast, adjustment):
    stale_copy = Adjustment.objects.get(pk=adjustment.pk)
    remove_adjustment(adjustment, by=cast.admin)
    with pytest.raises(DomainError, match="Penyesuaian ini sudah dihapus"):
        remove_adjustment(stale_copy, by=cast.admin)
    assert AuditEntry.objects.filter(action="funding.adjustment.removed").count() == 1
