"""The one place that decides which regions a user may see or act on.

Every query of region-bound data goes through `Scope.filter`, so a village
operator can never reach another village's rows, whatever the interface.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lindung.accounts.models import ROLE_ACTIONS, Role, RoleAssignment
from lindung.regions.models import below


@dataclass(frozen=True)
class Grant:
    role: str
    region_code: str | None  # None: the whole installation

    def covers(self, code: str) -> bool:
        if self.region_code is None:
            return True
        return code == self.region_code or code.startswith(self.region_code + ".")


@dataclass(frozen=True)
class Scope:
    grants: tuple[Grant, ...] = field(default_factory=tuple)

    def __post_init__(self):
        # Pages ask `can` hundreds of times a request (the filters offer each village the user
        # may see): the grants per action are sorted out once, when the scope is built.
        by_action: dict[str, list[Grant]] = {}
        for g in self.grants:
            for action in ROLE_ACTIONS[g.role]:
                by_action.setdefault(action, []).append(g)
        object.__setattr__(self, "_by_action", {action: tuple(gs) for action, gs in by_action.items()})

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def grants_for(self, action: str) -> tuple[Grant, ...]:
        return self._by_action.get(action, ())

    def can(self, action: str, region_code: str | None = None) -> bool:
        """May act anywhere (no code) or on this region."""
        grants = self.grants_for(action)
        if region_code is None:
            return bool(grants)
        return any(g.covers(region_code) for g in grants)

    def require(self, action: str, region_code: str | None = None) -> None:
        if not self.can(action, region_code):
            raise PermissionDenied("Anda tidak berwenang untuk tindakan ini di wilayah ini.")

    def region_q(self, field_name: str, action: str = "view") -> Q:
        grants = self.grants_for(action)
        if any(g.region_code is None for g in grants):
            return Q()
        if not grants:
            return Q(pk__in=[])
        q = Q(pk__in=[])
        for g in grants:
            q |= below(field_name, g.region_code)
        return q

    def filter(self, qs: QuerySet, field_name: str, action: str = "view") -> QuerySet:
        return qs.filter(self.region_q(field_name, action))

    def region_codes(self, action: str = "view") -> list[str] | None:
        """The top regions for an action, or None for the whole installation."""
        grants = self.grants_for(action)
        if any(g.region_code is None for g in grants):
            return None
        return sorted({g.region_code for g in grants})


EMPTY = Scope()


def scope_of(user) -> Scope:
    """The user's grants, cached on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    cached = getattr(user, "_lindung_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope((Grant(Role.ADMIN, None),))
    else:
        scope = Scope(
            tuple(
                Grant(role, region_id)
                for role, region_id in RoleAssignment.objects.filter(user=user)
                .order_by("role", "region_id")
                .values_list("role", "region_id")
            )
        )
    user._lindung_scope = scope
    return scope


def is_regency_admin(by) -> bool:
    """An admin over the whole installation (an admin bound to a district is not one)."""
    return any(g.role == Role.ADMIN and g.region_code is None for g in scope_of(by).grants)


def require_role(by, *roles: str, message: str = "") -> Scope:
    """Refuse unless the actor holds one of the roles; return their scope for further checks."""
    scope = scope_of(by)
    if not scope.has_role(*roles):
        names = ", ".join(Role(r).label.lower() for r in roles)
        raise PermissionDenied(message or f"Tindakan ini hanya untuk {names}.")
    return scope


def require_region(by, action: str, code: str | None = None) -> Scope:
    """Refuse unless the actor may do the action on this region (or anywhere, without a code)."""
    scope = scope_of(by)
    scope.require(action, code)
    return scope


# Who runs the programme's money: the regency admin sets up years and funders; finance keeps
# the paid side (realisations and one-person amendments) with the admin.
PROGRAMME_MANAGERS = (Role.ADMIN,)
FUNDING_OFFICERS = (Role.ADMIN, Role.FINANCE)
OFFICE_ROLES = (Role.ADMIN, Role.FINANCE, Role.AUDITOR)


def require_programme_manager(by) -> Scope:
    return require_role(
        by, *PROGRAMME_MANAGERS, message="Hanya admin kabupaten yang boleh mengubah tahun program dan pendanaan."
    )


def require_funding_officer(by) -> Scope:
    return require_role(by, *FUNDING_OFFICERS, message="Hanya admin dan keuangan kabupaten yang boleh mencatat ini.")


def get_visible_or_404(qs: QuerySet, user, **lookup):
    """Fetch one row the user may see, or 404 (never 403: do not reveal that it exists)."""
    obj = qs.visible_to(user).filter(**lookup).first()
    if obj is None:
        raise Http404("Data tidak ditemukan atau di luar wilayah Anda.")
    return obj
