from django import forms
from django.db import models

from lindung.claims.models import RULE_FIELDS, BenefitRules
from lindung.people.models import Occupation

# Rule columns that hold a list of occupation codes: offered as boxes to tick, not JSON to type.
OCCUPATION_LISTS = {"allowed_occupations", "transport_occupations"}


def version_form(model: type[models.Model]) -> type[forms.ModelForm]:
    """A form for a new version of one dated rule, every column of the model."""

    def field_for(db_field, **kwargs):
        if db_field.name in OCCUPATION_LISTS:
            return forms.MultipleChoiceField(
                label=db_field.verbose_name.capitalize(),
                choices=Occupation.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=db_field.help_text,
            )
        if model is BenefitRules and db_field.name == "unconfirmed":
            return forms.MultipleChoiceField(
                label="Belum dikonfirmasi sumber primer",
                choices=[(f, BenefitRules._meta.get_field(f).verbose_name) for f in RULE_FIELDS],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="Centang angka yang belum dikonfirmasi peraturan atau BPJS; halaman klaim menandainya.",
            )
        if isinstance(db_field, models.DateField):
            kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        if isinstance(db_field, models.TextField):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2})
        return db_field.formfield(**kwargs)

    form = forms.modelform_factory(model, fields="__all__", formfield_callback=field_for)
    # Some models leave the source blank for their seeded rows; a version added here always names one.
    form.base_fields["source"].required = True
    # Sent only by the warning step's button, carrying the start date the warning was about.
    form.base_fields["confirm_backdated"] = forms.DateField(required=False, widget=forms.HiddenInput)
    return form


def version_values(form) -> tuple[dict, object]:
    """The new version's column values, and the backdated start date the user confirmed (or None)."""
    values = dict(form.cleaned_data)
    return values, values.pop("confirm_backdated", None)
