from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lindung.accounts"
    verbose_name = "Pengguna dan peran"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from lindung.accounts.middleware import mark_seen_on_login

        user_logged_in.connect(mark_seen_on_login, dispatch_uid="lindung.accounts.mark_seen_on_login")
