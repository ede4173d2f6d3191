"""Roles are granted within the regency, a sponsor's with its funder, and taken back on the record."""

import pytest
from django.core.exceptions import PermissionDenied

from conftest import DISTRICT_A, VILLAGE_A
from lindung.accounts import services
from lindung.accounts.models import Role, RoleAssignment
from lindung.accounts.scoping import scope_of
from lindung.audit.models import AuditEntry
from lindung.errors import DomainError


@pytest.fixture
def funder(cast, year2021, worker):
    from lindung.funding.services import create_funder

    worker(name="Siti Aminah")

    return create_funder(year2021, {"kind": "csr", "name": "PT Tambang", "budget": 50_400}, by=cast.admin)


def test_the_admin_makes_an_outsider_the_operator_of_a_village(cast):
    services.assign_role(cast.outsider, Role.OPERATOR, VILLAGE_A, by=cast.admin)
    cast.outsider._lindung_scope = None
    assert scope_of(cast.outsider).can("propose", VILLAGE_A)
    entry = AuditEntry.objects.get(action="accounts.role.granted", target_id=str(cast.outsider.pk))
    assert entry.actor == cast.admin and entry.region_code == VILLAGE_A


def test_an_operator_is_bound_to_a_village(cast):
    with pytest.raises(DomainError, match="desa/kelurahan tertentu"):
        services.assign_role(cast.outsider, Role.OPERATOR, DISTRICT_A, by=cast.admin)


def test_a_region_outside_the_installations_regency_is_refused(cast):
    with pytest.raises(DomainError, match="di luar kabupaten"):
        services.assign_role(cast.outsider, Role.VERIFIER, "64.03", by=cast.admin)
    assert not RoleAssignment.objects.filter(user=cast.outsider).exists()


@pytest.mark.parametrize("role", ["verifier_all", "operator_a", "finance", "auditor"])
def test_only_the_regency_admin_grants_roles(cast, role):
    with pytest.raises(PermissionDenied):
        services.assign_role(cast.outsider, Role.ADMIN, None, by=getattr(cast, role))
    assert not RoleAssignment.objects.filter(user=cast.outsider).exists()


def test_a_sponsors_role_needs_its_funder_and_brings_the_link(cast, funder):
    from lindung.funding.models import FunderUser

    with pytest.raises(DomainError, match="penyandang dana"):
        services.assign_role(cast.outsider, Role.SPONSOR, None, by=cast.admin)
    services.assign_role(cast.outsider, Role.SPONSOR, None, funder=funder, by=cast.admin)
    assert FunderUser.objects.filter(user=cast.outsider, funder=funder).exists()
    assert RoleAssignment.objects.filter(user=cast.outsider, role=Role.SPONSOR).exists()


def test_revoking_a_sponsors_role_removes_its_funder_links_on_the_record(cast, funder):
    from lindung.funding.models import FunderUser

    services.assign_role(cast.outsider, Role.SPONSOR, None, funder=funder, by=cast.admin)
    services.revoke_role(RoleAssignment.objects.get(user=cast.outsider), by=cast.admin)
    assert not FunderUser.objects.filter(user=cast.outsider).exists()
    assert AuditEntry.objects.filter(action="funding.funder.user_unlinked", target_id=str(funder.pk)).exists()
    assert AuditEntry.objects.filter(action="accounts.role.revoked", target_id=str(cast.outsider.pk)).exists()


def test_a_revoked_operator_sees_nothing_any_more(cast):
    services.revoke_role(RoleAssignment.objects.get(user=cast.operator_a), by=cast.admin)
    cast.operator_a._lindung_scope = None
    assert not scope_of(cast.operator_a).can("view", VILLAGE_A)


def test_an_admin_does_not_revoke_their_own_admin_role(cast):
    with pytest.raises(DomainError, match="sendiri"):
        services.revoke_role(RoleAssignment.objects.get(user=cast.admin), by=cast.admin)
