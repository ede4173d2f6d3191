from django import forms
from django.core.validators import MinValueValidator

from lindung.dedup.models import ListKind
from lindung.dedup.services import MERGE_FIELDS, MERGE_LABELS, bulk_merge_minimum

SIDES = (("a", "Kiri"), ("b", "Kanan"))


class MergeForm(forms.Form):
    """Which record survives and, per field, which side's value it keeps."""

    survivor = forms.ChoiceField(
        label="Data yang dipertahankan (NIK-nya dipakai)", choices=SIDES, widget=forms.RadioSelect
    )
    note = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # The versions the page showed: the merge is refused if either record changed since.
    version_a = forms.IntegerField(required=False, widget=forms.HiddenInput)
    version_b = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.fields["version_a"].initial = candidate.person_a.version
        self.fields["version_b"].initial = candidate.person_b.version
        for field in MERGE_FIELDS:
            self.fields[f"take_{field}"] = forms.ChoiceField(
                label=MERGE_LABELS[field], choices=SIDES, widget=forms.RadioSelect, required=False
            )

    def survivor_id(self) -> int:
        c = self.candidate
        return c.person_a_id if self.cleaned_data["survivor"] == "a" else c.person_b_id

    def versions(self) -> dict[int, int]:
        c, data = self.candidate, self.cleaned_data
        seen = {c.person_a_id: data.get("version_a"), c.person_b_id: data.get("version_b")}
        return {pk: version for pk, version in seen.items() if version is not None}

    def choices(self) -> dict[str, str]:
        return {
            field: self.cleaned_data[f"take_{field}"]
            for field in MERGE_FIELDS
            if self.cleaned_data.get(f"take_{field}")
        }


class DistinctForm(forms.Form):
    note = forms.CharField(
        label="Mengapa dua orang berbeda? (wajib, singkat)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Misalnya: kakak-adik, NIK dan tanggal lahir di KTP berbeda.",
    )


class BulkMergeForm(forms.Form):
    threshold = forms.IntegerField(label="Peluang minimal (%)", min_value=1, max_value=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minimum = round(bulk_merge_minimum() * 100)
        self.fields["threshold"].min_value = minimum
        self.fields["threshold"].initial = minimum
        self.fields["threshold"].validators.append(MinValueValidator(minimum))
        self.fields["threshold"].help_text = f"Paling rendah {minimum}%. Pasangan di bawahnya diperiksa satu per satu."


class ReferenceUploadForm(forms.Form):
    name = forms.CharField(label="Nama daftar", max_length=200, help_text="Misalnya: Peserta BPU Provinsi Kaltim 2026")
    kind = forms.ChoiceField(label="Jenis daftar", choices=ListKind.choices)
    note = forms.CharField(label="Keterangan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label="Berkas (xlsx, xls, ods atau csv)")


class ClearFlagForm(forms.Form):
    reason = forms.CharField(label="Alasan dibersihkan", min_length=5, widget=forms.Textarea(attrs={"rows": 2}))
