from django.db import migrations

# Name search is a substring match ("rizki" finds "muhammad rizki"); on PostgreSQL a
# trigram index keeps it fast at a million people. SQLite has no such index and
# scans, which is fine at a regency's size.


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_name_key_trgm ON people_person USING gin (name_key gin_trgm_ops)"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_name_key_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_default_rules")]
    operations = [migrations.RunPython(forward, backward)]
