from lindung.audit.context import API, WEB, using_interface


class WebInterfaceMiddleware:
    """Requests are audited as web, or api under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with using_interface(API if request.path.startswith("/api/") else WEB):
            return self.get_response(request)
