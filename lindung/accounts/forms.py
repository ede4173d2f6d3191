from django import forms

from lindung.accounts.models import Role


def region_choices() -> list:
    """The regency, its districts and its villages (grouped by district), for a role's region."""
    from lindung.regions.services import installation_districts, installation_villages

    choices: list = [("", "Seluruh kabupaten")]
    choices.append(("Kecamatan", [(code, f"Kec. {name}") for code, name in installation_districts()]))
    by_district: dict[str, list] = {}
    for code, name, district in installation_villages():
        by_district.setdefault(f"Desa/kelurahan di Kec. {district}", []).append((code, name))
    choices.extend(by_district.items())
    return choices


class PasswordPairForm(forms.Form):
    """Two typings of a new password; the rules themselves are the service's (AUTH_PASSWORD_VALIDATORS)."""

    password = forms.CharField(label="Kata sandi", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(
        label="Ulangi kata sandi", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "Kedua kata sandi tidak sama.")
        return data


class UserCreateForm(PasswordPairForm):
    username = forms.CharField(label="Nama pengguna", max_length=150, help_text="Untuk masuk; huruf kecil tanpa spasi.")
    full_name = forms.CharField(label="Nama lengkap", max_length=150, required=False)
    email = forms.EmailField(label="E-mail", required=False)

    field_order = ["username", "full_name", "email", "password", "password_again"]


class UserEditForm(forms.Form):
    full_name = forms.CharField(label="Nama lengkap", max_length=150, required=False)
    email = forms.EmailField(label="E-mail", required=False)


class RoleForm(forms.Form):
    # No role preselected: a slip must not make someone an admin.
    role = forms.ChoiceField(label="Peran", choices=[("", "— pilih peran —"), *Role.choices])
    region = forms.ChoiceField(
        label="Wilayah", required=False, help_text="Operator desa: pilih desanya. Sponsor: kosongkan."
    )
    funder = forms.TypedChoiceField(
        label="Penyandang dana (hanya untuk sponsor)", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, funders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()
        self.fields["funder"].choices = [("", "—")] + [(f.pk, f"{f.name} ({f.programme_year.year})") for f in funders]
