from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lindung.reports"
    verbose_name = "Laporan dan dasbor"
