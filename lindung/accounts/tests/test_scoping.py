"""Who may see and do what where: grants, scopes and role assignments."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404

from conftest import DISTRICT_A, VILLAGE_A, VILLAGE_A2, VILLAGE_B
from lindung.accounts.models import Action, Role, RoleAssignment
from lindung.accounts.scoping import EMPTY, Grant, Scope, get_visible_or_404, scope_of
from lindung.accounts.services import create_user, grant_role
from lindung.audit.models import AuditEntry
from lindung.errors import DomainError
from lindung.people.models import Person
from lindung.regions.models import Region


@pytest.mark.parametrize(
    "grant,code,covered",
    [
        ("64.02.06", "64.02.06", True),
        ("64.02.06", "64.02.06.1010", True),
        ("64.02", "64.02.06.1010", True),
        ("64.02.1", "64.02.10", False),
        ("64.02.1", "64.02.10.2001", False),
        ("64.02.01", "64.02.010", False),
        ("64.02.06.1010", "64.02.06.10100", False),
        ("64.02.06", "64.02.0", False),
        ("64.02.06", "64.02", False),
        ("6", "64.02", False),
        (None, "91.02.03", True),
    ],
)
def test_a_grant_covers_its_region_and_what_lies_below_it_only(grant, code, covered):
    assert Grant(Role.VERIFIER, grant).covers(code) is covered


def test_a_scope_filter_matches_codes_by_whole_parts(db):
    false_prefix = Scope((Grant(Role.VERIFIER, "64.02.1"),))
    assert not false_prefix.filter(Region.objects.all(), "code").exists()
    district = Scope((Grant(Role.VERIFIER, "64.02.01"),))
    codes = set(district.filter(Region.objects.all(), "code").values_list("code", flat=True))
    assert codes == set(Region.objects.within("64.02.01").values_list("code", flat=True))
    assert "64.02.01" in codes
    assert not any(c.startswith(("64.02.010", "64.02.011")) for c in codes)


def test_a_scope_gives_only_the_actions_of_its_roles():
    scope = Scope((Grant(Role.OPERATOR, VILLAGE_A), Grant(Role.FINANCE, None)))
    assert scope.can(Action.VIEW, VILLAGE_B)
    assert scope.can(Action.PROPOSE, VILLAGE_A)
    assert not scope.can(Action.PROPOSE, VILLAGE_A2)
    assert scope.can(Action.VIEW_FULL_NIK, VILLAGE_A)
    assert not scope.can(Action.VIEW_FULL_NIK, VILLAGE_B)
    assert not scope.can(Action.VERIFY)
    assert scope.region_codes(Action.PROPOSE) == [VILLAGE_A]
    assert scope.region_codes(Action.VIEW) is None
    with pytest.raises(PermissionDenied):
        scope.require(Action.MANAGE)


def test_an_empty_scope_sees_nothing(db, cast, make_person):
    make_person()
    assert not EMPTY.can(Action.VIEW)
    assert EMPTY.region_codes() == []
    assert not EMPTY.filter(Person.objects.all(), "village__code").exists()


def test_a_superuser_is_a_regency_admin(cast, make_person):
    person = make_person(village_code=VILLAGE_B)
    boss = get_user_model().objects.create_superuser("kepala", password="sandi-uji-123")
    scope = scope_of(boss)
    assert scope.grants == (Grant(Role.ADMIN, None),)
    assert all(scope.can(action) for action in Action.values)
    assert list(Person.objects.visible_to(boss)) == [person]


def test_anonymous_and_inactive_users_have_no_scope(cast):
    assert scope_of(AnonymousUser()) is EMPTY
    assert scope_of(None) is EMPTY
    cast.admin.is_active = False
    assert scope_of(cast.admin) is EMPTY


def test_a_user_scope_comes_from_their_assignments(cast):
    assert scope_of(cast.verifier).grants == (Grant(Role.VERIFIER, DISTRICT_A),)
    assert scope_of(cast.operator_a).region_codes() == [VILLAGE_A]
    assert scope_of(cast.outsider) == EMPTY


def test_get_visible_or_404_hides_what_is_out_of_scope(cast, make_person):
    person = make_person()
    assert get_visible_or_404(Person.objects, cast.operator_a, pk=person.pk) == person
    with pytest.raises(Http404):
        get_visible_or_404(Person.objects, cast.operator_b, pk=person.pk)


@pytest.mark.parametrize("region", [None, DISTRICT_A, "64.02"])
def test_grant_role_refuses_an_operator_without_a_village(cast, region):
    with pytest.raises(DomainError, match="desa/kelurahan tertentu"):
        grant_role(cast.outsider, Role.OPERATOR, region, by=cast.admin)
    assert not RoleAssignment.objects.filter(user=cast.outsider).exists()


def test_the_database_refuses_an_operator_without_a_region(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=cast.outsider, role=Role.OPERATOR, region=None)
    assert not RoleAssignment.objects.filter(user=cast.outsider).exists()


def test_the_database_refuses_an_unknown_role(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=cast.outsider, role="raja", region=None)


def test_grant_role_refuses_unknown_roles_and_regions(cast):
    with pytest.raises(DomainError, match="tidak dikenal"):
        grant_role(cast.outsider, "raja", None, by=cast.admin)
    with pytest.raises(DomainError, match=r"64\.02\.99 tidak dikenal"):
        grant_role(cast.outsider, Role.VERIFIER, "64.02.99", by=cast.admin)
    with pytest.raises(DomainError, match="tidak dikenal"):
        grant_role(cast.outsider, Role.VERIFIER, "91.02.03", by=cast.admin)  # a former code


def test_grant_role_is_audited_once(cast):
    grant_role(cast.outsider, Role.VERIFIER, DISTRICT_A, by=cast.admin)
    grant_role(cast.outsider, Role.VERIFIER, DISTRICT_A, by=cast.admin)
    entry = AuditEntry.objects.get(action="accounts.role.granted", target_id=str(cast.outsider.pk))
    assert (entry.actor, entry.region_code, entry.data) == (
        cast.admin,
        DISTRICT_A,
        {"role": Role.VERIFIER, "region": DISTRICT_A},
    )
    assert RoleAssignment.objects.filter(user=cast.outsider).count() == 1


def test_create_user_refuses_a_taken_username(cast):
    with pytest.raises(DomainError, match="sudah dipakai"):
        create_user("admin", "sandi-uji-123", by=cast.admin)
