"""The default profile sends the occupation as the village list wrote it beside its category."""

from django.db import migrations

COLUMN = {"field": "occupation_written", "header": "Pekerjaan (sesuai daftar)"}


def forward(apps, schema_editor):
    ExportProfile = apps.get_model("enrolment", "ExportProfile")
    for profile in ExportProfile.objects.filter(name="Bawaan lindung"):
        fields = [c["field"] for c in profile.columns]
        if "occupation_written" in fields or "occupation" not in fields:
            continue
        at = fields.index("occupation") + 1
        profile.columns = [*profile.columns[:at], dict(COLUMN), *profile.columns[at:]]
        profile.save(update_fields=["columns"])


class Migration(migrations.Migration):
    dependencies = [("enrolment", "0003_default_export_profile")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
