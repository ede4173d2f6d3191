"""Filters for showing money, dates and NIKs the Indonesian way."""

from django import template
from django.utils import timezone

from lindung.lib import formatting
from lindung.lib.nik import mask_nik

register = template.Library()


@register.filter
def rupiah(value):
    return "" if value is None or value == "" else formatting.rupiah(value)


@register.filter
def tanggal(value):
    if value is None or value == "":
        return ""
    if hasattr(value, "hour"):
        return formatting.tanggal_waktu(timezone.localtime(value))
    return formatting.tanggal(value)


@register.filter
def masked(value):
    return mask_nik(value or "")


@register.filter
def angka(value):
    """Whole numbers with dots for thousands: 52.000."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")


@register.filter
def pekerjaan(codes):
    """Occupation codes as their labels: ["petani", "ojek"] -> "Petani, Ojek"."""
    from lindung.people.models import Occupation

    labels = dict(Occupation.choices)
    return ", ".join(labels.get(code, code) for code in codes or [])


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"
