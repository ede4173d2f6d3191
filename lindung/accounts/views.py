from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from lindung.accounts import services


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
