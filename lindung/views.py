"""Pages that belong to no single app: the amount preview every amount field asks, and the help page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.html import escape

from lindung.fields import understood


@login_required
def amount_preview(request):
    # The field sends its own name; whichever it is, the first value is the typed amount.
    typed = next(iter(request.GET.values()), "")
    return HttpResponse(escape(understood(typed)))
