from django.apps import AppConfig


class ImportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "lindung.imports"
    verbose_name = "impor spreadsheet"

    def ready(self):
        # Registers the "imports.run" job handler.
        from lindung.imports import services  # noqa: F401
