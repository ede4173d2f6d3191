from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lindung.reports"
    verbose_name = "Laporan dan dasbor"

    def ready(self):
        # Registers the job handler that refreshes the figure snapshots.
        from lindung.reports import snapshot  # noqa: F401
