"""Shapes of claim input; the services apply the rules."""

from django import forms

from lindung.accounts.models import Action
from lindung.claims.models import ClaimStatus, DocumentKind, DocumentState, Kind, Relation, SchoolLevel
from lindung.fields import TanggalField
from lindung.people.forms import district_choices, village_choices


def _date(label: str, required: bool = True) -> forms.DateField:
    # Typed as dd/mm/yyyy: the browser's date picker shows mm/dd/yyyy on an English system.
    return TanggalField(
        label=label,
        required=required,
        error_messages={
            "invalid": f"{label} tidak terbaca. Tulis hari/bulan/tahun, seperti 12/05/2026.",
            "required": f"Isi {label.lower()}.",
        },
    )


class ClaimFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Semua")] + ClaimStatus.choices)
    kind = forms.ChoiceField(label="Jenis", required=False, choices=[("", "Semua")] + Kind.choices)
    district = forms.ChoiceField(label="Kecamatan", required=False)
    village = forms.ChoiceField(label="Desa/kelurahan", required=False)
    waiting = forms.ChoiceField(
        label="Menunggu",
        required=False,
        choices=[("", "Semua"), ("dinas", "Di Dinas"), ("bpjs", "Di BPJS"), ("terlambat", "Terlambat dibayar BPJS")],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "Semua")] + district_choices(user)
        self.fields["village"].choices = [("", "Semua")] + village_choices(user, Action.VIEW)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label="Jenis klaim", choices=Kind.choices)
    event_date = _date("Tanggal peristiwa")
    event_time = forms.TimeField(
        label="Jam peristiwa", required=False, widget=forms.TimeInput(attrs={"type": "time"}), help_text="Untuk JKK."
    )
    place = forms.CharField(label="Tempat peristiwa", max_length=200)
    account = forms.CharField(label="Kronologi singkat", widget=forms.Textarea(attrs={"rows": 3}))
    treatment_cost = forms.IntegerField(label="Biaya pengobatan (Rp)", required=False, min_value=1)
    stmb_months = forms.IntegerField(label="Lama tidak mampu bekerja (bulan)", required=False, min_value=1)
    disability_percent = forms.IntegerField(
        label="Persen cacat", required=False, min_value=1, max_value=100, help_text="100 = cacat total tetap."
    )
    follows = forms.TypedChoiceField(label="Klaim asal (beasiswa)", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, origins=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follows"].choices = [("", "—")] + [(c.pk, f"#{c.pk} {c.get_kind_display()}") for c in origins]


class CheckForm(forms.Form):
    verdict = forms.ChoiceField(
        label="Hasil pemeriksaan",
        choices=[("layak", "Layak: lanjutkan"), ("tidak", "Tidak memenuhi syarat")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Alasan / catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SubmissionForm(forms.Form):
    on = _date("Tanggal pengajuan ke BPJS")
    receipt = forms.CharField(label="Nomor tanda terima BPJS", max_length=60)


class PaymentForm(forms.Form):
    on = _date("Tanggal dibayar")
    amount = forms.IntegerField(label="Jumlah dibayar (Rp)", min_value=1)


class RefusalForm(forms.Form):
    on = _date("Tanggal penolakan")
    reason = forms.CharField(label="Alasan penolakan BPJS", widget=forms.Textarea(attrs={"rows": 2}))


class HeirForm(forms.Form):
    name = forms.CharField(label="Nama ahli waris", max_length=150)
    relation = forms.ChoiceField(label="Hubungan", choices=Relation.choices)
    nik = forms.CharField(label="NIK", max_length=16, required=False)
    bank_name = forms.CharField(label="Bank", max_length=60, required=False)
    account_number = forms.CharField(label="Nomor rekening", max_length=30, required=False)
    account_holder = forms.CharField(label="Nama pemilik rekening", max_length=150, required=False)
    phone = forms.CharField(label="No. HP", max_length=20, required=False)


class ChildForm(forms.Form):
    name = forms.CharField(label="Nama anak", max_length=150)
    nik = forms.CharField(label="NIK anak", max_length=16, required=False)
    birth_date = _date("Tanggal lahir")
    level = forms.ChoiceField(label="Jenjang sekolah", choices=SchoolLevel.choices)
    grade = forms.IntegerField(label="Tahun ke- di jenjang ini", min_value=1, initial=1)
    ended_on = _date("Berhenti karena menikah/bekerja pada", required=False)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="Dokumen", choices=DocumentKind.choices)
    file = forms.FileField(label="Berkas (PDF, JPEG atau PNG)")


class MarkForm(forms.Form):
    kind = forms.ChoiceField(label="Dokumen", choices=DocumentKind.choices)
    state = forms.ChoiceField(label="Keadaan", choices=DocumentState.choices)
    note = forms.CharField(label="Catatan", max_length=300, required=False)
