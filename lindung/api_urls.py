from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from lindung.claims.api import ClaimViewSet
from lindung.coverage.api import person_coverage
from lindung.enrolment.api import person_memberships
from lindung.people.api import PersonViewSet


class Router(DefaultRouter):
    # No `.json` twins of every URL: the API speaks JSON only, and the twins answered 500.
    include_format_suffixes = False


router = Router()
router.register("people", PersonViewSet, basename="person")
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = [
    # The contract, generated from the code: every endpoint registered above is in it, and CI fuzzes it.
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The docs page and its script come from drf-spectacular-sidecar's static files (no CDN, no inline script).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("people/<int:pk>/coverage/", person_coverage, name="person-coverage"),
    path("people/<int:pk>/memberships/", person_memberships, name="person-memberships-list"),
    *router.urls,
]


@csrf_exempt  # a POST to a wrong address is still a 404, not a CSRF page
def not_found(request, rest=""):
    """Anything else under api/ is a JSON 404, as the API's own 404s are, not the site's HTML page."""
    return JsonResponse({"detail": "Alamat API ini tidak ada. Daftar alamatnya ada di /api/schema/."}, status=404)


# Last: a URL no pattern above matches (an id that is not a number, a typo).
urlpatterns.append(re_path(r"^(?P<rest>.*)$", not_found, name="api-not-found"))
