"""The login throttle as an authentication backend (django-axes)."""

from axes.backends import AxesStandaloneBackend


class LoginThrottle(AxesStandaloneBackend):
    """Refuse a locked-out account or address before any password is checked.

    Only web logins carry a request, and only they can be hammered from outside; code that
    authenticates without one (the test client, a management command) is not throttled.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
