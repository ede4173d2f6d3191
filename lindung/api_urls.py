from rest_framework.routers import DefaultRouter

from lindung.claims.api import ClaimViewSet
from lindung.people.api import PersonViewSet

router = DefaultRouter()
router.register("people", PersonViewSet, basename="person")
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = router.urls
