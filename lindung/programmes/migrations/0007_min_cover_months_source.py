from django.db import migrations

NOTE = (
    "Masa kepesertaan minimum 6 bulan: BPJS Ketenagakerjaan menghitung pekerja rentan yang didanai Pemda penuh "
    "baru setelah 6 bulan iuran, di bawahnya sebanding (1.000 orang x 3 bulan dihitung 500; PROBIS Kepesertaan "
    "hlm. 67)."
)


def forward(apps, schema_editor):
    """Cite where the 6-month minimum (seeded by 0006's default) comes from, on the rates and on draft years.

    An approved year keeps the text it was approved with.
    """
    RateSchedule = apps.get_model("programmes", "RateSchedule")
    ProgrammeYear = apps.get_model("programmes", "ProgrammeYear")
    for rates in RateSchedule.objects.exclude(source__contains=NOTE):
        rates.source = f"{rates.source} {NOTE}".strip()
        rates.save(update_fields=["source"])
    for year in ProgrammeYear.objects.filter(status="draft").exclude(rates_source__contains=NOTE):
        year.rates_source = f"{year.rates_source} {NOTE}".strip()
        year.save(update_fields=["rates_source"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0006_min_cover_months")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
