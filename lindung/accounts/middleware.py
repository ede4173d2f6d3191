"""Responses to logged-in users are never stored by a browser or a proxy."""


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to an authenticated request.

    Nearly every page behind the login shows personal data (names, NIKs, addresses) and every
    export is a file of it; a shared office computer's back button or disk cache, or a proxy,
    must not keep a copy. Static files and the login page are left cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


SEEN = "lindung_seen"
# The last-seen time is written at most this often, so a session is not saved on every request.
TOUCH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Log out a session idle for longer than LINDUNG_IDLE_MINUTES; its next request goes to the login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.conf import settings
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            seen = request.session.get(SEEN)
            if seen is not None and now - seen > settings.LINDUNG_IDLE_MINUTES * 60:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if seen is None or now - seen >= TOUCH_SECONDS:
                request.session[SEEN] = now
        return self.get_response(request)


def mark_seen_on_login(sender, request, user, **kwargs):
    """A fresh login starts its idle clock (connected in AccountsConfig.ready)."""
    import time

    if hasattr(request, "session"):
        request.session[SEEN] = int(time.time())
