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

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def grants_for(self, action: str) -> tuple[Grant, ...]:
        return tuple(g for g in self.grants if action in ROLE_ACTIONS[g.role])

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


def get_visible_or_404(qs: QuerySet, user, **lookup):
    """Fetch one row the user may see, or 404 (never 403: do not reveal that it exists)."""
    obj = qs.visible_to(user).filter(**lookup).first()
    if obj is None:
        raise Http404("Data tidak ditemukan atau di luar wilayah Anda.")
    return obj
