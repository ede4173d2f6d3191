"""The registry pages: list, filters, masking, entry form, edit conflicts, verification, NIK and export."""

import io
import re
from datetime import date, timedelta

import openpyxl
import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from conftest import VILLAGE_A, VILLAGE_A2, VILLAGE_B, person_data
from lindung.accounts.models import Role
from lindung.accounts.services import grant_role
from lindung.audit.models import AuditEntry
from lindung.people.forms import PersonForm
from lindung.people.models import Person, Status
from lindung.people.services import reject_person, reveal_nik, update_person, verify_person

LIST = reverse("people:person-list")
CREATE = reverse("people:person-create")
QUEUE = reverse("people:verification-queue")
EXPORT = reverse("people:person-export")


def years_ago(years: int, *, days_later: int = 0) -> date:
    """A birth date that makes someone `years` old today, or `days_later` days from now."""
    today = timezone.localdate()
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        birthday = today.replace(year=today.year - years, day=28)
    return birthday + timedelta(days=days_later)


def listed(response) -> list[str]:
    return [p.name for p in response.context["page"].object_list]


def form_values(data: dict) -> dict:
    return {k: "" if v is None else v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


def field_block(html: str, name: str) -> str:
    """The markup of one form field: its label, input, errors and help."""
    blocks = re.split(r'<div class="field(?=[ "])', html)
    return next(b for b in blocks if f'name="{name}"' in b)


# -- list page ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 60])
def test_list_page_uses_the_same_number_of_queries_whatever_the_size(
    client, cast, make_person, django_assert_num_queries, size
):
    villages = [VILLAGE_A, VILLAGE_A2, VILLAGE_B]
    for i in range(size):
        make_person(village_code=villages[i % 3], name=f"Pekerja Nomor {i}", birth=date(1970 + i % 30, 3, 1))
    client.force_login(cast.admin)
    client.get(LIST)  # region choices are cached per process after the first page
    # session, user, roles, count, one page of rows
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == min(size, 50)


@pytest.fixture
def registry(cast, make_person):
    """Four people spread over two districts, occupations, ages and statuses."""
    ahmad = make_person(name="H. Ahmad Fauzi", birth=years_ago(40))
    siti = make_person(name="Siti Aminah", village_code=VILLAGE_A2, occupation="nelayan", sex_="P", birth=years_ago(22))
    budi = make_person(name="Budi Santoso", village_code=VILLAGE_B, occupation="kepala_desa", birth=years_ago(45))
    dewi = make_person(
        name="Dewi Lestari",
        village_code=VILLAGE_B,
        occupation="lainnya",
        occupation_other="Tukang jahit",
        sex_="P",
        birth=years_ago(70),
    )
    verify_person(budi, by=cast.admin)
    reject_person(siti, by=cast.admin, reason="Foto KTP tidak terbaca")
    return {"ahmad": ahmad, "siti": siti, "budi": budi, "dewi": dewi}


NAMES = {"ahmad": "H. Ahmad Fauzi", "siti": "Siti Aminah", "budi": "Budi Santoso", "dewi": "Dewi Lestari"}


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"district": "64.02.06"}, {"ahmad", "siti"}),
        ({"village": VILLAGE_B}, {"budi", "dewi"}),
        ({"occupation": "nelayan"}, {"siti"}),
        ({"segment": "PU"}, {"budi"}),
        ({"status": Status.VERIFIED}, {"budi"}),
        ({"status": Status.REJECTED}, {"siti"}),
        ({"status": Status.PROPOSED}, {"ahmad", "dewi"}),
        ({"age": "18-25"}, {"siti"}),
        ({"age": "36-45"}, {"ahmad", "budi"}),
        ({"age": ">65"}, {"dewi"}),
        ({"warning": "ada"}, {"dewi"}),
        ({"q": "Ahmad Fauzi"}, {"ahmad"}),
        ({"q": "H. Ahmad"}, {"ahmad"}),
        ({"q": "Haji Ahmad Fauzi"}, {"ahmad"}),
        ({"q": "Hj. Siti"}, {"siti"}),
        ({"q": "aminah"}, {"siti"}),
        ({"q": "640202"}, {"budi", "dewi"}),
        ({"q": "6402 06"}, {"ahmad", "siti"}),
        ({"district": "64.02.02", "occupation": "kepala_desa"}, {"budi"}),
        ({"district": "64.02.02", "q": "Ahmad"}, set()),
    ],
    ids=lambda v: "&".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else None,
)
def test_filters_return_the_right_people(client, cast, registry, query, expected):
    client.force_login(cast.admin)
    response = client.get(LIST, query)
    assert set(listed(response)) == {NAMES[key] for key in expected}


def test_age_band_counts_a_birthday_today(client, cast, make_person):
    make_person(name="Ulang Tahun Hari Ini", birth=years_ago(26))
    make_person(name="Besok Ulang Tahun", birth=years_ago(26, days_later=1))
    client.force_login(cast.admin)
    assert listed(client.get(LIST, {"age": "26-35"})) == ["Ulang Tahun Hari Ini"]
    assert listed(client.get(LIST, {"age": "18-25"})) == ["Besok Ulang Tahun"]


def test_the_district_filter_lists_the_districts_of_a_village_operator(client, cast):
    client.force_login(cast.operator_a)
    form = client.get(LIST).context["form"]
    assert [c for c, _ in form.fields["district"].choices] == ["", "64.02.06"]
    assert [c for c, _ in form.fields["village"].choices] == ["", VILLAGE_A]


def test_a_regency_wide_verifier_is_offered_every_district(client, cast):
    user = cast.outsider
    grant_role(user, Role.VERIFIER, "64.02", by=cast.admin)
    client.force_login(user)
    form = client.get(LIST).context["form"]
    assert len([c for c, _ in form.fields["district"].choices if c]) == 20


def test_pagination_keeps_the_filters(client, cast, make_person):
    for i in range(55):
        make_person(name=f"Petani {i:02d}")
    for i in range(3):
        make_person(name=f"Nelayan {i}", occupation="nelayan")
    client.force_login(cast.admin)
    first = client.get(LIST, {"occupation": "petani", "q": "Petani"})
    assert first.context["page"].paginator.count == 55
    html = first.content.decode()
    next_link = re.search(r'<a href="\?([^"]*)" rel="next">', html).group(1).replace("&amp;", "&")
    assert set(next_link.split("&")) == {"occupation=petani", "q=Petani", "hal=2"}
    second = client.get(f"{LIST}?{next_link}")
    assert listed(second) == [f"Petani {i:02d}" for i in range(50, 55)]


# -- NIK masking --------------------------------------------------------------------------


@pytest.fixture
def three(cast, make_person):
    return [make_person(name=f"Orang {n}") for n in ("Satu", "Dua", "Tiga")]


def test_lists_show_masked_niks(client, cast, three):
    client.force_login(cast.operator_a)
    html = client.get(LIST).content.decode()
    assert "6402************" in html
    assert not any(p.nik in html for p in three)


def test_the_exact_nik_searched_for_is_shown_whole(client, cast, three):
    client.force_login(cast.operator_a)
    third = three[2]
    for typed in (third.nik, "6402 0612 0580 0003", "6402.0612.0580.0003"):
        response = client.get(LIST, {"q": typed})
        cells = re.findall(r'<td class="c-nik mono">([^<]*)</td>', response.content.decode())
        assert cells == [third.nik], typed


def test_a_nik_prefix_search_keeps_niks_masked(client, cast, three):
    client.force_login(cast.operator_a)
    response = client.get(LIST, {"q": "6402"})
    cells = re.findall(r'<td class="c-nik mono">([^<]*)</td>', response.content.decode())
    assert sorted(cells) == sorted(p.masked_nik for p in three)


# -- entry form ---------------------------------------------------------------------------


def test_create_form_shows_indonesian_errors_next_to_the_field_and_keeps_the_input(client, cast):
    client.force_login(cast.operator_a)
    data = form_values(person_data(name="Budi Santoso", phone="08", rt="12345"))
    response = client.post(CREATE, data)
    assert response.status_code == 200
    html = response.content.decode()
    phone = field_block(html, "phone")
    assert "has-error" in phone
    assert "Nomor HP tidak valid" in phone
    assert 'value="08"' in phone
    assert "RT harus berupa angka 1-3 digit" in field_block(html, "rt")
    assert 'value="Budi Santoso"' in field_block(html, "name")
    assert "has-error" not in field_block(html, "name")
    assert not Person.objects.exists()


def test_create_form_reports_rule_errors_from_the_service_on_their_field(client, cast):
    client.force_login(cast.operator_a)
    data = form_values(person_data(rt="abc", occupation="lainnya"))
    html = client.post(CREATE, data).content.decode()
    assert "RT harus berupa angka 1-3 digit" in field_block(html, "rt")
    assert "Tulis pekerjaannya bila memilih Lainnya" in field_block(html, "occupation_other")
    assert 'value="abc"' in field_block(html, "rt")


def test_create_form_saves_and_redirects_to_the_person(client, cast):
    client.force_login(cast.operator_a)
    response = client.post(CREATE, form_values(person_data()))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person-detail", kwargs={"pk": person.pk})
    assert AuditEntry.objects.for_target(person).get().interface == "web"


def _discrepant() -> dict:
    data = form_values(person_data())
    data["birth_date"] = "1980-06-12"  # the NIK says 12 May 1980
    return data


def test_a_verifier_sees_the_confirm_note_field_when_the_nik_disagrees(client, cast):
    client.force_login(cast.verifier)
    html = client.post(CREATE, _discrepant()).content.decode()
    assert 'name="confirm_note"' in html
    assert "tulis alasannya di kolom konfirmasi" in html
    assert not Person.objects.exists()
    response = client.post(CREATE, {**_discrepant(), "confirm_note": "Akta lahir dikoreksi 2015"})
    assert response.status_code == 302
    assert Person.objects.get().nik_discrepancy_note == "Akta lahir dikoreksi 2015"


def test_an_operator_is_not_offered_the_confirm_note(client, cast):
    client.force_login(cast.operator_a)
    html = client.post(CREATE, _discrepant()).content.decode()
    assert 'name="confirm_note"' not in html
    assert "minta verifikator kecamatan mengonfirmasi" in html
    response = client.post(CREATE, {**_discrepant(), "confirm_note": "saya yakin"})
    assert response.status_code == 200
    assert not Person.objects.exists()


def test_the_confirm_note_is_not_shown_before_a_discrepancy(client, cast):
    client.force_login(cast.verifier)
    assert 'name="confirm_note"' not in client.get(CREATE).content.decode()


# -- editing ------------------------------------------------------------------------------


def _edit_values(person, **changes) -> dict:
    return form_values({**PersonForm.initial_for(person), **changes})


def test_saving_a_stale_edit_names_who_changed_it_and_keeps_the_newer_data(client, cast, make_person):
    person = make_person(by=cast.operator_a)
    client.force_login(cast.operator_a)
    opened = client.get(reverse("people:person-edit", kwargs={"pk": person.pk})).context["form"]
    mine = _edit_values(person, street="Jl. Versi Operator", version=opened.initial["version"])
    newer = person_data(street="Jl. Versi Verifikator")
    update_person(person, newer, by=cast.verifier, expected_version=person.version)
    reveal_nik(Person.objects.get(pk=person.pk), by=cast.auditor)  # a read must not be blamed for the change

    response = client.post(reverse("people:person-edit", kwargs={"pk": person.pk}), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"sudah diubah oleh Verifier pada .+ sejak Anda membukanya", html)
    person.refresh_from_db()
    assert person.street == "Jl. Versi Verifikator"
    assert person.version == 2


def test_edit_page_saves_a_current_version(client, cast, make_person):
    person = make_person(by=cast.operator_a)
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("people:person-edit", kwargs={"pk": person.pk}), _edit_values(person, street="Jl. Baru")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.street, person.version) == ("Jl. Baru", 2)


# -- verification -------------------------------------------------------------------------


def test_bulk_accept_verifies_only_the_filtered_list(client, cast, make_person):
    in_a = [make_person(name=f"Warga Mangkurawang {i}") for i in range(2)]
    in_a2 = make_person(name="Warga Rapak Lambur", village_code=VILLAGE_A2)
    in_b = make_person(name="Warga Loa Kulu", village_code=VILLAGE_B)
    client.force_login(cast.verifier_all)
    response = client.post(f"{QUEUE}?village={VILLAGE_A}", follow=True)
    assert "2 data diverifikasi" in response.content.decode()
    statuses = dict(Person.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in in_a] == [Status.VERIFIED, Status.VERIFIED]
    assert statuses[in_a2.pk] == statuses[in_b.pk] == Status.PROPOSED
    entries = AuditEntry.objects.filter(action="people.person.verified")
    assert sorted(int(e.target_id) for e in entries) == sorted(p.pk for p in in_a)
    assert {e.interface for e in entries} == {"web"}


def test_the_queue_lists_only_proposed_people(client, cast, registry):
    client.force_login(cast.verifier_all)
    assert set(listed(client.get(QUEUE))) == {"H. Ahmad Fauzi", "Dewi Lestari"}


def test_verify_button_accepts_one_person(client, cast, make_person):
    person = make_person()
    client.force_login(cast.verifier)
    response = client.post(reverse("people:person-verify", kwargs={"pk": person.pk}), {"version": person.version})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == Status.VERIFIED


# -- NIK reveal and export ----------------------------------------------------------------


def test_reveal_nik_returns_the_nik_and_is_audited(client, cast, make_person):
    person = make_person()
    client.force_login(cast.operator_a)
    url = reverse("people:person-reveal-nik", kwargs={"pk": person.pk})
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    assert person.nik in response.content.decode()
    entry = AuditEntry.objects.get(action="people.person.nik_viewed")
    assert (entry.actor, entry.target_id, entry.interface) == (cast.operator_a, str(person.pk), "web")


def _workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_export_writes_niks_as_text_and_is_audited(client, cast, make_person):
    people = [make_person(name=f"Orang {i}") for i in range(3)]
    make_person(name="Nelayan Satu", occupation="nelayan")
    client.force_login(cast.admin)
    response = client.get(EXPORT, {"occupation": "petani", "nik": "lengkap"})
    assert response["Content-Disposition"].startswith('attachment; filename="pekerja-')
    sheet = _workbook(response)
    assert sheet["B1"].value == "NIK"
    niks = [sheet.cell(row=r, column=2) for r in range(2, sheet.max_row + 1)]
    assert sorted(c.value for c in niks) == sorted(p.nik for p in people)
    assert all(c.data_type == "s" and c.number_format == "@" for c in niks)
    entry = AuditEntry.objects.get(action="people.registry.exported")
    assert entry.actor == cast.admin
    assert entry.data["rows"] == 3
    assert entry.data["full_nik"] is True
    assert entry.data["filters"] == {"occupation": "petani"}


def test_export_masks_niks_unless_asked(client, cast, make_person):
    person = make_person()
    client.force_login(cast.operator_a)
    sheet = _workbook(client.get(EXPORT))
    assert sheet["B2"].value == person.masked_nik
    assert AuditEntry.objects.get(action="people.registry.exported").data["full_nik"] is False


def test_a_full_nik_export_shows_whole_niks_only_where_the_user_may_see_them(client, cast, make_person):
    mine = make_person(name="Warga Desa Saya")
    other = make_person(name="Warga Desa Lain", village_code=VILLAGE_B)
    user = cast.outsider
    grant_role(user, Role.FINANCE, None, by=cast.admin)
    grant_role(user, Role.OPERATOR, VILLAGE_A, by=cast.admin)
    client.force_login(user)
    sheet = _workbook(client.get(EXPORT, {"nik": "lengkap"}))
    niks = {sheet.cell(row=r, column=4).value: sheet.cell(row=r, column=2).value for r in (2, 3)}
    assert niks == {"Warga Desa Saya": mine.nik, "Warga Desa Lain": other.masked_nik}


def test_wrong_nik_is_explained_even_when_other_required_fields_are_empty(cast, client):
    client.force_login(cast.operator_a)
    response = client.post("/pekerja/baru/", {"nik": "123", "name": "", "village_code": "", "occupation": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "16 digit" in " ".join(errors["nik"])
    assert "name" in errors and "village_code" in errors


def test_nik_prefix_range_ends_at_the_next_prefix():
    from lindung.people.forms import nik_prefix

    assert nik_prefix("640206") == Q(nik__gte="640206", nik__lt="640207")
    assert nik_prefix("6409") == Q(nik__gte="6409", nik__lt="6410")
    assert nik_prefix("99") == Q(nik__gte="99")
