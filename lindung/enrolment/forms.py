from django import forms

from lindung.enrolment.exports import FIELDS
from lindung.enrolment.models import DATE_FORMATS, MembershipStatus
from lindung.errors import DomainError
from lindung.funding.models import WadahType


class WadahForm(forms.Form):
    wadah_type = forms.ChoiceField(
        label="Jenis wadah BPJS", required=False, choices=[("", "— bawaan menurut jenis dana —"), *WadahType.choices]
    )
    wadah_code = forms.CharField(label="ID wadah di kantor cabang", required=False, max_length=60)


class ReplyForm(forms.Form):
    file = forms.FileField(label="Berkas balasan BPJS (.xlsx, .xls, .ods atau .csv)")


class ProfileForm(forms.Form):
    name = forms.CharField(label="Nama profil", max_length=100)
    columns = forms.CharField(
        label="Kolom, satu per baris: isian | judul kolom",
        widget=forms.Textarea(attrs={"rows": 16, "class": "mono"}),
        help_text="Urutan baris = urutan kolom di berkas. Isian yang dikenal: " + ", ".join(FIELDS) + ".",
    )
    date_format = forms.ChoiceField(label="Format tanggal", choices=[(v, f"{v} ({ex})") for v, ex in DATE_FORMATS])
    is_default = forms.BooleanField(label="Jadikan profil bawaan", required=False)
    note = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @staticmethod
    def columns_text(columns: list[dict]) -> str:
        return "\n".join(f"{c['field']} | {c['header']}" for c in columns)

    def parsed_columns(self) -> list[dict]:
        out = []
        for number, line in enumerate(self.cleaned_data["columns"].splitlines(), start=1):
            if not line.strip():
                continue
            field, _, header = line.partition("|")
            if not field.strip():
                raise DomainError(f"Baris ke-{number}: tulis isiannya sebelum tanda |, misalnya “nik | NIK”.")
            out.append({"field": field.strip(), "header": header.strip()})
        return out


class MembershipFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Semua"), *MembershipStatus.choices])
    year = forms.IntegerField(label="Tahun", required=False)
    funder = forms.IntegerField(required=False, widget=forms.HiddenInput)
    q = forms.CharField(label="Nama atau NIK", required=False, max_length=40)

    def apply(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["year"]:
            qs = qs.filter(programme_year__year=d["year"])
        if d["funder"]:
            qs = qs.filter(funder_id=d["funder"])
        q = (d["q"] or "").strip()
        if q.isdigit() and len(q) == 16:
            qs = qs.filter(person__nik=q)
        elif q:
            qs = qs.filter(person__name__icontains=q)
        return qs
