from django import forms
from django.conf import settings

from lindung.fields import RupiahField
from lindung.funding.amendments import EndCause
from lindung.funding.models import FunderKind, FunderUser, WadahType
from lindung.lib.formatting import rupiah
from lindung.people.models import Occupation
from lindung.regions.models import Region


def _villages():
    qs = Region.objects.in_installation().villages().select_related("parent").order_by("parent__name", "name")
    return [(r.code, f"{r.name} — Kec. {r.parent.name}") for r in qs]


def _districts():
    return [(r.code, r.name) for r in Region.objects.in_installation().districts().order_by("name")]


class FunderForm(forms.Form):
    kind = forms.ChoiceField(label="Jenis penyandang dana", choices=[("", "— pilih —"), *FunderKind.choices])
    name = forms.CharField(label="Nama", max_length=150)
    budget = RupiahField(label="Pagu (Rp)", min_value=1)
    village = forms.ChoiceField(label="Desa (khusus APBDes/ADD/Dana Desa)", required=False)
    districts = forms.MultipleChoiceField(label="Hanya kecamatan", required=False, help_text="Kosongkan untuk semua.")
    villages = forms.MultipleChoiceField(
        label="Hanya desa/kelurahan", required=False, help_text="Kosongkan untuk semua."
    )
    occupations = forms.MultipleChoiceField(
        label="Hanya pekerjaan", required=False, choices=Occupation.choices, help_text="Kosongkan untuk semua."
    )
    first_month = forms.IntegerField(label="Dari bulan ke-", min_value=1, max_value=12, initial=1)
    last_month = forms.IntegerField(
        label="Sampai bulan ke-",
        min_value=1,
        max_value=12,
        required=False,
        help_text="Kosongkan: sampai akhir periode.",
    )
    allow_split = forms.BooleanField(
        label="Boleh membiayai sebagian bulan",
        required=False,
        help_text="Biasanya tidak dicentang: setiap pekerja didanai penuh selama seluruh periode penyandang dana ini, "
        "oleh penyandang dana ini saja. Centang bila sisa pagu yang tidak cukup untuk satu orang penuh boleh "
        "dipakai untuk sebagian bulan seorang pekerja yang belum didanai (paling sedikit masa kepesertaan "
        "minimum, biasanya 6 bulan; bila perlu bersama penyandang dana lain yang juga mengizinkannya), lalu untuk "
        "bulan-bulan lain pekerja yang didanai penyandang dana dengan periode lebih pendek.",
    )
    rank = forms.IntegerField(
        label="Urutan pemakaian",
        required=False,
        help_text="Angka kecil dipakai lebih dulu. Kosongkan: dana desa 10, CSR 20, GN Lingkaran/donatur 30, "
        "APBD provinsi 40, APBD kabupaten 50.",
    )
    note = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    wadah_type = forms.ChoiceField(
        label="Jenis wadah BPJS",
        required=False,
        choices=[("", "— bawaan menurut jenis dana —"), *WadahType.choices],
        help_text="Kode jenis wadah di BPJS Ketenagakerjaan (PROBIS hlm. 67).",
    )
    wadah_code = forms.CharField(
        label="ID wadah di kantor cabang", required=False, max_length=60, help_text="Diberikan kantor cabang BPJS."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        villages = _villages()
        self.fields["village"].choices = [("", "—"), *villages]
        self.fields["villages"].choices = villages
        self.fields["districts"].choices = _districts()
        for name in ("districts", "villages", "occupations"):
            self.fields[name].widget.attrs["size"] = 6

    def to_data(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "name": d["name"].strip(),
            "budget": d["budget"],
            "village": d["village"] or None,
            "districts": list(d["districts"]),
            "villages": list(d["villages"]),
            "occupations": list(d["occupations"]),
            "first_month": d["first_month"],
            "last_month": d["last_month"],
            "rank": d["rank"],
            "allow_split": d["allow_split"],
            "note": d["note"],
            "wadah_type": d["wadah_type"],
            "wadah_code": " ".join(d["wadah_code"].split()),
        }

    @classmethod
    def initial_from(cls, funder) -> dict:
        return {
            "kind": funder.kind,
            "name": funder.name,
            "budget": funder.budget,
            "village": funder.village_id or "",
            "districts": funder.districts,
            "villages": funder.villages,
            "occupations": funder.occupations,
            "first_month": funder.first_month,
            "last_month": funder.last_month,
            "rank": funder.rank,
            "allow_split": funder.allow_split,
            "note": funder.note,
            "wadah_type": funder.wadah_type,
            "wadah_code": funder.wadah_code,
        }


class AdjustmentForm(forms.Form):
    nik = forms.CharField(label="NIK pekerja", max_length=16, min_length=16)
    kind = forms.ChoiceField(
        label="Penyesuaian", choices=[("exclude", "Keluarkan dari alokasi"), ("pin", "Tetapkan penyandang dana")]
    )
    funder = forms.ModelChoiceField(label="Penyandang dana", queryset=None, required=False)
    reason = forms.CharField(label="Alasan", max_length=400)

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = year.funders.all()


class ExplainForm(forms.Form):
    nik = forms.CharField(label="NIK pekerja", max_length=16, min_length=16)


class SponsorUserForm(forms.Form):
    username = forms.CharField(label="Nama pengguna sponsor", max_length=150)
    # The rules are AUTH_PASSWORD_VALIDATORS', applied by accounts.services.create_user like everywhere.
    password = forms.CharField(label="Kata sandi awal", required=False, widget=forms.PasswordInput)


def _month_choices(year) -> list[tuple[int, str]]:
    return [(i, f"ke-{i} · {year.month_label(i)}") for i in range(1, year.months + 1)]


class EndCoverForm(forms.Form):
    nik = forms.CharField(label="NIK pekerja", max_length=16, min_length=16)
    from_month = forms.TypedChoiceField(
        label="Berakhir mulai bulan",
        coerce=int,
        help_text="Bulan pertama yang tidak lagi dibayar; bulan sebelumnya tetap didanai.",
    )
    cause = forms.ChoiceField(label="Alasan", choices=[("", "— pilih —"), *EndCause.choices])
    note = forms.CharField(
        label="Keterangan",
        required=False,
        max_length=300,
        help_text="Misalnya nomor akta kematian atau surat pindah. Wajib untuk lain-lain.",
    )

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_month"].choices = _month_choices(year)


class AddCoverForm(forms.Form):
    nik = forms.CharField(label="NIK pekerja", max_length=16, min_length=16)
    funder = forms.ModelChoiceField(label="Penyandang dana", queryset=None, empty_label="— pilih —")
    from_month = forms.TypedChoiceField(
        label="Didanai mulai bulan", coerce=int, help_text="Sampai bulan terakhir penyandang dana itu."
    )
    reason = forms.CharField(
        label="Alasan", max_length=400, help_text="Misalnya: pengganti Siti Aminah yang meninggal (akta no. …)."
    )

    def __init__(self, *args, year, remaining: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["funder"]
        field.queryset = year.funders.all()
        field.label_from_instance = lambda f: f"{f.name} — sisa {rupiah(remaining.get(f.pk, f.budget))}"
        self.fields["from_month"].choices = _month_choices(year)


__all__ = [
    "AddCoverForm",
    "AdjustmentForm",
    "EndCoverForm",
    "ExplainForm",
    "FunderForm",
    "FunderUser",
    "SponsorUserForm",
    "settings",
]
