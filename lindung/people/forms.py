from functools import lru_cache

from django import forms
from django.db import connections
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from lindung.accounts.models import Action
from lindung.accounts.scoping import Scope, scope_of
from lindung.fields import RupiahField, TanggalField
from lindung.lib.names import name_key
from lindung.people.models import Occupation, Person, Segment, Sex, Status
from lindung.people.validation import OUTSIDE_REGENCY
from lindung.regions.models import Region
from lindung.regions.services import (
    clears_with_regions,
    installation_districts,
    installation_villages,
    outside_regency,
    outside_regency_message,
)

AGE_BANDS = {
    "<18": (None, 17),
    "18-25": (18, 25),
    "26-35": (26, 35),
    "36-45": (36, 45),
    "46-55": (46, 55),
    "56-65": (56, 65),
    ">65": (66, None),
}


class VillageChoiceField(forms.ChoiceField):
    """The user's villages; a village of another regency is refused as outside this one, not as unknown."""

    def validate(self, value):
        if value and outside_regency(value) and not self.valid_value(value):
            name = Region.objects.filter(code=value).values_list("name", flat=True).first() or ""
            raise forms.ValidationError(outside_regency_message(value, name), code=OUTSIDE_REGENCY)
        super().validate(value)


def village_choices(user, action: str) -> list[tuple[str, str]]:
    return list(_village_choices(scope_of(user), action))


def district_choices(user) -> list[tuple[str, str]]:
    """Districts the user sees whole or in part (an operator's villages bring their district)."""
    return list(_district_choices(scope_of(user)))


# The filters offer every village a user may see on every registry page: working that out
# (a `can` per village) and rendering it cost about a tenth of the page's CPU. It depends only on
# the scope's grants (read from the database on every request, so a changed role counts at once)
# and the installation's regions (whose change clears these caches).
@clears_with_regions
@lru_cache(maxsize=512)
def _village_choices(scope: Scope, action: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (code, f"{name} — Kec. {district}")
        for code, name, district in installation_villages()
        if scope.can(action, code)
    )


@clears_with_regions
@lru_cache(maxsize=512)
def _district_choices(scope: Scope) -> tuple[tuple[str, str], ...]:
    seen = {code[:8] for code, _ in _village_choices(scope, Action.VIEW)}
    return tuple((code, name) for code, name in installation_districts() if code in seen)


class FixedChoices(BaseChoiceIterator):
    """Choices already in Django's normal form, with their <option> markup escaped once.

    Django walks a list of choices again each time it is set on a field and on its widget;
    an iterator is taken as it is, so a cached list costs nothing per form.
    """

    def __init__(self, choices):
        self.choices = tuple(choices)
        self.options = tuple(
            (str(code), f'<option value="{escape(code)}"', f">{escape(label)}</option>") for code, label in self.choices
        )

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)


@clears_with_regions
@lru_cache(maxsize=512)
def filter_choices(scope: Scope) -> tuple[FixedChoices, FixedChoices]:
    """The district and village choices of the registry's filters for a scope."""
    everything = [("", "Semua")]
    return FixedChoices(everything + list(_district_choices(scope))), FixedChoices(
        everything + list(_village_choices(scope, Action.VIEW))
    )


def nik_prefix(digits: str) -> Q:
    """NIKs starting with these digits, as an indexed range (the upper bound is the next prefix)."""
    if set(digits) == {"9"}:
        return Q(nik__gte=digits)
    upper = str(int(digits) + 1).zfill(len(digits))
    return Q(nik__gte=digits, nik__lt=upper)


def _nik_digits(text: str) -> str:
    """The digits of a NIK typed with the spaces or dots people group it by, or "" for other text."""
    digits = text.replace(" ", "").replace(".", "")
    return digits if digits.isdigit() else ""


class QuickSelect(forms.Select):
    """The same <select> as Django's for flat choices, written in Python instead of a template per option.

    The registry's filters hold every village of the regency (about 240 options); rendered
    option by option through the form templates they cost more CPU than the rest of the page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        chosen = chosen[0] if chosen else ""
        options = []
        escaped = getattr(self.choices, "options", None) or (
            (str(code), f'<option value="{escape(code)}"', f">{escape(label)}</option>") for code, label in self.choices
        )
        for code, head, tail in escaped:
            if code == chosen:
                chosen = None  # as Django's: only the first matching option is selected
                options.append(head + " selected" + tail)
            else:
                options.append(head + tail)
        head = format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        return mark_safe(head + "\n  " + "\n  ".join(options) + "\n</select>")


def _choice(label, choices=(), **kwargs):
    return forms.ChoiceField(label=label, required=False, choices=choices, widget=QuickSelect, **kwargs)


class PersonFilterForm(forms.Form):
    q = forms.CharField(label="Cari nama atau NIK", required=False, max_length=100)
    district = _choice("Kecamatan")
    village = _choice("Desa/kelurahan")
    occupation = _choice("Pekerjaan", [("", "Semua")] + Occupation.choices)
    segment = _choice("Segmen", [("", "Semua")] + Segment.choices)
    status = _choice("Status", [("", "Semua")] + Status.choices)
    age = _choice("Usia", [("", "Semua")] + [(k, k) for k in AGE_BANDS])
    warning = _choice("Peringatan", [("", "Semua"), ("ada", "Ada peringatan"), ("tidak", "Tanpa peringatan")])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices, self.fields["village"].choices = filter_choices(scope_of(user))

    refused = ""

    def apply(self, qs):
        """The rows the filters ask for; filters that cannot be read give none, never more."""
        if not self.is_bound:
            return qs  # no filter asked for: the user's whole scope
        if not self.is_valid():
            # An over-long search or an unknown choice must not fall back to the whole list (or export).
            wrong = ", ".join(str(self.fields[name].label) for name in self.errors if name in self.fields)
            self.refused = (
                f"Saringan tidak dapat dipakai ({wrong}): pencarian paling banyak 100 huruf, dan pilihan harus "
                "dari daftar. Tidak ada data yang ditampilkan; perbaiki saringannya lalu cari lagi."
            )
            return qs.none()
        data = self.cleaned_data
        if data["district"]:
            qs = qs.in_region(data["district"])
        if data["village"]:
            qs = qs.filter(village_id=data["village"])
        for field in ("occupation", "segment", "status"):
            if data[field]:
                qs = qs.filter(**{field: data[field]})
        if data["age"]:
            low, high = AGE_BANDS[data["age"]]
            qs = qs.aged_between(low, high, on=timezone.localdate())
        if data["warning"] == "ada":
            qs = qs.exclude(warnings=[])
        elif data["warning"] == "tidak":
            qs = qs.filter(warnings=[])
        q = data["q"].strip()
        if q:
            digits = _nik_digits(q)
            if digits:
                qs = qs.filter(nik=digits) if len(digits) == 16 else qs.filter(nik_prefix(digits))
            else:
                key = name_key(q)
                if key:
                    qs = qs.filter(name_key__contains=key)
                    if connections[qs.db].vendor == "postgresql":
                        # Sorting by an expression keeps the planner off the name index: walking it
                        # in order and filtering takes seconds when the matches sort late ("siti").
                        # The trigram index finds the matches and a small sort orders them.
                        qs = qs.order_by(Concat("name_key", Value("")), "id")
                    # SQLite has no trigram index and scans either way; walking the name index in
                    # order stops at the page's last match instead of sorting every match.
        return qs

    def searched_nik(self) -> str:
        """The whole NIK typed into the search box, if any: the one NIK a list may show unmasked."""
        if not self.is_valid():
            return ""
        digits = _nik_digits(self.cleaned_data["q"].strip())
        return digits if len(digits) == 16 else ""

    def active_filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class PersonForm(forms.Form):
    """Shape only; the rules live in people.validation and run in the service."""

    # Phones open a number pad for numeric fields; autocomplete must never suggest someone else's NIK.
    nik = forms.CharField(
        label="NIK",
        max_length=40,
        help_text="16 digit sesuai KTP.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kk_number = forms.CharField(
        label="No. KK",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label="Nama lengkap sesuai KTP", max_length=150)
    sex = forms.ChoiceField(label="Jenis kelamin", required=False, choices=[("", "— dari NIK —")] + Sex.choices)
    birth_place = forms.CharField(label="Tempat lahir", max_length=100, required=False)
    birth_date = TanggalField(
        label="Tanggal lahir",
        required=False,
        help_text="Hari/bulan/tahun, contoh 12/05/1980. Kosongkan untuk diambil dari NIK.",
        error_messages={"invalid": "Tanggal lahir tidak terbaca. Tulis hari/bulan/tahun, contoh 12/05/1980."},
    )
    village_code = VillageChoiceField(label="Desa/kelurahan")
    rt = forms.CharField(label="RT", max_length=5, required=False)
    rw = forms.CharField(label="RW", max_length=5, required=False)
    street = forms.CharField(label="Alamat (jalan, gang, dusun)", max_length=200, required=False)
    phone = forms.CharField(
        label="No. HP/WA", max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    occupation = forms.ChoiceField(label="Pekerjaan", choices=[("", "— pilih —")] + Occupation.choices)
    occupation_other = forms.CharField(label="Pekerjaan lainnya", max_length=100, required=False)
    segment = forms.ChoiceField(
        label="Segmen", required=False, choices=[("", "— otomatis dari pekerjaan —")] + Segment.choices
    )
    declared_income = RupiahField(
        label="Penghasilan dilaporkan (Rp)", min_value=1, initial=1_000_000, help_text="Contoh: 1.000.000"
    )
    confirm_note = forms.CharField(
        label="Konfirmasi perbedaan data NIK (khusus verifikator)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Isi bila tanggal lahir/jenis kelamin memang berbeda dari NIK (NIK berlaku seumur hidup), "
        "misalnya: tanggal lahir dikoreksi di akta kelahiran.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village_code"].choices = [("", "— pilih —")] + village_choices(user, Action.PROPOSE)

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        return {
            "nik": person.nik,
            "kk_number": person.kk_number,
            "name": person.name,
            "sex": person.sex,
            "birth_place": person.birth_place,
            "birth_date": person.birth_date,
            "village_code": person.village_id,
            "rt": person.rt,
            "rw": person.rw,
            "street": person.street,
            "phone": person.phone,
            "occupation": person.occupation,
            "occupation_other": person.occupation_other,
            "segment": person.segment,
            "declared_income": person.declared_income,
            "version": person.version,
        }

    def add_problems(self, problems) -> None:
        for problem in problems:
            field = problem.field if problem.field in self.fields else None
            self.add_error(field, problem.message)

    def add_rule_problems_to_clean_fields(self, problems) -> None:
        """After a shape error, still show the rules' verdict on the fields that passed shape checks.

        Otherwise a wrong NIK stays silent until the name and village are filled in.
        """
        for problem in problems:
            if problem.field in self.fields and problem.field not in self.errors:
                self.add_error(problem.field, problem.message)


class VerifyForm(forms.Form):
    note = forms.CharField(
        label="Catatan verifikasi",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wajib bila ada peringatan: mengapa data ini tetap diterima, "
        "misalnya: tanggal lahir dikoreksi di akta kelahiran.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label="Alasan penolakan", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(forms.Form):
    status = forms.ChoiceField(label="Status baru", choices=[(Status.DECEASED, "Meninggal"), (Status.MOVED, "Pindah")])
    closed_on = forms.DateField(
        label="Tanggal meninggal/pindah",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Isi tanggal meninggal atau pindah.", "invalid": "Tanggal tidak terbaca."},
    )
    reason = forms.CharField(label="Keterangan", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
