"""The benefit rules of PP 82/2019 as domain.md §3 gives them, with their sources."""

from datetime import date

from django.db import migrations

SOURCE = (
    "domain.md §3. JKM Rp42 juta = Rp20 juta sekaligus + Rp12 juta berkala (24 bulan) + Rp10 juta pemakaman, "
    "PP 82/2019 (koranperbatasan.com/baca/nasional/presiden-jokowi-tambah-santunan-kecelakaan-kerja; metrosulteng.com). "
    "JKM minimal 3 bulan iuran, kurang dari itu hanya biaya pemakaman (ipol.id/2025/03; kaltimtoday.co; radarsumbar.com/baca/167165). "
    "JKK meninggal 48 × penghasilan + Rp10 juta pemakaman + Rp12 juta berkala (suarakarya.id; ipol; radarsumbar: Rp70 juta pada penghasilan Rp1 juta). "
    "Cacat total tetap 56 × penghasilan (metrosulteng). "
    "STMB 100% penghasilan 12 bulan pertama lalu 50% (suarakarya.id/ekonomi/pr-2605782126; metrosulteng): BELUM DIKONFIRMASI untuk BPU. "
    "Cacat sebagian % × 80 × penghasilan (jamsos.blogspot.com/2014/06): BELUM DIKONFIRMASI. "
    "Beasiswa maksimal 2 anak, TK Rp1,5 juta × 2 th, SD Rp1,5 juta × 6 th, SMP Rp2 juta × 3 th, SMA Rp3 juta × 3 th, "
    "PT/pelatihan Rp12 juta × 5 th, berakhir usia 23/menikah/bekerja (cinews.id/29/03/2024; kalderanews.com/2024/03/21; "
    "ambon.tribunnews.com 2021/04/23); minimal 3 tahun iuran (kaltimtoday; jabarnews.com). "
    "Hak klaim JKK gugur 5 tahun setelah kecelakaan (PP 82/2019, koranperbatasan); laporan tahap I 2×24 jam "
    "(blog.teknokrat.ac.id/?p=21679); BPJS membayar paling lambat 7 hari kerja setelah berkas lengkap (PP 44/2015 Pasal 37). "
    "Usia masuk TK (4 tahun) dan awal tahun ajaran (Juli) adalah anggapan kerja lindung, BELUM DIKONFIRMASI."
)


def forward(apps, schema_editor):
    BenefitRules = apps.get_model("claims", "BenefitRules")
    BenefitRules.objects.update_or_create(
        valid_from=date(2019, 12, 2),  # PP 82/2019, promulgated 2 December 2019
        defaults={
            "source": SOURCE,
            "jkm_lump_sum": 20_000_000,
            "jkm_periodic": 12_000_000,
            "jkm_funeral": 10_000_000,
            "jkm_min_months": 3,
            "jkk_death_multiplier": 48,
            "jkk_death_funeral": 10_000_000,
            "jkk_death_periodic": 12_000_000,
            "total_disability_multiplier": 56,
            "partial_disability_multiplier": 80,
            "stmb_full_months": 12,
            "stmb_full_percent": 100,
            "stmb_after_percent": 50,
            "scholarship_levels": {
                "TK": [1_500_000, 2],
                "SD": [1_500_000, 6],
                "SMP": [2_000_000, 3],
                "SMA": [3_000_000, 3],
                "PT": [12_000_000, 5],
            },
            "scholarship_max_children": 2,
            "scholarship_min_months": 36,
            "scholarship_end_age": 23,
            "school_start_age": 4,
            "school_year_start_month": 7,
            "jkk_claim_years": 5,
            "stage1_report_hours": 48,
            "bpjs_pay_working_days": 7,
            "unconfirmed": [
                "stmb_full_months",
                "stmb_full_percent",
                "stmb_after_percent",
                "partial_disability_multiplier",
                "school_start_age",
                "school_year_start_month",
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
