from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts import services
from lindung.accounts.forms import PasswordPairForm, RoleForm, UserCreateForm, UserEditForm
from lindung.accounts.models import Role, RoleAssignment
from lindung.accounts.scoping import require_role
from lindung.audit.models import AuditEntry
from lindung.errors import DomainError
from lindung.funding.models import Funder, FunderUser


class LoginView(auth_views.LoginView):
    """Django's login, with every failure on the record (the lockout itself is django-axes')."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = False

    def form_invalid(self, form):
        services.record_failed_login(
            self.request.POST.get("username", ""),
            address=self.request.META.get("REMOTE_ADDR", ""),
            locked_out=getattr(self.request, "axes_locked_out", False),
        )
        return super().form_invalid(form)


def locked_out(request, credentials=None, *args, **kwargs):
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE), with status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


# -- managing users and roles (the regency admin; auditors read) ---------------------------------

USER_VIEWERS = (Role.ADMIN, Role.AUDITOR)


def _require_viewer(user) -> None:
    require_role(user, *USER_VIEWERS, message="Daftar pengguna hanya untuk admin kabupaten dan auditor.")


def _user(pk):
    return get_object_or_404(get_user_model(), pk=pk)


@login_required
def user_list(request):
    _require_viewer(request.user)
    users = list(
        get_user_model()
        .objects.order_by("-is_active", "username")
        .prefetch_related(
            Prefetch("role_assignments", RoleAssignment.objects.select_related("region").order_by("role", "region_id")),
            Prefetch("funder_links", FunderUser.objects.select_related("funder__programme_year")),
        )
    )
    locked = services.locked_out_usernames(u.username for u in users)
    for u in users:
        u.locked_out = u.username in locked
    return render(
        request,
        "accounts/user_list.html",
        {"users": users, "can_manage": services.may_manage_users(request.user)},
    )


@login_required
def user_create(request):
    services.require_user_manager(request.user)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                data["username"], data["password"], full_name=data["full_name"], email=data["email"], by=request.user
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Pengguna {user.username} dibuat. Beri perannya di bawah ini.")
            return redirect("accounts:user-detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request, pk):
    _require_viewer(request.user)
    user = _user(pk)
    context = {
        "subject": user,
        "assignments": RoleAssignment.objects.filter(user=user).select_related("region").order_by("role", "region_id"),
        "links": FunderUser.objects.filter(user=user).select_related("funder__programme_year"),
        "locked_out": bool(services.locked_out_usernames([user.username])),
        "can_manage": services.may_manage_users(request.user),
        "edit_form": UserEditForm(initial={"full_name": user.get_full_name(), "email": user.email}),
        "password_form": PasswordPairForm(),
        "role_form": RoleForm(funders=_funders()),
        "history": AuditEntry.objects.for_target(user).select_related("actor")[:20],
    }
    return render(request, "accounts/user_detail.html", context)


def _funders():
    return Funder.objects.select_related("programme_year").order_by("-programme_year__year", "rank", "name")


def _managed(request, pk, change, success: str):
    """Run one change of the user page and come back to it with the outcome as a message."""
    services.require_user_manager(request.user)
    user = _user(pk)
    try:
        change(user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success.format(user=user.username))
    return redirect("accounts:user-detail", pk=user.pk)


def _form_error(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def user_edit(request, pk):
    form = UserEditForm(request.POST)

    def change(user):
        if not form.is_valid():
            raise DomainError(_form_error(form))
        services.update_user(user, full_name=form.cleaned_data["full_name"], email=form.cleaned_data["email"],
                             by=request.user)  # fmt: skip

    return _managed(request, pk, change, "Data {user} disimpan.")


@login_required
@require_POST
def user_active(request, pk):
    active = request.POST.get("active") == "1"
    return _managed(
        request,
        pk,
        lambda user: services.set_user_active(user, active, by=request.user),
        "Akun {user} diaktifkan kembali." if active else "Akun {user} dinonaktifkan; ia tidak dapat masuk lagi.",
    )


@login_required
@require_POST
def user_password(request, pk):
    form = PasswordPairForm(request.POST)

    def change(user):
        if not form.is_valid():
            raise DomainError(_form_error(form))
        services.set_password(user, form.cleaned_data["password"], by=request.user)

    return _managed(request, pk, change, "Kata sandi {user} diganti. Sampaikan kepadanya secara langsung.")


@login_required
@require_POST
def user_unlock(request, pk):
    return _managed(request, pk, lambda user: services.unlock_user(user, by=request.user), "Kunci akun {user} dibuka.")


@login_required
@require_POST
def role_add(request, pk):
    form = RoleForm(request.POST, funders=_funders())

    def change(user):
        if not form.is_valid():
            raise DomainError(_form_error(form))
        data = form.cleaned_data
        funder = Funder.objects.filter(pk=data["funder"]).first() if data["funder"] else None
        services.assign_role(user, data["role"], data["region"] or None, funder=funder, by=request.user)

    return _managed(request, pk, change, "Peran {user} ditambahkan.")


@login_required
@require_POST
def role_remove(request, pk, assignment_pk):
    def change(user):
        assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=user)
        services.revoke_role(assignment, by=request.user)

    return _managed(request, pk, change, "Peran {user} dicabut.")


@login_required
@require_POST
def sponsor_unlink(request, pk, link_pk):
    from lindung.funding.services import unlink_sponsor

    def change(user):
        unlink_sponsor(get_object_or_404(FunderUser.objects.select_related("funder", "user"), pk=link_pk, user=user),
                       by=request.user)  # fmt: skip

    return _managed(request, pk, change, "Akses sponsor {user} untuk penyandang dana itu dicabut.")
