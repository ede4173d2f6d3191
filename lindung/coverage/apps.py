from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "lindung.coverage"
    verbose_name = "Perlindungan, tagihan dan pembayaran iuran"
