from datetime import date

from django.db import migrations

SOURCE = (
    "Batas usia 18-65 tahun mengikuti praktik Kabupaten PPU untuk pekerja rentan "
    "(beritakaltimterkini.com/?p=22190); batas usia BPJS sendiri BELUM DIKONFIRMASI (domain.md §1)."
)


def forward(apps, schema_editor):
    Rules = apps.get_model("people", "EligibilityRules")
    if not Rules.objects.exists():
        Rules.objects.create(valid_from=date(2021, 1, 1), min_age=18, max_age=65, require_domicile=True, source=SOURCE)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
