from datetime import date

from django.db import migrations

SOURCE = (
    "Iuran BPU jatuh tempo paling lambat tanggal 15 bulan iuran itu sendiri (kontan.co.id, domain.md §2). "
    "Tunggakan dapat dibayar paling lama 3 bulan dihitung sejak berakhirnya perlindungan; setelah 3 bulan "
    "berturut-turut tidak dibayar kepesertaan berakhir, dan pembayaran sesudahnya dihitung sebagai kepesertaan "
    "baru yang melindungi mulai bulan pembayaran (PROBIS 908 Kepesertaan, Perdir 22/PERDIR.02/072022, hlm. 59 "
    "dan 85; domain.md §9). Aktivasi ulang: BELUM DIKONFIRMASI (FAQ BPJS dan kepala cabang berbeda)."
)


def forward(apps, schema_editor):
    CoverageRules = apps.get_model("coverage", "CoverageRules")
    if not CoverageRules.objects.exists():
        CoverageRules.objects.create(
            valid_from=date(2015, 7, 1),
            due_day=15,
            arrears_months=3,
            restart_at_payment_month=True,
            warn_unpaid_months=2,
            source=SOURCE,
        )


class Migration(migrations.Migration):
    dependencies = [("coverage", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
