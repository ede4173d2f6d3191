from django import forms

from lindung.fields import TanggalField
from lindung.reports.models import MilestoneKind


def date_field(label: str) -> forms.DateField:
    return TanggalField(label=label)


class WorkforceEstimateForm(forms.Form):
    region_code = forms.ChoiceField(label="Wilayah")
    valid_from = date_field("Berlaku sejak")
    informal_workers = forms.IntegerField(label="Perkiraan pekerja informal", min_value=1)
    bpu_workers = forms.IntegerField(
        label="Pekerja BPU (penyebut indikator 06.02.021)",
        min_value=1,
        required=False,
        help_text="Kosongkan bila sama dengan pekerja informal.",
    )
    working_population = forms.IntegerField(
        label="Penduduk bekerja, tanpa ASN/TNI/Polri (penyebut UCJ)", min_value=1, required=False
    )
    target_percent = forms.IntegerField(label="Target cakupan (%)", min_value=1, max_value=100, required=False)
    source = forms.CharField(
        label="Sumber",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Misalnya: BPS Kutai Kartanegara, Sakernas Agustus 2024; "
        "atau perkiraan Disnaker dan cara menghitungnya.",
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = list(regions)


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label="Jenis", choices=MilestoneKind.choices)
    on = date_field("Tanggal")
    title = forms.CharField(label="Judul", max_length=200)
    description = forms.CharField(label="Uraian", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SelfCheckForm(forms.Form):
    nik = forms.CharField(
        label="NIK (16 angka, seperti di KTP)",
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
