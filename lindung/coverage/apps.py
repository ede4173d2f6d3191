from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "lindung.coverage"
    verbose_name = "Perlindungan, tagihan dan pembayaran iuran"

    def ready(self):
        # Registers the "coverage.reconcile" job handler.
        from lindung.coverage import reconciliation  # noqa: F401
