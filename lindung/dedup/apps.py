from django.apps import AppConfig


class DedupConfig(AppConfig):
    name = "lindung.dedup"
    verbose_name = "Duplikat dan daftar pembanding"

    def ready(self):
        # Registers the job handlers.
        from lindung.dedup import services  # noqa: F401
