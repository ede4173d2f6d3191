"""Creating users and granting roles, audited like every other change."""

from django.contrib.auth import get_user_model
from django.db import transaction

from lindung.accounts.models import Role, RoleAssignment
from lindung.audit import services as audit
from lindung.errors import DomainError
from lindung.regions.models import Level, Region


@transaction.atomic
def grant_role(user, role: str, region_code: str | None, *, by) -> RoleAssignment:
    """Give a user a role over a region (None: the whole installation)."""
    if role not in Role.values:
        raise DomainError(f"Peran {role!r} tidak dikenal. Pilih salah satu: {', '.join(Role.values)}.")
    region = None
    if region_code:
        region = Region.objects.filter(code=region_code, current=True).first()
        if region is None:
            raise DomainError(f"Kode wilayah {region_code} tidak dikenal.")
    if role == Role.OPERATOR and (region is None or region.level != Level.VILLAGE):
        raise DomainError("Operator desa harus ditugaskan pada desa/kelurahan tertentu.")
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, region=region)
    if created:
        audit.record(
            "accounts.role.granted",
            user,
            by=by,
            region_code=region_code or "",
            data={"role": role, "region": region_code},
        )
    return assignment


def check_password_rules(password: str, user=None) -> None:
    """Refuse a password Django's validators refuse (AUTH_PASSWORD_VALIDATORS), saying why in Indonesian."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("Kata sandi ditolak: " + " ".join(exc.messages)) from None


@transaction.atomic
def create_user(username: str, password: str, *, full_name: str = "", by=None):
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise DomainError(f"Nama pengguna {username} sudah dipakai.")
    first, _, last = full_name.partition(" ")
    check_password_rules(password, User(username=username, first_name=first, last_name=last))
    user = User.objects.create_user(username=username, password=password, first_name=first, last_name=last)
    audit.record("accounts.user.created", user, by=by, data={"username": username})
    return user


def command_user(username: str | None, *, what: str):
    """The active user a command acts as, or a CommandError in Indonesian saying how to name one."""
    from django.core.management.base import CommandError

    if not username:
        raise CommandError(f"Sebutkan siapa yang {what} dengan --user NAMA_PENGGUNA (tercatat di jejak audit).")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Pengguna {username} tidak ditemukan atau tidak aktif.")
    return user


@transaction.atomic
def record_failed_login(username: str, *, address: str, locked_out: bool) -> None:
    """Put a failed login on the record, against the account when the name is one."""
    User = get_user_model()
    target = User.objects.filter(username=username).first() or User
    audit.record(
        "accounts.login.failed",
        target,
        by=None,
        data={"username": username[:150], "address": address, "locked_out": locked_out},
    )
