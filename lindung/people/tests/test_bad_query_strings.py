"""Filters that cannot be read give an Indonesian message and no rows, never the whole registry."""

import io

import openpyxl
import pytest
from django.urls import reverse

from conftest import VILLAGE_B

LONG = "a" * 101


@pytest.fixture
def two_villages(make_person):
    return make_person(name="Ahmad Fauzi"), make_person(name="Siti Aminah", village_code=VILLAGE_B, sex_="P")


@pytest.mark.parametrize(
    "query",
    [{"q": LONG, "village": VILLAGE_B}, {"q": LONG}, {"status": "bukan-status"}, {"village": "99.99.99.9999"}],
)
def test_an_unreadable_filter_lists_nothing_and_says_why(client, cast, two_villages, query):
    client.force_login(cast.admin)
    response = client.get(reverse("people:person-list"), query)
    assert response.context["page"].paginator.count == 0
    assert "Saringan tidak dapat dipakai" in response.content.decode()
    assert "Ahmad Fauzi" not in response.content.decode()


def test_an_unreadable_filter_exports_nothing(client, cast, two_villages):
    client.force_login(cast.admin)
    response = client.get(reverse("people:person-export"), {"q": LONG, "village": VILLAGE_B})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows == []


def test_an_unreadable_filter_is_refused_by_the_api_and_lists_nobody(client, cast, two_villages):
    client.force_login(cast.admin)
    response = client.get(reverse("person-list"), {"q": LONG})
    assert response.status_code == 400
    body = response.json()
    assert "results" not in body and body["problems"][0]["field"] == "q"


def test_bulk_verify_with_an_unreadable_filter_verifies_nobody(client, cast, two_villages):
    from lindung.people.models import Person, Status

    client.force_login(cast.verifier_all)
    client.post(reverse("people:verification-queue") + f"?q={LONG}")
    assert not Person.objects.filter(status=Status.VERIFIED).exists()
