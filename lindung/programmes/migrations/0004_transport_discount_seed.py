from datetime import date

from django.db import migrations

OLD_NOTE = "Jendela sektor transportasi (Jan 2026-Mar 2027) belum dibedakan."
NEW_NOTE = (
    "Sektor transportasi (ojek online, pengemudi, kurir; di sini pekerjaan 'ojek'): potongan yang sama "
    "Januari 2026-Maret 2027, juga TIDAK berlaku bila APBN/APBD membayar (PP 50/2025; domain.md §2: "
    "redaksibengkulu.co.id ojol-kurir, ntvnews.id, kilasriau.com)."
)


def forward(apps, schema_editor):
    """Seed the PP 50/2025 transport-sector window on the schedule 0002 created, and fix its note."""
    RateSchedule = apps.get_model("programmes", "RateSchedule")
    for rates in RateSchedule.objects.filter(discount_bp__gt=0, transport_discount_from__isnull=True):
        rates.transport_discount_from = date(2026, 1, 1)
        rates.transport_discount_to = date(2027, 3, 31)
        rates.transport_occupations = ["ojek"]
        rates.source = rates.source.replace(OLD_NOTE, NEW_NOTE) if OLD_NOTE in rates.source else rates.source
        rates.save(
            update_fields=["transport_discount_from", "transport_discount_to", "transport_occupations", "source"]
        )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_transport_discount_window")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
