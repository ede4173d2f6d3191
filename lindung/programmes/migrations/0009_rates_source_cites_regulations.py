"""The rates' source names the regulations, not the project's notes or the news sites they came from."""

from django.db import migrations

SOURCE = (
    "JKK 1% dari penghasilan yang dilaporkan dan JKM Rp6.800 per bulan bagi peserta bukan penerima upah "
    "(PP 44/2015 tentang Penyelenggaraan Program JKK dan JKM, Lampiran II); JHT 2% dari penghasilan "
    "(PP 46/2015 tentang Penyelenggaraan Program JHT). Potongan 50% iuran JKK dan JKM menurut PP 50/2025: "
    "sektor transportasi (ojek daring, pengemudi, kurir; di sini pekerjaan 'ojek') Januari 2026-Maret 2027, "
    "sektor lain April-Desember 2026; potongan ini tidak berlaku bila iuran dibayar APBN/APBD."
)


# 0007 appended where the 6-month minimum cover comes from; the rewrite keeps it.
MIN_COVER = "Masa kepesertaan minimum 6 bulan:"


def _rewritten(old: str) -> str:
    kept = old[old.index(MIN_COVER) :] if MIN_COVER in old else ""
    return f"{SOURCE} {kept}".strip()


def _is_seeded(text: str) -> bool:
    return "domain.md" in (text or "")


def forward(apps, schema_editor):
    RateSchedule = apps.get_model("programmes", "RateSchedule")
    ProgrammeYear = apps.get_model("programmes", "ProgrammeYear")
    for rates in RateSchedule.objects.all():
        if _is_seeded(rates.source):
            old = rates.source
            rates.source = _rewritten(old)
            rates.save(update_fields=["source"])
            # A year copies its rates' source after "Tarif berlaku sejak ...".
            for year in ProgrammeYear.objects.filter(rates_source__contains=old):
                year.rates_source = year.rates_source.replace(old, rates.source)
                year.save(update_fields=["rates_source"])
    for year in ProgrammeYear.objects.filter(rates_source__contains="domain.md"):
        head = year.rates_source.split(". ", 1)[0]
        year.rates_source = f"{head}. {_rewritten(year.rates_source)}"
        year.save(update_fields=["rates_source"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0008_decree_date")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
