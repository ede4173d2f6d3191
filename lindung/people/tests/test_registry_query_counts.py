"""The registry's busiest pages ask the database a fixed number of questions, however many rows they show.

The load benchmark (benchmarks/load.py) spends most of its time on these pages; a query per row
(a deferred column read in the table, a label looked up per row) would multiply under load.
"""

from datetime import date

import pytest
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_A2, VILLAGE_B
from lindung.people.services import update_person, verify_person

LIST = reverse("people:person-list")
VILLAGES = [VILLAGE_A, VILLAGE_A2, VILLAGE_B]


def _people(make_person, size: int, **extra):
    return [
        make_person(
            village_code=VILLAGES[i % 3],
            name=f"Siti Pekerja {i}",
            birth=date(1970 + i % 30, 3, 1),
            occupation="lainnya" if i % 4 == 0 else "petani",
            occupation_other="Penjahit" if i % 4 == 0 else "",
            **extra,
        )
        for i in range(size)
    ]


@pytest.mark.parametrize("size", [3, 60])
def test_a_name_search_uses_the_same_queries_for_three_matches_or_sixty(
    client, cast, make_person, django_assert_num_queries, size
):
    _people(make_person, size)
    make_person(name="Budi Santoso", serial=999)
    client.force_login(cast.verifier_all)
    client.get(LIST)  # region choices are cached per process after the first page
    # session, user, roles, count, one page of rows
    with django_assert_num_queries(5):
        response = client.get(LIST, {"q": "siti"})
    names = [p.name for p in response.context["page"].object_list]
    assert len(names) == min(size, 50)
    assert all(name.startswith("Siti Pekerja") for name in names)
    # SQLite walks the name index and PostgreSQL sorts the trigram matches: the same order either way.
    assert names == sorted(names, key=lambda n: n.lower())


@pytest.mark.parametrize("size", [3, 60])
def test_a_nik_prefix_search_uses_the_same_queries_for_three_matches_or_sixty(
    client, cast, make_person, django_assert_num_queries, size
):
    people = _people(make_person, size)
    client.force_login(cast.verifier_all)
    client.get(LIST)
    with django_assert_num_queries(5):
        response = client.get(LIST, {"q": people[0].nik[:6]})
    assert response.context["page"].paginator.count == sum(p.nik.startswith(people[0].nik[:6]) for p in people)


def test_the_list_shows_every_column_it_needs_without_a_query_per_row(
    client, cast, make_person, django_assert_num_queries
):
    people = _people(make_person, 12)
    verify_person(people[1], by=cast.admin)
    client.force_login(cast.verifier_all)
    client.get(LIST)
    with django_assert_num_queries(5):
        html = client.get(LIST).content.decode()
    assert "Lainnya: Penjahit" in html
    assert "Diverifikasi" in html and "Diusulkan" in html
    assert people[0].masked_nik in html and people[0].nik not in html
    assert "Mangkurawang" in html  # the village name, from the same query
    assert f'href="{reverse("people:person-detail", args=[people[0].pk])}"' in html


def _detail_queries(client, person, django_assert_num_queries, expected):
    url = reverse("people:person-detail", args=[person.pk])
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_a_worker_page_asks_the_same_queries_however_long_the_worker_history(
    client, cast, make_person, django_assert_num_queries
):
    fresh = make_person(name="Ahmad Baru", serial=1)
    edited = make_person(name="Ahmad Lama", serial=2)
    for street in ("Jl. Satu", "Jl. Dua", "Jl. Tiga", "Jl. Empat", "Jl. Lima"):
        edited.refresh_from_db()
        data = {
            "nik": edited.nik,
            "name": edited.name,
            "sex": edited.sex,
            "birth_place": edited.birth_place,
            "birth_date": edited.birth_date,
            "village_code": edited.village_id,
            "street": street,
            "occupation": edited.occupation,
        }
        update_person(edited, data, by=cast.admin, expected_version=edited.version)
    client.force_login(cast.verifier)
    # session, user, roles, the worker, its history, flags, memberships (no cover without them),
    # the rules in force (read once for the holds and the notes), claims
    _detail_queries(client, fresh, django_assert_num_queries, 9)
    response = _detail_queries(client, edited, django_assert_num_queries, 9)
    assert "Jl. Lima" in response.content.decode()
