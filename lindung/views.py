"""Pages that belong to no single app: the amount preview every amount field asks, and the help page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html

from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of
from lindung.fields import understood

# Help sections in the order a regency works: the village proposes, the district verifies, the office funds.
HELP_ORDER = (Role.OPERATOR, Role.VERIFIER, Role.ADMIN, Role.FINANCE, Role.AUDITOR, Role.SPONSOR)


@login_required
def amount_preview(request):
    # The field sends its own name; whichever it is, the first value is the typed amount.
    typed = next(iter(request.GET.values()), "")
    text, readable = understood(typed)
    return HttpResponse(format_html('<span class="{}">{}</span>', "" if readable else "refused", text))


@login_required
def help_page(request):
    """What each of the user's roles does day to day; the other roles' sections fold away below."""
    scope = scope_of(request.user)
    mine = [r for r in HELP_ORDER if scope.has_role(r)]
    others = [r for r in HELP_ORDER if r not in mine]
    return render(request, "help.html", {"mine": mine, "others": others})
