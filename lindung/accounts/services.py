"""Creating users and granting roles, audited like every other change.

Only the regency admin manages accounts. `by=None` is the installation itself (the demo's seed,
the test cast): no page, API call or command passes it, since each names its user.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from lindung.accounts.models import Role, RoleAssignment
from lindung.accounts.scoping import is_regency_admin
from lindung.audit import services as audit
from lindung.errors import DomainError
from lindung.regions.models import Level, Region


def may_manage_users(by) -> bool:
    # The admin of the whole regency only: an admin bound to a district could otherwise grant
    # itself the regency.
    return is_regency_admin(by)


def require_user_manager(by) -> None:
    if by is None:
        return
    if not may_manage_users(by):
        raise PermissionDenied("Hanya admin kabupaten yang boleh mengelola pengguna dan peran.")


def _require_may_change(user, by) -> None:
    # A superuser is the installation's first admin, made on the command line: a regency admin
    # cannot lock it out or take it over from a page.
    if by is not None and user.is_superuser and not by.is_superuser:
        raise PermissionDenied("Akun superuser hanya dapat diubah oleh superuser (lindung changepassword).")


@transaction.atomic
def grant_role(user, role: str, region_code: str | None, *, by) -> RoleAssignment:
    """Give a user a role over a region (None: the whole installation)."""
    require_user_manager(by)
    _require_may_change(user, by)
    if role not in Role.values:
        raise DomainError(f"Peran {role!r} tidak dikenal. Pilih salah satu: {', '.join(Role.values)}.")
    region = None
    if region_code:
        region = Region.objects.filter(code=region_code, current=True).first()
        if region is None:
            raise DomainError(f"Kode wilayah {region_code} tidak dikenal.")
        regency = settings.LINDUNG_REGENCY
        if not (region.code == regency or region.code.startswith(regency + ".")):
            raise DomainError(f"Wilayah {region.name} berada di luar kabupaten ini ({regency}).")
    if role == Role.SPONSOR and region is not None:
        raise DomainError("Sponsor tidak ditugaskan pada wilayah; ia hanya melihat peserta penyandang dananya.")
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


def assign_role(user, role: str, region_code: str | None, *, funder=None, by) -> None:
    """The management page's grant: a sponsor's role comes with the funder whose people it may see."""
    if role == Role.SPONSOR:
        if funder is None:
            raise DomainError("Pilih penyandang dana yang pesertanya boleh dilihat sponsor ini.")
        if region_code:
            raise DomainError("Sponsor tidak ditugaskan pada wilayah; kosongkan pilihan wilayah.")
        from lindung.funding.services import link_sponsor

        require_user_manager(by)
        link_sponsor(funder, user, by=by)
        return
    if funder is not None:
        raise DomainError("Penyandang dana hanya dipilih untuk peran sponsor.")
    grant_role(user, role, region_code, by=by)


def check_password_rules(password: str, user=None) -> None:
    """Refuse a password Django's validators refuse (AUTH_PASSWORD_VALIDATORS), saying why in Indonesian."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("Kata sandi ditolak: " + " ".join(exc.messages)) from None


@transaction.atomic
def create_user(username: str, password: str, *, full_name: str = "", email: str = "", by):
    """Create a login (password rules apply); it may do nothing until it is given a role."""
    require_user_manager(by)
    User = get_user_model()
    username = username.strip()
    if not username:
        raise DomainError("Isi nama pengguna.")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"Nama pengguna {username} sudah dipakai.")
    first, _, last = full_name.strip().partition(" ")
    check_password_rules(password, User(username=username, first_name=first, last_name=last, email=email))
    user = User.objects.create_user(
        username=username, password=password, first_name=first, last_name=last, email=email.strip()
    )
    # The password itself never goes on the record.
    audit.record("accounts.user.created", user, by=by, data={"username": username, "email": user.email})
    return user


def _user_snapshot(user) -> dict:
    return {"full_name": user.get_full_name(), "email": user.email, "is_active": user.is_active}


@transaction.atomic
def update_user(user, *, full_name: str, email: str, by):
    """Change a user's name and e-mail address."""
    require_user_manager(by)
    _require_may_change(user, by)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    before = _user_snapshot(user)
    user.first_name, _, user.last_name = full_name.strip().partition(" ")
    user.email = email.strip()
    changes = audit.diff(before, _user_snapshot(user))
    if changes:
        user.save(update_fields=["first_name", "last_name", "email"])
        audit.record("accounts.user.updated", user, by=by, data={"changes": changes})
    return user


@transaction.atomic
def set_user_active(user, active: bool, *, by):
    """Deactivate a login (it can no longer sign in, its history stays) or reactivate it."""
    require_user_manager(by)
    _require_may_change(user, by)
    if not active and by is not None and user.pk == by.pk:
        raise DomainError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record("accounts.user.activated" if active else "accounts.user.deactivated", user, by=by)
    return user


@transaction.atomic
def set_password(user, password: str, *, by):
    """Set a new password for a user (password rules apply); the password is not recorded."""
    require_user_manager(by)
    _require_may_change(user, by)
    check_password_rules(password, user)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record("accounts.user.password_set", user, by=by)
    return user


def locked_out_usernames(usernames) -> set[str]:
    """Which of these accounts django-axes has locked after repeated failed logins."""
    from axes.models import AccessAttempt
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


@transaction.atomic
def unlock_user(user, *, by) -> int:
    """Clear an account's failed logins so it may sign in again before the lockout ends."""
    from axes.utils import reset

    require_user_manager(by)
    _require_may_change(user, by)
    cleared = reset(username=user.username)
    audit.record("accounts.user.unlocked", user, by=by, data={"attempts_cleared": cleared})
    return cleared


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, by) -> None:
    """Take a role away; an admin keeps their own admin role so the regency is never left without one."""
    require_user_manager(by)
    user = assignment.user
    _require_may_change(user, by)
    if by is not None and user.pk == by.pk and assignment.role == Role.ADMIN:
        raise DomainError("Anda tidak dapat mencabut peran admin Anda sendiri; minta admin lain melakukannya.")
    region_code = assignment.region_id or ""
    if assignment.role == Role.SPONSOR:
        # Without the role its funder links would show nothing; remove them with it, each on the record.
        from lindung.funding.models import FunderUser

        for link in FunderUser.objects.filter(user=user).select_related("funder"):
            audit.record("funding.funder.user_unlinked", link.funder, by=by, data={"user": user.username})
            link.delete()
    audit.record(
        "accounts.role.revoked",
        user,
        by=by,
        region_code=region_code,
        data={"role": assignment.role, "region": assignment.region_id},
    )
    assignment.delete()


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
