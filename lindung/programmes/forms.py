from datetime import date

from django import forms

from lindung.fields import RupiahField, TanggalField
from lindung.lib.formatting import BULAN
from lindung.people.models import Occupation, Segment

MONTH_CHOICES = [(i, name) for i, name in enumerate(BULAN, start=1)]


class ProgrammeYearForm(forms.Form):
    year = forms.IntegerField(label="Tahun anggaran", min_value=2015, max_value=2100)
    name = forms.CharField(
        label="Nama program", max_length=150, initial="Jaminan sosial ketenagakerjaan pekerja rentan"
    )
    start_month = forms.TypedChoiceField(label="Bulan pertama", choices=MONTH_CHOICES, coerce=int, initial=1)
    months = forms.IntegerField(label="Jumlah bulan", min_value=1, max_value=12, initial=12)
    covers_jkk = forms.BooleanField(label="JKK (kecelakaan kerja)", required=False, initial=True)
    covers_jkm = forms.BooleanField(label="JKM (kematian)", required=False, initial=True)
    covers_jht = forms.BooleanField(label="JHT (hari tua, pilihan)", required=False)
    declared_income = RupiahField(
        label="Penghasilan yang dilaporkan (Rp)", min_value=1, initial=1_000_000, help_text="Contoh: 1.000.000"
    )
    min_age = forms.IntegerField(label="Usia minimum", min_value=0, max_value=120, initial=18)
    max_age = forms.IntegerField(label="Usia maksimum", min_value=0, max_value=120, initial=65)
    occupations = forms.MultipleChoiceField(
        label="Pekerjaan yang didanai",
        choices=Occupation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Kosongkan untuk semua pekerjaan.",
    )
    segments = forms.MultipleChoiceField(
        label="Segmen yang didanai",
        choices=Segment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Kosongkan untuk BPU dan PU.",
    )
    require_domicile = forms.BooleanField(label="Wajib berdomisili di kabupaten", required=False, initial=True)
    # Asked in words, one choice per rank; the codes stay inside.
    priority_1 = forms.ChoiceField(label="Prioritas pertama", required=False)
    priority_2 = forms.ChoiceField(label="Prioritas kedua", required=False)
    priority_3 = forms.ChoiceField(
        label="Prioritas ketiga",
        required=False,
        help_text="Pekerjaan yang didahulukan bila dana tidak cukup untuk semua; sesudah itu menurut tanggal usulan.",
    )

    PRIORITY_FIELDS = ("priority_1", "priority_2", "priority_3")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.PRIORITY_FIELDS:
            self.fields[name].choices = [("", "— tidak ada —"), *Occupation.choices]

    def priority(self) -> list[str]:
        chosen = [self.cleaned_data.get(name) for name in self.PRIORITY_FIELDS]
        return list(dict.fromkeys(c for c in chosen if c))

    def to_data(self) -> dict:
        d = self.cleaned_data
        return {
            "year": d["year"],
            "name": d["name"],
            "period_start": date(d["year"], d["start_month"], 1),
            "months": d["months"],
            "covers_jkk": d["covers_jkk"],
            "covers_jkm": d["covers_jkm"],
            "covers_jht": d["covers_jht"],
            "declared_income": d["declared_income"],
            "min_age": d["min_age"],
            "max_age": d["max_age"],
            "occupations": list(d["occupations"]),
            "segments": list(d["segments"]),
            "require_domicile": d["require_domicile"],
            "priority_occupations": self.priority(),
        }

    @classmethod
    def initial_from(cls, year) -> dict:
        return {
            "year": year.year,
            "name": year.name,
            "start_month": year.period_start.month,
            "months": year.months,
            "covers_jkk": year.covers_jkk,
            "covers_jkm": year.covers_jkm,
            "covers_jht": year.covers_jht,
            "declared_income": year.declared_income,
            "min_age": year.min_age,
            "max_age": year.max_age,
            "occupations": year.occupations,
            "segments": year.segments,
            "require_domicile": year.require_domicile,
            **{name: code for name, code in zip(cls.PRIORITY_FIELDS, year.priority_occupations or [], strict=False)},
        }


class ApproveForm(forms.Form):
    decree_number = forms.CharField(
        label="Nomor SK Bupati",
        max_length=100,
        error_messages={"required": "Isi nomor SK Bupati yang menetapkan daftar ini, misalnya 500/123/HK/2026."},
    )
    decree_date = TanggalField(
        label="Tanggal SK Bupati",
        help_text="Hari/bulan/tahun, contoh 02/01/2026.",
        error_messages={
            "required": "Isi tanggal SK Bupati (hari/bulan/tahun), misalnya 02/01/2026.",
            "invalid": "Tanggal SK tidak terbaca. Tulis hari/bulan/tahun, contoh 02/01/2026.",
        },
    )
    # The allocation shown on the confirmation page; approving refuses a newer one.
    allocated_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)


class AmendmentForm(forms.Form):
    reason = forms.CharField(label="Alasan amandemen", widget=forms.Textarea(attrs={"rows": 2}), min_length=10)


class SimulateForm(forms.Form):
    workers = forms.IntegerField(label="Jumlah pekerja", min_value=1, initial=35_440)
    months = forms.IntegerField(label="Jumlah bulan", min_value=1, max_value=12, initial=3)
    income = RupiahField(
        label="Penghasilan yang dilaporkan (Rp)", min_value=1, initial=1_000_000, help_text="Contoh: 1.000.000"
    )
    programs = forms.MultipleChoiceField(
        label="Program",
        choices=[("jkk", "JKK"), ("jkm", "JKM"), ("jht", "JHT")],
        initial=["jkk", "jkm"],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih paling sedikit satu program."},
    )
    budget = RupiahField(
        label="Anggaran tersedia (Rp), pilihan",
        min_value=0,
        required=False,
        help_text="Untuk menghitung daya tampung, contoh 50.000.000.",
    )
