from lindung.accounts.menu import menu_for
from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import scope_of


def roles(request):
    scope = scope_of(getattr(request, "user", None))
    return {
        "scope": scope,
        "role_labels": [Role(r).label for r in sorted(scope.roles)],
        "can": {a.value: scope.can(a.value) for a in Action},
        "is_programme_staff": scope.has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR),
        "is_sponsor": scope.has_role(Role.SPONSOR),
        "is_auditor": scope.has_role(Role.AUDITOR, Role.ADMIN),
        "menu": menu_for(scope, getattr(request, "resolver_match", None)),
    }
