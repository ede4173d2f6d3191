"""The registry table's rows, written in Python.

Through the template engine the 50 rows of the registry list, each with ten values to look
up, escape and localise, cost more CPU than the rest of the page together; the markup is the
same as the template's.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from lindung.lib.formatting import tanggal

register = template.Library()

_WARNING = '<div class="warn-text small"><span aria-hidden="true">⚠</span> {}</div>'


@register.simple_tag
def person_rows(people, search: str, detail_base: str):
    """One <tr> per person; the whole NIK only on the row equal to the NIK the user typed in full."""
    rows = []
    for p in people:
        warnings = "".join(_WARNING.format(escape(w.get("message", ""))) for w in p.warnings or ())
        nik = p.nik if search and search == p.nik else p.masked_nik
        status = escape(p.status)
        rows.append(
            "<tr>"
            f'<td class="c-name"><a href="{escape(detail_base)}{p.pk}/">{escape(p.name)}</a>{warnings}</td>'
            f'<td class="c-nik mono">{escape(nik)}</td>'
            f'<td class="c-village">{escape(p.village.name)}</td>'
            f'<td class="c-occupation">{escape(p.occupation_label)}</td>'
            f'<td class="c-birth">{escape(tanggal(p.birth_date))}</td>'
            f'<td class="c-status"><span class="status status-{status}">{escape(p.get_status_display())}</span></td>'
            "</tr>"
        )
    return mark_safe("\n".join(rows))
