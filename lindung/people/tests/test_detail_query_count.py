"""The person page reads each thing once: memberships and the rules in force are not fetched twice."""

from datetime import date

from django.urls import reverse

from lindung.coverage.tests import conftest as coverage_fixtures

# An enrolled person needs an approved year, its funder and a membership: the coverage fixtures.
rate_schedule = coverage_fixtures.rate_schedule
coverage_rules = coverage_fixtures.coverage_rules
worker = coverage_fixtures.worker
year_data = coverage_fixtures.year_data
draft_year = coverage_fixtures.draft_year
first_worker = coverage_fixtures.first_worker
apbd = coverage_fixtures.apbd
enrolled = coverage_fixtures.enrolled


def _detail(person):
    return reverse("people:person-detail", args=[person.pk])


def test_an_enrolled_persons_page_reads_its_memberships_once(client, cast, enrolled, django_assert_num_queries):
    (person,), (membership,) = enrolled()
    client.force_login(cast.operator_a)
    client.get(_detail(person))  # per-process caches (region names) fill on the first page
    # session, user, roles, person, history, flags, memberships, eligibility rules, the ledger's
    # paid months, backdating requests, coverage rules, claims
    with django_assert_num_queries(12):
        response = client.get(_detail(person))
    page = response.content.decode()
    assert page.count(membership.kpj) >= 2  # in the membership table and on the timeline
    assert response.context["memberships"] == [membership]


def test_a_verifier_on_a_proposed_person_reads_the_rules_in_force_once(
    client, cast, make_person, django_assert_num_queries
):
    person = make_person(birth=date(1950, 1, 1))  # too old: a warning and a hold
    client.force_login(cast.verifier)
    client.get(_detail(person))
    # session, user, roles, person, history, flags, memberships, eligibility rules, claims
    with django_assert_num_queries(9):
        response = client.get(_detail(person))
    assert response.context["holds"] and 'id="verify-holds"' in response.content.decode()
