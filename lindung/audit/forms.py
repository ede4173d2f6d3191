from django import forms


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="Pelaku (nama pengguna)", required=False, max_length=150)
    action = forms.CharField(label="Tindakan (awal namanya, mis. people.person)", required=False, max_length=80)
    region = forms.CharField(label="Kode wilayah (dan di bawahnya)", required=False, max_length=13)
    nik = forms.CharField(label="NIK pekerja", required=False, max_length=16, min_length=16)
    start = forms.DateField(label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"}))
