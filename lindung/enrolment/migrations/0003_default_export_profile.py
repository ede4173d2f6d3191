"""The default layout of the file sent to the BPJS branch.

The official wadah upload template is not public (domain.md §9): the columns are the minimal
collective record of domain.md §4 ("Registration data") and the BPU fields commonly seen (§9):
NIK, name as on the KTP, place and date of birth, sex, address with the desa/kelurahan code,
work location, mobile number, occupation, declared income, programmes, period, funding source,
segment. The admin edits the layout in the app when the branch hands out its own.
"""

from django.db import migrations

COLUMNS = [
    ("no", "No"),
    ("action", "Tindakan"),
    ("nik", "NIK"),
    ("name", "Nama sesuai KTP"),
    ("birth_place", "Tempat lahir"),
    ("birth_date", "Tanggal lahir"),
    ("sex", "Jenis kelamin (L/P)"),
    ("address", "Alamat"),
    ("village_code", "Kode desa/kelurahan"),
    ("village_name", "Desa/kelurahan"),
    ("district_name", "Kecamatan (lokasi kerja)"),
    ("phone", "No. HP"),
    ("occupation", "Pekerjaan"),
    ("income", "Penghasilan (Rp)"),
    ("programmes", "Program"),
    ("period_start", "Mulai kepesertaan"),
    ("period_end", "Sampai"),
    ("segment", "Segmen"),
    ("funding_source", "Sumber dana"),
    ("wadah_type", "Jenis wadah"),
    ("wadah_code", "ID wadah"),
    ("kpj", "No. KPJ"),
    ("event_on", "Tanggal meninggal/pindah"),
    ("note", "Keterangan"),
]


def forward(apps, schema_editor):
    ExportProfile = apps.get_model("enrolment", "ExportProfile")
    if ExportProfile.objects.filter(name="Bawaan lindung").exists():
        return
    ExportProfile.objects.create(
        name="Bawaan lindung",
        columns=[{"field": f, "header": h} for f, h in COLUMNS],
        date_format="%d-%m-%Y",
        is_default=True,
        note="Kolom dari catatan minimal pendaftaran kolektif (domain.md §4 dan §9); templat resmi wadah BPJS "
        "Ketenagakerjaan tidak dipublikasikan.",
    )


class Migration(migrations.Migration):
    dependencies = [("enrolment", "0002_batches")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
