from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "lindung.enrolment"
    verbose_name = "Kepesertaan BPJS Ketenagakerjaan"

    def ready(self):
        # Registers the reply job's handler, whichever interface starts the worker.
        from lindung.enrolment import replies  # noqa: F401
