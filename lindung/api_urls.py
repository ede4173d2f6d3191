from django.urls import path
from rest_framework.routers import DefaultRouter

from lindung.coverage.api import person_coverage
from lindung.enrolment.api import PersonMembershipViewSet
from lindung.people.api import PersonViewSet

router = DefaultRouter()
router.register("people", PersonViewSet, basename="person")
router.register(r"people/(?P<pk>[0-9]+)/memberships", PersonMembershipViewSet, basename="person-memberships")

urlpatterns = [path("people/<int:pk>/coverage/", person_coverage, name="person-coverage"), *router.urls]
