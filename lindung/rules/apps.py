from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "lindung.rules"
    verbose_name = "Aturan bertanggal"
