"""The named user a money-changing command acts as (`--user`), refused unless finance or admin."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of


def finance_user(username: str):
    actor = get_user_model().objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise CommandError(f"Pengguna {username} tidak ditemukan atau tidak aktif.")
    if not scope_of(actor).has_role(Role.ADMIN, Role.FINANCE):
        raise CommandError(f"Pengguna {username} bukan petugas keuangan atau admin; tidak ada yang diubah.")
    return actor
