from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lindung.people"
    verbose_name = "Registri pekerja"
