"""The REST API: same services and rules as the pages, answers a program can act on."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import person_data
from lindung.audit.models import AuditEntry
from lindung.people.models import Person, Status
from lindung.people.services import update_person

PEOPLE = reverse("person-list")


def detail(person, action=""):
    name = f"person-{action}" if action else "person-detail"
    return reverse(name, kwargs={"pk": person.pk})


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def payload(**overrides) -> dict:
    data = person_data(**overrides)
    data["birth_date"] = data["birth_date"].isoformat()
    return data


def by_field(response) -> dict:
    return {p["field"]: p for p in response.json()["problems"]}


def test_create_returns_201_with_a_masked_nik_and_is_audited_as_api(cast):
    response = api_as(cast.operator_a).post(PEOPLE, payload(), format="json")
    assert response.status_code == 201
    person = Person.objects.get()
    body = response.json()
    assert (body["id"], body["nik"], body["status"]) == (person.pk, person.masked_nik, Status.PROPOSED)
    entry = AuditEntry.objects.for_target(person).get()
    assert (entry.action, entry.actor, entry.interface) == ("people.person.proposed", cast.operator_a, "api")


def test_create_with_a_token(cast):
    token = Token.objects.create(user=cast.operator_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.post(PEOPLE, payload(), format="json").status_code == 201
    assert Person.objects.get().proposed_by == cast.operator_a


def test_requests_without_credentials_are_refused(cast, make_person):
    person = make_person()
    client = APIClient()
    assert client.get(PEOPLE).status_code in (401, 403)
    assert client.get(detail(person)).status_code in (401, 403)
    assert client.post(PEOPLE, payload(serial=9), format="json").status_code in (401, 403)


def test_invalid_data_returns_400_with_problems_in_indonesian(cast):
    response = api_as(cast.operator_a).post(PEOPLE, payload(nik="12345", phone="08", rt="abc"), format="json")
    assert response.status_code == 400
    problems = by_field(response)
    assert set(problems) == {"nik", "phone", "rt"}
    assert problems["phone"]["code"] == "hp_tidak_valid"
    assert problems["phone"]["message"].startswith("Nomor HP tidak valid")
    assert problems["rt"]["message"] == "RT harus berupa angka 1-3 digit, contoh 005."
    assert "16 digit" in problems["nik"]["message"]
    assert all(p["level"] == "error" for p in problems.values())
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(interface="api").exists()


def test_missing_and_malformed_fields_come_back_as_problems_too(cast):
    data = payload()
    del data["name"]
    data["declared_income"] = "banyak"
    response = api_as(cast.operator_a).post(PEOPLE, data, format="json")
    assert response.status_code == 400
    problems = by_field(response)
    assert problems["name"]["code"] == "required"
    assert problems["name"]["message"] == "Bidang ini harus diisi."
    assert problems["declared_income"]["code"] == "invalid"
    assert "bilangan bulat" in problems["declared_income"]["message"]


def test_a_nik_discrepancy_asks_for_confirmation(cast):
    data = payload()
    data["birth_date"] = "1980-06-12"
    response = api_as(cast.operator_a).post(PEOPLE, data, format="json")
    assert response.status_code == 400
    problem = by_field(response)["birth_date"]
    assert (problem["code"], problem["level"]) == ("nik_beda_tanggal_lahir", "confirm")
    confirmed = api_as(cast.verifier).post(PEOPLE, {**data, "confirm_note": "Akta dikoreksi"}, format="json")
    assert confirmed.status_code == 201


def test_partial_update_changes_only_what_is_sent_and_is_audited(cast, make_person):
    person = make_person(by=cast.operator_a)
    response = api_as(cast.operator_a).patch(
        detail(person), {"street": "Jl. Baru No. 2", "version": person.version}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    person.refresh_from_db()
    assert (person.street, person.name) == ("Jl. Baru No. 2", "Ahmad Fauzi")
    entry = AuditEntry.objects.for_target(person).get(action="people.person.updated")
    assert entry.interface == "api"
    assert entry.data["changes"] == {"street": ["Jl. Mangkurawang", "Jl. Baru No. 2"]}


def test_partial_update_with_invalid_data_returns_problems(cast, make_person):
    person = make_person(by=cast.operator_a)
    response = api_as(cast.operator_a).patch(detail(person), {"phone": "12", "version": person.version}, format="json")
    assert response.status_code == 400
    assert by_field(response)["phone"]["code"] == "hp_tidak_valid"


def test_stale_version_returns_409_and_keeps_the_newer_data(cast, make_person):
    person = make_person(by=cast.operator_a)
    opened = person.version
    update_person(person, person_data(street="Jl. Versi Verifikator"), by=cast.verifier, expected_version=opened)
    response = api_as(cast.operator_a).patch(
        detail(person), {"street": "Jl. Versi Operator", "version": opened}, format="json"
    )
    assert response.status_code == 409
    assert "sudah diubah oleh Verifier" in response.json()["detail"]
    person.refresh_from_db()
    assert person.street == "Jl. Versi Verifikator"


def test_verify_with_a_stale_version_returns_409(cast, make_person):
    person = make_person(by=cast.operator_a)
    update_person(person, person_data(street="Jl. Lain"), by=cast.operator_a, expected_version=person.version)
    response = api_as(cast.verifier).post(detail(person, "verify"), {"version": 1}, format="json")
    assert response.status_code == 409
    person.refresh_from_db()
    assert person.status == Status.PROPOSED


def test_verify_by_an_operator_is_403(cast, make_person):
    person = make_person(by=cast.operator_a)
    response = api_as(cast.operator_a).post(detail(person, "verify"), {"version": person.version}, format="json")
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.status == Status.PROPOSED
    assert not AuditEntry.objects.filter(action="people.person.verified").exists()


def test_verify_by_the_verifier_accepts_a_form_encoded_version(cast, make_person):
    person = make_person(by=cast.operator_a)
    response = api_as(cast.verifier).post(detail(person, "verify"), {"version": str(person.version)})
    assert response.status_code == 200
    assert response.json()["status"] == Status.VERIFIED
    entry = AuditEntry.objects.get(action="people.person.verified")
    assert (entry.actor, entry.interface) == (cast.verifier, "api")


def test_verifying_twice_says_why_it_cannot(cast, make_person):
    person = make_person(by=cast.operator_a)
    client = api_as(cast.verifier)
    first = client.post(detail(person, "verify"), {"version": person.version}, format="json")
    response = client.post(detail(person, "verify"), {"version": first.json()["version"]}, format="json")
    assert response.status_code == 400
    assert "Hanya data berstatus Diusulkan" in response.json()["detail"]


def test_reject_needs_a_reason(cast, make_person):
    person = make_person(by=cast.operator_a)
    client = api_as(cast.verifier)
    assert client.post(detail(person, "reject"), {"reason": "", "version": 1}, format="json").status_code == 400
    response = client.post(detail(person, "reject"), {"reason": "Foto KTP buram", "version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["status_reason"] == "Foto KTP buram"


def test_a_malformed_version_is_a_problem_not_a_crash(cast, make_person):
    person = make_person(by=cast.operator_a)
    response = api_as(cast.verifier).post(detail(person, "verify"), {"version": "dua"}, format="json")
    assert response.status_code == 400
    assert by_field(response)["version"]["code"] == "invalid"


def test_reveal_nik_returns_it_and_is_audited_as_api(cast, make_person):
    person = make_person(by=cast.operator_a)
    response = api_as(cast.auditor).post(detail(person, "reveal-nik"))
    assert response.json() == {"nik": person.nik}
    entry = AuditEntry.objects.get(action="people.person.nik_viewed")
    assert (entry.actor, entry.interface) == (cast.auditor, "api")


def test_finance_may_not_reveal_a_nik(cast, make_person):
    person = make_person(by=cast.operator_a)
    assert api_as(cast.finance).post(detail(person, "reveal-nik")).status_code == 403
    assert not AuditEntry.objects.filter(action="people.person.nik_viewed").exists()


@pytest.mark.parametrize(
    "query,expected", [({"q": "Siti"}, ["Siti Aminah"]), ({"occupation": "petani"}, ["Ahmad Fauzi"])]
)
def test_list_filters_like_the_page_and_masks_niks(cast, make_person, query, expected):
    make_person()
    make_person(name="Siti Aminah", occupation="nelayan", sex_="P")
    body = api_as(cast.admin).get(PEOPLE, query).json()
    assert [r["name"] for r in body["results"]] == expected
    assert all("********" in r["nik"] for r in body["results"])


def test_a_change_without_a_version_is_428_and_changes_nothing(cast, make_person):
    person = make_person(by=cast.operator_a)
    response = api_as(cast.verifier).post(detail(person, "verify"), {}, format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    person.refresh_from_db()
    assert person.status == Status.PROPOSED


def test_the_etag_of_a_get_is_the_if_match_of_the_change_and_a_stale_one_is_412(cast, make_person):
    person = make_person(by=cast.operator_a)
    client = api_as(cast.verifier)
    etag = client.get(detail(person))["ETag"]
    assert etag == f'"{person.version}"'
    assert client.post(detail(person, "verify"), {}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    stale = client.post(detail(person, "reject"), {"reason": "Foto KTP buram"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert "sudah diubah oleh" in stale.json()["detail"]
    person.refresh_from_db()
    assert person.status == Status.VERIFIED


def test_an_id_that_is_not_a_number_is_404_not_500(cast):
    for url in ("/api/people/abc/", "/api/people/abc/verify/", "/api/people/99999999999999999999999/"):
        response = api_as(cast.admin).get(url)
        assert response.status_code == 404, url


def test_format_suffixes_are_not_urls(cast, make_person):
    person = make_person(by=cast.operator_a)
    client = api_as(cast.admin)
    for url in ("/api/people.json", f"/api/people/{person.pk}.json", f"/api/people/{person.pk}/verify.json"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/api/people/{person.pk}/verify.json", {"version": 1}, format="json").status_code == 404


def test_an_invalid_filter_is_an_indonesian_400_not_ignored(cast, make_person):
    make_person(by=cast.operator_a)
    response = api_as(cast.admin).get(PEOPLE, {"status": "bukan-status"})
    assert response.status_code == 400
    [problem] = response.json()["problems"]
    assert problem["field"] == "status" and "bukan-status" in problem["message"]
    assert "pilihan yang valid" in problem["message"]  # Django's own message, in Indonesian


def test_a_page_past_the_end_is_an_indonesian_404(cast):
    response = api_as(cast.admin).get(PEOPLE, {"page": "999"})
    assert response.status_code == 404
    assert "Halaman 999 tidak ada" in response.json()["detail"]


def test_a_body_that_is_not_an_object_is_a_400(cast, make_person):
    person = make_person(by=cast.operator_a)
    response = api_as(cast.verifier).post(detail(person, "reject"), [1, 2], format="json")
    assert response.status_code == 400


def test_the_schema_lists_every_api_url(client):
    from django.urls import URLPattern, URLResolver, get_resolver

    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = set(schema.json()["paths"])

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    api = [route for route in walk(get_resolver().url_patterns) if route.startswith("api/")]
    import re

    documented = {re.sub(r"\{[^}]+\}", "", path).strip("/") for path in paths}
    for route in api:
        if route in ("api/schema/", "api/docs/", "api/^$", "api/", "api/^(?P<rest>.*)$"):
            continue
        shape = "api/" + re.sub(r"\(\?P<\w+>[^)]*\)|<[^>]+>", "", route[4:].lstrip("^").rstrip("$"))
        assert shape.strip("/") in documented, f"{route} is not in the OpenAPI schema"


def test_the_docs_page_loads_its_script_from_our_own_static_files(cast):
    from django.test import Client

    client = Client()
    client.force_login(cast.admin)
    page = client.get("/api/docs/").content.decode()
    assert "cdn" not in page.lower() and "<script>" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page


def test_an_address_under_api_that_does_not_exist_is_a_json_404(cast):
    client = api_as(cast.admin)
    for url in ("/api/people/abc/", "/api/tidak-ada/", "/api/people/1/hapus/"):
        response = client.post(url, {}, format="json")
        assert response.status_code == 404 and "tidak ada" in response.json()["detail"], url
