"""The auditor's page: filter the trail by actor, action, region, person and date; export it."""

import io

import openpyxl
import pytest
from django.urls import reverse

from conftest import VILLAGE_B


@pytest.fixture
def trail(cast, make_person, client):
    a = make_person(by=cast.operator_a, name="Ahmad Fauzi")
    b = make_person(by=cast.operator_b, village_code=VILLAGE_B, name="Siti Aminah", sex_="P")
    client.force_login(cast.auditor)
    client.post(reverse("people:person-reveal-nik", args=[a.pk]))
    client.get(reverse("people:person-export"), {"nik": "lengkap"})
    return a, b


def _actions(response):
    return [(e.action, e.actor.username if e.actor_id else None) for e in response.context["page"]]


def test_the_auditor_sees_each_full_nik_view_and_export(client, cast, trail):
    listed = _actions(client.get(reverse("audit:entry-list"), {"actor": "auditor"}))
    assert ("people.person.nik_viewed", "auditor") in listed
    assert any(action.startswith("people.") and "export" in action for action, _ in listed)


def test_filters_by_person_region_action_and_date(client, cast, trail):
    _, b = trail
    by_person = client.get(reverse("audit:entry-list"), {"nik": b.nik})
    assert {e.target_id for e in by_person.context["page"]} == {str(b.pk)}
    by_region = client.get(reverse("audit:entry-list"), {"region": VILLAGE_B})
    assert {e.region_code for e in by_region.context["page"]} == {VILLAGE_B}
    by_action = client.get(reverse("audit:entry-list"), {"action": "people.person.proposed", "start": "2000-01-01"})
    assert {e.action for e in by_action.context["page"]} == {"people.person.proposed"}
    assert client.get(reverse("audit:entry-list"), {"end": "2000-01-01"}).context["page"].paginator.count == 0


def test_an_unreadable_filter_shows_nothing(client, cast, trail):
    response = client.get(reverse("audit:entry-list"), {"nik": "123"})
    assert response.context["page"].paginator.count == 0
    assert "Saringan tidak dapat dipakai" in response.content.decode()


def test_the_trail_exports_as_xlsx_with_the_same_filters(client, cast, trail):
    response = client.get(reverse("audit:entry-export"), {"actor": "auditor"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows and {r[1] for r in rows} == {"auditor"}


@pytest.mark.parametrize("who", ["operator_a", "verifier_all", "finance", "sponsor", "outsider"])
def test_only_auditors_and_the_admin_open_the_trail(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("audit:entry-list")).status_code == 403
    assert client.get(reverse("audit:entry-export")).status_code == 403
