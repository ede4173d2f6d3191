"""The person page's list of claims, so the people app needs one line to show it."""

from django import template

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.claims.models import Claim

register = template.Library()


@register.inclusion_tag("claims/_person_claims.html", takes_context=True)
def person_claims(context, person):
    user = context["request"].user
    return {
        "person": person,
        "claims": list(Claim.objects.visible_to(user).filter(person=person).order_by("-event_date", "-id")),
        "can_report": scope_of(user).can(Action.PROPOSE, person.village_id),
    }
