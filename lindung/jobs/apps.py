from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "lindung.jobs"
    verbose_name = "Pekerjaan latar"
