from django import forms

from lindung.coverage.billing import MONTHS_AHEAD


class InvoiceForm(forms.Form):
    first_month = forms.IntegerField(label="Mulai bulan ke-", min_value=1, max_value=12)
    months = forms.TypedChoiceField(
        label="Jumlah bulan", coerce=int, choices=[(m, f"{m} bulan") for m in MONTHS_AHEAD], initial=1
    )


class BillingForm(forms.Form):
    billing_code = forms.CharField(label="Kode penetapan iuran", max_length=40)
    amount = forms.IntegerField(label="Jumlah tagihan BPJS (Rp)", min_value=1)
    billed_on = forms.DateField(label="Tanggal tagihan", widget=forms.DateInput(attrs={"type": "date"}))


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="Tanggal bayar", widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.IntegerField(label="Jumlah (Rp)", min_value=1)
    receipt_number = forms.CharField(label="Nomor kwitansi BPJS", max_length=60)
    reference = forms.CharField(label="Referensi pembayaran", max_length=60, required=False)
    payer = forms.CharField(label="Pembayar", max_length=150, required=False)


class BackdatingForm(forms.Form):
    first_month = forms.IntegerField(label="Dari bulan ke-", min_value=1, max_value=12)
    last_month = forms.IntegerField(label="Sampai bulan ke-", min_value=1, max_value=12)
    reason = forms.CharField(label="Alasan", max_length=500)


class DecisionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label="Keputusan BPJS", coerce=lambda v: v == "1", choices=[("1", "Disetujui"), ("0", "Ditolak")]
    )
    letter_number = forms.CharField(label="Nomor surat", max_length=100, required=False)
    note = forms.CharField(label="Keterangan", max_length=500, required=False)


class ReceiptUploadForm(forms.Form):
    file = forms.FileField(label="Daftar kwitansi BPJS atau rekening koran (XLSX/CSV)")
