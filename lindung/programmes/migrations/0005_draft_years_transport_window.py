import importlib

from django.db import migrations

seed = importlib.import_module("lindung.programmes.migrations.0004_transport_discount_seed")


def forward(apps, schema_editor):
    """Give draft years the transport window of the rates they were set up with.

    A draft is allocated again before approval, so its prices may follow the configuration; an
    approved year keeps what it was approved with (its amounts are frozen, domain rule).
    """
    ProgrammeYear = apps.get_model("programmes", "ProgrammeYear")
    RateSchedule = apps.get_model("programmes", "RateSchedule")
    for year in ProgrammeYear.objects.filter(status="draft", transport_discount_from__isnull=True):
        rates = RateSchedule.objects.filter(valid_from__lte=year.period_start).order_by("-valid_from").first()
        if rates is None or rates.transport_discount_from is None:
            continue
        year.transport_discount_from = rates.transport_discount_from
        year.transport_discount_to = rates.transport_discount_to
        year.transport_occupations = list(rates.transport_occupations or [])
        year.rates_source = year.rates_source.replace(seed.OLD_NOTE, seed.NEW_NOTE)
        year.save(
            update_fields=["transport_discount_from", "transport_discount_to", "transport_occupations", "rates_source"]
        )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0004_transport_discount_seed")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
