"""The registry list does its per-request work once where it safely can, and reads only the page it shows.

The filters' village choices are kept per set of grants (never per user, never past a role
change or a regions reload); a page past the first finds its ids first and reads just its rows.
"""

from datetime import date

from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_A2, VILLAGE_B
from lindung.accounts.models import Role
from lindung.accounts.services import grant_role
from lindung.people.forms import _village_choices, village_choices
from lindung.people.models import Person
from lindung.regions.services import clear_caches

LIST = reverse("people:person-list")


def _village_options(html: str) -> set[str]:
    select = html.split('name="village"', 1)[1].split("</select>", 1)[0]
    return {part.split('"', 1)[0] for part in select.split('<option value="')[1:]} - {""}


def test_a_new_grant_shows_its_villages_in_the_filters_on_the_next_page(client, cast):
    client.force_login(cast.operator_a)
    assert _village_options(client.get(LIST).content.decode()) == {VILLAGE_A}
    grant_role(cast.operator_a, Role.OPERATOR, VILLAGE_B, by=cast.admin)
    assert _village_options(client.get(LIST).content.decode()) == {VILLAGE_A, VILLAGE_B}
    # Another user with the same grants is offered the same, and one with other grants is not.
    client.force_login(cast.operator_b)
    assert _village_options(client.get(LIST).content.decode()) == {VILLAGE_B}


def test_the_chosen_village_is_selected_once(client, cast):
    client.force_login(cast.admin)
    html = client.get(LIST, {"village": VILLAGE_A2}).content.decode()
    assert html.count(" selected>") == 1 + html.count('<option value="" selected>')
    assert f'<option value="{VILLAGE_A2}" selected>' in html


def test_a_regions_reload_clears_the_kept_choices(cast):
    village_choices(cast.admin, "view")
    assert _village_choices.cache_info().currsize > 0
    clear_caches()
    assert _village_choices.cache_info().currsize == 0
    assert len(village_choices(cast.admin, "view")) == 237


def test_a_later_page_finds_its_ids_first_and_shows_its_rows_in_order(
    client, cast, make_person, django_assert_num_queries
):
    for i in range(60):
        make_person(village_code=[VILLAGE_A, VILLAGE_B][i % 2], name=f"Pekerja {i:02d}", birth=date(1980, 1, 1))
    client.force_login(cast.admin)
    client.get(LIST)
    # session, user, roles, count, the page's ids, its rows
    with django_assert_num_queries(6):
        response = client.get(LIST, {"hal": 2})
    shown = [p.pk for p in response.context["page"].object_list]
    assert shown == list(Person.objects.order_by("name_key", "id").values_list("pk", flat=True)[50:60])
    assert len(shown) == 10 and response.context["page"].number == 2
    html = response.content.decode()
    assert all(f'href="{reverse("people:person-detail", args=[pk])}"' in html for pk in shown)


def test_the_table_escapes_what_people_typed_and_shows_their_warnings(client, cast, make_person):
    person = make_person(name="Siti <b>Aminah</b>")
    person.warnings = [{"code": "uji", "message": "Umur <di luar> batas"}]
    person.save(update_fields=["warnings"])
    client.force_login(cast.admin)
    html = client.get(LIST).content.decode()
    assert "<b>Aminah</b>" not in html
    assert "&lt;b&gt;Aminah&lt;/b&gt;" in html or "&lt;B&gt;AMINAH&lt;/B&gt;" in html
    assert "Umur &lt;di luar&gt; batas" in html
    assert person.masked_nik in html and person.nik not in html
    # Typed in full, that one NIK is shown whole.
    assert person.nik in client.get(LIST, {"q": person.nik}).content.decode()
