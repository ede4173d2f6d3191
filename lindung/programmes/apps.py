from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "lindung.programmes"
    verbose_name = "Tahun program"
