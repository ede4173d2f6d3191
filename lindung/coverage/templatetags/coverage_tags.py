"""The person page's month-by-month cover, from the same ledger as coverage_on."""

from django import template
from django.utils import timezone

from lindung.coverage.services import answer_from, person_ledger

register = template.Library()


@register.inclusion_tag("coverage/_timeline.html")
def coverage_timeline(person, ledger=None):
    """The timeline; a page that has read the person's ledger already passes it instead of reading it again."""
    today = ledger.today if ledger is not None else timezone.localdate()
    ledger = ledger if ledger is not None else person_ledger(person, today=today)
    years: dict[int, list] = {}
    for month in ledger.months:
        years.setdefault(int(month.label.rsplit(" ", 1)[1]), []).append(month)
    return {
        "person": person,
        "answer": answer_from(ledger, today) if ledger.memberships else None,
        "years": sorted(years.items()),
        "memberships": ledger.memberships,
    }
