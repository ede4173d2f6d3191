from django import template

from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of

register = template.Library()


@register.filter
def may_manage(job, user) -> bool:
    """Whether `user` may resume or cancel `job` (the services decide; this only hides the buttons)."""
    return job.created_by_id == getattr(user, "pk", None) or scope_of(user).has_role(Role.ADMIN)
