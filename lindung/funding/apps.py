from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "lindung.funding"
    verbose_name = "Pendanaan"

    def ready(self):
        # Registers the "funding.allocate" job handler.
        from lindung.funding import services  # noqa: F401
