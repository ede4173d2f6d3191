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
