from datetime import date

from django.db import migrations

SOURCE = (
    "JKK 1% dari penghasilan (PP 44/2015 Lampiran II), JKM Rp6.800/bulan, JHT 2% (PP 46/2015); "
    "potongan 50% JKK+JKM PP 50/2025 untuk sektor selain transportasi April-Desember 2026, TIDAK berlaku "
    "bila iuran dibayar APBN/APBD (domain.md §2). Jendela sektor transportasi (Jan 2026-Mar 2027) belum dibedakan."
)


def forward(apps, schema_editor):
    RateSchedule = apps.get_model("programmes", "RateSchedule")
    if not RateSchedule.objects.exists():
        RateSchedule.objects.create(
            valid_from=date(2015, 7, 1),
            jkk_bp=100,
            jkm_flat=6800,
            jht_bp=200,
            discount_bp=5000,
            discount_from=date(2026, 4, 1),
            discount_to=date(2026, 12, 31),
            source=SOURCE,
        )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
