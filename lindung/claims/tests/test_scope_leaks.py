"""No user reaches a claim outside their region (or, for a sponsor, outside its people), on any URL.

Every URL under santunan/ and api/claims/ is listed once in ENDPOINTS; the last test fails
when a URL is added without an entry here.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from conftest import VILLAGE_B
from lindung.audit.models import AuditEntry
from lindung.claims import services
from lindung.claims.models import Claim, Document, Heir
from lindung.people.tests.test_scope_leaks import _walk

PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass(frozen=True)
class Endpoint:
    id: str
    name: str
    method: str = "get"
    # collection: lists claims or figures; object: one claim by pk; document: one claim's file;
    # person: a page about one worker by pk; create: a new claim
    kind: str = "collection"
    api: bool = False
    data: Callable | None = None
    query: Callable | None = None

    def url(self, claim: Claim) -> str:
        if self.kind == "object":
            return reverse(self.name, kwargs={"pk": claim.pk})
        if self.kind == "document":
            doc = claim.documents.exclude(stored_name="").first()
            return reverse(self.name, kwargs={"pk": claim.pk, "doc_pk": doc.pk})
        return reverse(self.name)

    def call(self, client: Client, claim: Claim):
        data = self.data(claim) if self.data else {}
        if self.method == "get":
            return client.get(self.url(claim), self.query(claim) if self.query else {})
        if self.api:
            return client.post(self.url(claim), json.dumps(data), content_type="application/json")
        query = "?" + urlencode(self.query(claim)) if self.query else ""
        return client.post(self.url(claim) + query, data)


def _upload(claim):
    return {"kind": "kk", "file": SimpleUploadedFile("kk.pdf", PDF)}


ENDPOINTS = [
    Endpoint("list", "claims:claim-list"),
    Endpoint("list-village", "claims:claim-list", query=lambda c: {"village": c.village_id}),
    Endpoint("list-late", "claims:claim-list", query=lambda c: {"waiting": "terlambat"}),
    Endpoint("figures", "claims:claim-figures"),
    Endpoint("reminders", "claims:scholarship-reminders"),
    Endpoint("report-search", "claims:claim-report", query=lambda c: {"q": c.person.name}),
    Endpoint("report-form", "claims:claim-report", kind="person", query=lambda c: {"pekerja": c.person.pk}),
    Endpoint(
        "report",
        "claims:claim-report",
        method="post",
        kind="create",
        query=lambda c: {"pekerja": c.person.pk},
        data=lambda c: {
            "kind": "jkk_treatment",
            "event_date": "2023-06-01",
            "place": "x",
            "account": "y",
            "treatment_cost": "100",
        },
    ),
    Endpoint("detail", "claims:claim-detail", kind="object"),
    Endpoint("check", "claims:claim-check", method="post", kind="object", data=lambda c: {"verdict": "layak"}),
    Endpoint("recommend", "claims:claim-recommend", method="post", kind="object"),
    Endpoint(
        "submit",
        "claims:claim-submit",
        method="post",
        kind="object",
        data=lambda c: {"on": "2026-01-05", "receipt": "X"},
    ),
    Endpoint(
        "pay", "claims:claim-pay", method="post", kind="object", data=lambda c: {"on": "2026-01-05", "amount": "1"}
    ),
    Endpoint(
        "refuse",
        "claims:claim-refuse",
        method="post",
        kind="object",
        data=lambda c: {"on": "2026-01-05", "reason": "Tidak"},
    ),
    Endpoint("reassess", "claims:claim-reassess", method="post", kind="object"),
    Endpoint(
        "heir",
        "claims:heir-add",
        method="post",
        kind="object",
        data=lambda c: {"name": "Orang Lain", "relation": "child"},
    ),
    Endpoint(
        "child",
        "claims:child-add",
        method="post",
        kind="object",
        data=lambda c: {"name": "Anak Lain", "birth_date": "2015-01-01", "level": "SD", "grade": "1"},
    ),
    Endpoint("upload", "claims:document-upload", method="post", kind="object", data=_upload),
    Endpoint(
        "mark",
        "claims:document-mark",
        method="post",
        kind="object",
        data=lambda c: {"kind": "kk", "state": "not_needed"},
    ),
    Endpoint("document", "claims:document-file", kind="document"),
    Endpoint("api-list", "claim-list", api=True),
    Endpoint("api-detail", "claim-detail", kind="object", api=True),
    Endpoint(
        "api-report",
        "claim-list",
        method="post",
        kind="create",
        api=True,
        data=lambda c: {
            "person": c.person.pk,
            "kind": "jkk_treatment",
            "event_date": "2023-06-01",
            "place": "x",
            "account": "y",
            "treatment_cost": 100,
        },
    ),
]


def endpoints():
    return pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.id for e in ENDPOINTS])


@pytest.fixture
def claims(covered, worker, report, cast, settings, tmp_path):
    """A death in village A (Ahmad Fauzi, covered) and one in village B (Siti Aminah), each with a file."""
    settings.VAR_DIR = tmp_path
    a = report(covered)
    person_b = worker(village_code=VILLAGE_B, name="Siti Aminah", sex_="P")
    b = report(person_b, by=cast.operator_b, event_date=timezone.localdate())
    for claim, by in ((a, cast.operator_a), (b, cast.operator_b)):
        services.upload_document(claim, kind="death_certificate", uploaded=SimpleUploadedFile("akta.pdf", PDF), by=by)
    return a, b


def state(claim: Claim) -> dict:
    return {
        "claim": Claim.objects.filter(pk=claim.pk).values().get(),
        "claims": Claim.objects.count(),
        "heirs": Heir.objects.count(),
        "documents": sorted(Document.objects.values_list("pk", "state", "stored_name")),
        "audit": AuditEntry.objects.count(),
    }


def reveals(response, claim: Claim, typed: dict | None = None) -> bool:
    """Whether the response shows anything of the claim or its worker beyond what the user typed in."""
    if response.status_code != 200:
        return False
    if getattr(response, "streaming", False):
        return True
    text = response.content.decode()
    for value in (typed or {}).values():
        text = text.replace(str(value), "")  # a search box shows back what was searched for
    person = claim.person
    detail = reverse("claims:claim-detail", args=[claim.pk])
    # The masked NIK (6402************) is the same for everyone, so it tells nothing apart.
    if any(s in text for s in (person.name, person.nik, detail)):
        return True
    if response.get("Content-Type") == "application/json":
        data = response.json()
        results = data.get("results", [data]) if isinstance(data, dict) else data
        return any(isinstance(r, dict) and r.get("id") == claim.pk for r in results)
    figures = (response.context or {}).get("figures")
    return bool(figures and any(row.key == claim.village_id for row in figures.by_village))


def login(client, user, api: bool):
    if api:
        return Client(headers={"authorization": f"Token {Token.objects.create(user=user).key}"})
    client.force_login(user)
    return client


def assert_cannot_reach(endpoint, response, claim, before):
    if endpoint.kind in ("object", "document"):
        assert response.status_code == 404
    elif endpoint.kind == "person":
        # 404 to whoever may report elsewhere; 403 at the door to whoever may report nowhere.
        assert response.status_code in (403, 404)
    elif endpoint.kind == "create":
        assert response.status_code in (403, 404)
    else:
        assert response.status_code in (200, 302, 403)
        assert not reveals(response, claim, endpoint.query(claim) if endpoint.query else None)
    assert state(claim) == before


@endpoints()
def test_operator_b_cannot_see_or_reach_village_a_claims(client, cast, claims, endpoint):
    a, _ = claims
    before = state(a)
    response = endpoint.call(login(client, cast.operator_b, endpoint.api), a)
    assert_cannot_reach(endpoint, response, a, before)


@endpoints()
def test_verifier_of_tenggarong_cannot_reach_loa_kulu_claims(client, cast, claims, endpoint):
    _, b = claims
    before = state(b)
    response = endpoint.call(login(client, cast.verifier, endpoint.api), b)
    assert_cannot_reach(endpoint, response, b, before)


@endpoints()
@pytest.mark.parametrize("who", ["outsider", "sponsor"])
def test_outsider_and_unlinked_sponsor_see_nothing(client, cast, claims, endpoint, who):
    a, _ = claims
    before = state(a)
    response = endpoint.call(login(client, getattr(cast, who), endpoint.api), a)
    assert_cannot_reach(endpoint, response, a, before)


@endpoints()
def test_a_sponsor_of_village_a_sees_only_figures_of_its_people(client, cast, claims, endpoint, apbd):
    from lindung.funding.models import FunderUser

    _, b = claims
    FunderUser.objects.create(funder=apbd, user=cast.sponsor)
    before = state(b)
    response = endpoint.call(login(client, cast.sponsor, endpoint.api), b)
    assert_cannot_reach(endpoint, response, b, before)
    if endpoint.id == "figures":
        assert response.context["figures"].total.cases == 1  # Ahmad Fauzi's claim, paid for by APBD Kukar


@endpoints()
def test_the_operator_of_village_a_reaches_its_own_claim(client, cast, claims, endpoint):
    a, _ = claims
    response = endpoint.call(login(client, cast.operator_a, endpoint.api), a)
    # The labour office's steps are refused at the service (403); everything else answers.
    assert response.status_code in (200, 201, 302, 400, 403)
    if endpoint.method == "get" and endpoint.id != "reminders":
        assert response.status_code == 200


def test_every_url_under_santunan_and_api_claims_has_a_leak_test():
    covered = {(e.name, e.method) for e in ENDPOINTS}
    pages = {e.name for e in ENDPOINTS if not e.api}
    missing = set()
    for route, name, callback in _walk(get_resolver().url_patterns):
        if not route.startswith(("santunan/", "api/^claims")):  # the router writes its routes as regexes
            continue
        assert name, f"{route} has no URL name"
        actions = getattr(callback, "actions", None)
        if actions:
            missing |= {(name, m) for m in set(actions) - {"head", "options"}} - covered
        elif name not in pages:
            missing.add((name, "*"))
    assert not missing, f"add these to ENDPOINTS in {__name__}: {sorted(missing)}"
