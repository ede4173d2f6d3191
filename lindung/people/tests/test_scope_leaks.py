"""No user reaches a person outside their region, through any page or endpoint.

Every URL under pekerja/ and api/ is listed once in ENDPOINTS; the tests run
each user of the cast against each of them, and the last test fails when a
URL is added without an entry here.
"""

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import openpyxl
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from conftest import VILLAGE_A, VILLAGE_B, person_data
from lindung.accounts.models import Action
from lindung.audit.models import AuditEntry
from lindung.people.forms import PersonForm
from lindung.people.models import Person, Status
from lindung.regions.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_values(data: dict) -> dict:
    return {k: "" if v is None else v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


def _new_person(village: str) -> dict:
    return person_data(village_code=village, name="Orang Baru Sekali", serial=99)


@dataclass(frozen=True)
class Endpoint:
    """One way into the registry: a URL, a method and what it is for."""

    id: str
    name: str
    method: str = "get"
    # collection: lists people; object: one person by pk; create: a new person;
    # export: an XLSX of people; index: no person data at all.
    kind: str = "collection"
    # What the endpoint exercises; read-only roles may only use VIEW/EXPORT (+ full NIK for auditors).
    action: str = Action.VIEW
    # The role is checked at the door, before anything is looked up (403 for a user without it).
    door: bool = False
    api: bool = False
    query: Callable[[Person], dict] | None = None
    headers: dict | None = None
    data: Callable[[Person], dict] | None = None

    def url(self, person: Person) -> str:
        kwargs = {"pk": person.pk} if self.kind == "object" else {}
        return reverse(self.name, kwargs=kwargs)

    def call(self, client: Client, person: Person):
        url = self.url(person)
        data = self.data(person) if self.data else {}
        if self.method == "get":
            return client.get(url, self.query(person) if self.query else {}, headers=self.headers)
        if self.api:
            return getattr(client, self.method)(url, json.dumps(data, default=str), content_type="application/json")
        return client.post(url, _form_values(data))

    @property
    def changes(self) -> bool:
        return self.action in (Action.PROPOSE, Action.VERIFY)


def _edit_form(person: Person) -> dict:
    return {**PersonForm.initial_for(person), "street": "Jl. Diubah Orang Lain"}


ENDPOINTS = [
    # Pages.
    Endpoint("home", "home", kind="index"),
    Endpoint("list", "people:person-list"),
    Endpoint("list-search-nik", "people:person-list", query=lambda p: {"q": p.nik}),
    Endpoint("list-search-name", "people:person-list", query=lambda p: {"q": p.name}),
    Endpoint(
        "list-htmx",
        "people:person-list",
        query=lambda p: {"q": p.name, "status": Status.PROPOSED},
        headers={"HX-Request": "true"},
    ),
    Endpoint("export", "people:person-export", kind="export", action=Action.EXPORT, door=True),
    Endpoint(
        "export-full-nik",
        "people:person-export",
        kind="export",
        action=Action.EXPORT,
        door=True,
        query=lambda p: {"nik": "lengkap"},
    ),
    Endpoint("create-page", "people:person-create", kind="create", action=Action.PROPOSE, door=True),
    Endpoint(
        "create",
        "people:person-create",
        method="post",
        kind="create",
        action=Action.PROPOSE,
        door=True,
        data=lambda p: _new_person(p.village_id),
    ),
    Endpoint("queue", "people:verification-queue", action=Action.VERIFY, door=True),
    Endpoint("queue-bulk-verify", "people:verification-queue", method="post", action=Action.VERIFY, door=True),
    Endpoint("detail", "people:person-detail", kind="object"),
    Endpoint("edit-page", "people:person-edit", kind="object", action=Action.PROPOSE),
    Endpoint("edit", "people:person-edit", method="post", kind="object", action=Action.PROPOSE, data=_edit_form),
    Endpoint("reveal-nik", "people:person-reveal-nik", method="post", kind="object", action=Action.VIEW_FULL_NIK),
    Endpoint(
        "verify",
        "people:person-verify",
        method="post",
        kind="object",
        action=Action.VERIFY,
        data=lambda p: {"version": p.version},
    ),
    Endpoint(
        "reject",
        "people:person-reject",
        method="post",
        kind="object",
        action=Action.VERIFY,
        data=lambda p: {"reason": "Nama tidak sesuai KTP", "version": p.version},
    ),
    Endpoint(
        "close",
        "people:person-close",
        method="post",
        kind="object",
        action=Action.VERIFY,
        data=lambda p: {
            "status": Status.DECEASED,
            "closed_on": "2024-12-01",
            "reason": "Akta kematian 12/2024",
            "version": p.version,
        },
    ),
    # REST API.
    Endpoint("api-root", "api-root", kind="index", api=True),
    Endpoint("api-schema", "api-schema", kind="index", api=True),
    Endpoint("api-docs", "api-docs", kind="index", api=True),
    Endpoint("api-list", "person-list", api=True),
    Endpoint("api-list-search-nik", "person-list", api=True, query=lambda p: {"q": p.nik}),
    Endpoint(
        "api-create",
        "person-list",
        method="post",
        kind="create",
        action=Action.PROPOSE,
        door=True,
        api=True,
        data=lambda p: _new_person(p.village_id),
    ),
    Endpoint("api-retrieve", "person-detail", kind="object", api=True),
    Endpoint(
        "api-partial-update",
        "person-detail",
        method="patch",
        kind="object",
        action=Action.PROPOSE,
        api=True,
        data=lambda p: {"street": "Jl. Diubah Orang Lain", "version": p.version},
    ),
    Endpoint(
        "api-verify",
        "person-verify",
        method="post",
        kind="object",
        action=Action.VERIFY,
        api=True,
        data=lambda p: {"version": p.version},
    ),
    Endpoint(
        "api-reject",
        "person-reject",
        method="post",
        kind="object",
        action=Action.VERIFY,
        api=True,
        data=lambda p: {"reason": "Nama tidak sesuai KTP", "version": p.version},
    ),
    Endpoint("api-memberships", "person-memberships-list", kind="object", api=True),
    Endpoint("api-coverage", "person-coverage", kind="object", api=True, query=lambda p: {"on": "2026-03-01"}),
    Endpoint(
        "api-reveal-nik",
        "person-reveal-nik",
        method="post",
        kind="object",
        action=Action.VIEW_FULL_NIK,
        api=True,
    ),
]
API_ENDPOINTS = [e for e in ENDPOINTS if e.api]


def endpoints(items=ENDPOINTS, **match):
    chosen = [e for e in items if all(getattr(e, k) == v for k, v in match.items())]
    return pytest.mark.parametrize("endpoint", chosen, ids=[e.id for e in chosen])


def body_text(response) -> str:
    """Everything a response shows, with an XLSX opened and its cells read."""
    if response.get("Content-Type") == XLSX:
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row) for row in book.active.iter_rows(values_only=True)
        )
    return response.content.decode()


def export_rows(response) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book.active.iter_rows(min_row=2, values_only=True))


def reveals(response, person: Person, typed: dict | None = None) -> bool:
    """Whether the response shows anything of the person beyond what the user typed in."""
    text = body_text(response)
    for value in (typed or {}).values():
        text = text.replace(str(value), "")  # a search box shows back what was searched for
    # The masked NIK is the same for everyone of the regency (it shows only 6402), so it names nobody.
    if any(s in text for s in (person.name, person.nik)):
        return True
    context = response.context or {}
    if "page" in context and person in context["page"].object_list:
        return True
    if "district_rows" in context:
        return any(row["code"] == person.district_code for row in context["district_rows"])
    if response.get("Content-Type") == "application/json":
        data = response.json()
        results = data.get("results", [data]) if isinstance(data, dict) else data
        return any(isinstance(r, dict) and r.get("id") == person.pk for r in results)
    return False


def state(person: Person) -> dict:
    """What a refused request must leave exactly as it was: the person, their audit trail, the head count."""
    return {
        "person": Person.objects.filter(pk=person.pk).values().get(),
        "trail": list(AuditEntry.objects.for_target(person).values_list("pk", flat=True)),
        "people": Person.objects.count(),
    }


def everything() -> dict:
    """The whole registry and audit trail, for roles that must write nothing at all."""
    return {
        "people": sorted(Person.objects.values_list("pk", "version", "status")),
        "audit": AuditEntry.objects.count(),
    }


def assert_cannot_reach(endpoint: Endpoint, response, person: Person, before: dict) -> None:
    if endpoint.kind == "object":
        assert response.status_code == 404
    elif endpoint.kind == "create":
        # Refused at the door (403) or by the village choice (the form comes back).
        assert response.status_code in (200, 403)
        assert not Person.objects.filter(name="Orang Baru Sekali").exists()
    else:
        assert response.status_code in (200, 302, 403)
        if response.status_code == 200:
            assert not reveals(response, person, endpoint.query(person) if endpoint.query else None)
    assert state(person) == before


@pytest.fixture
def people(cast, make_person):
    """Ahmad Fauzi in village A (Tenggarong), Siti Aminah in village B (Loa Kulu), both proposed."""
    a = make_person(by=cast.operator_a)
    b = make_person(by=cast.operator_b, village_code=VILLAGE_B, name="Siti Aminah", sex_="P")
    return a, b


def logged_in(client, user):
    client.force_login(user)
    return client


def with_token(user) -> Client:
    token = Token.objects.create(user=user)
    return Client(headers={"authorization": f"Token {token.key}"})


@endpoints()
def test_operator_b_cannot_see_or_reach_village_a_person(client, cast, people, endpoint):
    a, _ = people
    before = state(a)
    response = endpoint.call(logged_in(client, cast.operator_b), a)
    assert_cannot_reach(endpoint, response, a, before)


@endpoints(API_ENDPOINTS)
def test_operator_b_with_an_api_token_cannot_reach_village_a_person(cast, people, endpoint):
    a, _ = people
    before = state(a)
    response = endpoint.call(with_token(cast.operator_b), a)
    assert response.status_code != 401
    assert_cannot_reach(endpoint, response, a, before)


@endpoints()
def test_verifier_of_tenggarong_cannot_reach_loa_kulu_people(client, cast, people, endpoint):
    _, b = people
    before = state(b)
    response = endpoint.call(logged_in(client, cast.verifier), b)
    assert_cannot_reach(endpoint, response, b, before)


@endpoints()
@pytest.mark.parametrize("who", ["outsider", "sponsor"])
def test_outsider_and_sponsor_see_nothing_of_the_registry(client, cast, people, endpoint, who):
    a, _ = people
    before = everything()
    response = endpoint.call(logged_in(client, getattr(cast, who)), a)
    expected = 403 if endpoint.door else 404 if endpoint.kind == "object" else 200
    if who == "sponsor" and endpoint.name == "home":
        # A sponsor's home is its own funder page.
        expected = 302
        assert response["Location"] == reverse("funding:sponsor-home")
    assert response.status_code == expected
    assert not reveals(response, a, endpoint.query(a) if endpoint.query else None)
    assert everything() == before


def test_outsider_lists_are_empty_and_home_counts_zero(client, cast, people):
    logged_in(client, cast.outsider)
    assert client.get(reverse("people:person-list")).context["page"].paginator.count == 0
    assert client.get(reverse("person-list")).json()["count"] == 0
    home = client.get(reverse("home")).context
    assert home["total"] == 0
    assert home["district_rows"] == []


def test_operator_b_home_counts_only_village_b(client, cast, people, make_person):
    make_person(by=cast.operator_a, name="Budi Santoso")
    context = logged_in(client, cast.operator_b).get(reverse("home")).context
    assert context["total"] == 1
    assert [row["code"] for row in context["district_rows"]] == ["64.02.02"]
    assert dict((s, n) for s, _, n in context["by_status"])[Status.PROPOSED] == 1


def test_operator_b_export_holds_only_village_b_rows(client, cast, people):
    _, b = people
    response = logged_in(client, cast.operator_b).get(reverse("people:person-export"), {"nik": "lengkap"})
    rows = export_rows(response)
    assert [(row[1], row[3], row[9]) for row in rows] == [(b.nik, "Siti Aminah", VILLAGE_B)]


READ_ONLY = {
    "finance": {Action.VIEW, Action.EXPORT},
    "auditor": {Action.VIEW, Action.EXPORT, Action.VIEW_FULL_NIK},
}


@pytest.mark.parametrize("role", sorted(READ_ONLY))
@endpoints()
def test_read_only_roles_view_but_change_nothing(client, cast, people, endpoint, role):
    a, _ = people
    before = everything()
    response = endpoint.call(logged_in(client, getattr(cast, role)), a)
    if endpoint.action not in READ_ONLY[role]:
        assert response.status_code == 403
        assert everything() == before
        return
    assert response.status_code == 200
    if endpoint.kind != "index":
        assert reveals(response, a)
    assert everything()["people"] == before["people"]


def test_finance_export_masks_the_nik_even_when_asked_for_full(client, cast, people):
    a, _ = people
    response = logged_in(client, cast.finance).get(reverse("people:person-export"), {"nik": "lengkap"})
    niks = {row[1] for row in export_rows(response)}
    assert a.masked_nik in niks
    assert a.nik not in niks


def test_verifier_bulk_verify_leaves_other_district_proposed(client, cast, people):
    a, b = people
    logged_in(client, cast.verifier).post(reverse("people:verification-queue"))
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (Status.VERIFIED, Status.PROPOSED)


def test_a_district_verifier_is_not_offered_other_districts_in_filters(client, cast, people):
    form = logged_in(client, cast.verifier).get(reverse("people:person-list")).context["form"]
    assert {code for code, _ in form.fields["district"].choices if code} == {"64.02.06"}
    villages = {code for code, _ in form.fields["village"].choices if code}
    assert villages == set(Region.objects.within("64.02.06").villages().values_list("code", flat=True))


def test_filtering_on_another_village_shows_nothing_of_it(client, cast, people):
    a, _ = people
    response = logged_in(client, cast.operator_b).get(reverse("people:person-list"), {"village": VILLAGE_A})
    assert not reveals(response, a)


# -- every URL has a leak test -------------------------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else None, p.callback


# API routes whose leak cases live with their app (each with its own "every URL" test).
COVERED_ELSEWHERE = ("api/^claims",)  # lindung/claims/tests/test_scope_leaks.py


def guarded_urls() -> set[tuple[str, str]]:
    """(URL name, method) of every route under pekerja/ and api/; '*' where a page takes any method."""
    found = set()
    for route, name, callback in _walk(get_resolver().url_patterns):
        if not route.startswith(("pekerja/", "api/")) or route.startswith(COVERED_ELSEWHERE):
            continue
        assert name, f"{route} has no URL name, so no leak test can name it"
        methods = set(getattr(callback, "actions", None) or {"*"}) - {"head", "options"}
        found |= {(name, method) for method in methods}
    return found


def test_every_url_under_pekerja_and_api_has_a_leak_test():
    covered = {(e.name, e.method) for e in ENDPOINTS} | {(e.name, "*") for e in ENDPOINTS}
    # Every address no other pattern takes: a JSON 404 for everyone, with nothing to leak.
    covered.add(("api-not-found", "*"))
    missing = guarded_urls() - covered
    assert not missing, f"add these to ENDPOINTS in {__name__}: {sorted(missing)}"
