from rest_framework.routers import DefaultRouter

from lindung.enrolment.api import PersonMembershipViewSet
from lindung.people.api import PersonViewSet

router = DefaultRouter()
router.register("people", PersonViewSet, basename="person")
router.register(r"people/(?P<pk>[0-9]+)/memberships", PersonMembershipViewSet, basename="person-memberships")

urlpatterns = router.urls
