"""Form fields every app uses for amounts and dates, so each form reads them the same Indonesian way."""

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html

from lindung.lib.formatting import rupiah
from lindung.lib.money import AmountError, parse_rupiah

DATE_FORMAT = "%d/%m/%Y"
# What people type: 12/05/1980, 12-05-1980, 12.05.1980; ISO for the API and old links.
DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class RupiahInput(forms.TextInput):
    """A text box (a number box drops the dots) that asks the server how it reads what is typed."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        target = f"#{context['widget']['attrs'].get('id', name)}_understood"
        context["widget"]["attrs"].update(
            {
                "hx-get": str(reverse_lazy("amount-preview")),
                "hx-trigger": "input changed delay:300ms, load",
                "hx-target": target,
                "hx-sync": "this:replace",
            }
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        ident = (attrs or {}).get("id") or self.attrs.get("id") or name
        return html + format_html(
            '<output class="understood" id="{}_understood" for="{}" aria-live="polite"></output>', ident, ident
        )

    def format_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return super().format_value(value)


class RupiahField(forms.Field):
    """An amount in whole rupiah: 50.000.000, 50000000 and "Rp 50.000.000" all mean fifty million."""

    widget = RupiahInput

    def __init__(self, *, min_value: int | None = None, **kwargs):
        self.min_value = min_value
        kwargs.setdefault("help_text", "Contoh: 50.000.000")
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            amount = parse_rupiah(value)
        except AmountError as exc:
            raise forms.ValidationError(exc.message, code="invalid") from None
        if self.min_value is not None and amount < self.min_value:
            raise forms.ValidationError(f"Jumlah paling sedikit {rupiah(self.min_value)}.", code="min_value")
        return amount


def understood(text: str) -> tuple[str, bool]:
    """What an amount field makes of the text, in one Indonesian sentence, and whether it can be saved."""
    if not (text or "").strip():
        return "", True
    try:
        return f"Terbaca: {rupiah(parse_rupiah(text))}", True
    except AmountError as exc:
        return exc.message, False


class TanggalInput(forms.DateInput):
    """A text box for dd/mm/yyyy: the browser's date picker shows mm/dd/yyyy on an English system."""

    def __init__(self, attrs=None):
        super().__init__(
            {"placeholder": "hh/bb/tttt", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})},
            format=DATE_FORMAT,
        )


class TanggalField(forms.DateField):
    widget = TanggalInput
    input_formats = DATE_INPUTS
    default_error_messages = {"invalid": "Tanggal tidak terbaca. Tulis hari/bulan/tahun, contoh 12/05/1980."}
