"""Every URL pattern × every role of the cast × GET and POST: nothing leaks, nothing changes unasked.

The cases live with their apps (lindung/<app>/tests/leak_cases.py); lindung/testing/leaks.py
says what counts as a leak. Each request runs in a savepoint rolled back afterwards, so every
role meets the same world.
"""

import json
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from lindung.testing import leaks

MODULES = leaks.app_modules()


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else None


def url_names() -> dict[str, str]:
    """Every URL pattern of the project by name (the route where a pattern has none)."""
    return {name or route: route for route, name in _walk(get_resolver().url_patterns)}


@pytest.fixture
def world(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return leaks.extend_world(leaks.World(cast=cast))


def _clients(cast) -> dict[str, Client]:
    clients = {leaks.ANONYMOUS: Client(raise_request_exception=False)}
    for role in leaks.ROLES[1:]:
        client = Client(raise_request_exception=False)
        client.force_login(getattr(cast, role))
        clients[role] = client
    return clients


def _call(client: Client, method: str, url: str, case: leaks.Case, world):
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    data = case.data(world) if case.data else {}
    if method == "get":
        response = client.get(url)
    elif case.json:
        response = client.post(url, json.dumps(data, default=str), content_type="application/json")
    else:
        response = client.post(url, data)
    if session is not None:
        # A logout (or a login) must not change who the next request is.
        client.cookies[settings.SESSION_COOKIE_NAME] = session.value
    return response


def _judge(case, url, region, role, method, response, world, judged, written) -> list[str]:
    found = []
    if response.status_code >= 500:
        found.append(f"{response.status_code} (server error)")
    if (
        method == "get"
        and case.get is not None
        and response.status_code == 200
        and not leaks.allowed(case.get, role, region)
    ):
        found.append("answered 200 to a role that may not open it")
    if judged and written:
        found.append(f"changed data for a role that may not ({written[0]})")
    text = leaks.body_text(response) if response.status_code == 200 else ""
    for typed in case.typed(world) if case.typed else []:
        text = text.replace(typed, "")
    shown = [s for s in world.forbidden(role) if s in text]
    if shown:
        found.append(f"showed {shown[:3]}")
    return [f"{method.upper()} {url} as {role}: {what}" for what in found]


@pytest.mark.parametrize("module", MODULES, ids=[m.__name__.split(".")[1] for m in MODULES])
def test_no_role_sees_or_changes_what_it_may_not(world, cast, module, capsys):
    clients = _clients(cast)
    found, tried, urls = [], Counter(), set()
    for case in module.CASES:
        for url, region in case.urls(world):
            urls.add(case.name)
            for role in leaks.ROLES:
                for method in ("get", "post"):
                    judged = method == "post" and not leaks.allowed(case.post, role, region)
                    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                        response = _call(clients[role], method, url, case, world)
                        written = leaks.writes(queries.captured_queries)
                        transaction.set_rollback(True)
                    found += _judge(case, url, region, role, method, response, world, judged, written)
                    tried[method] += 1
    with capsys.disabled():
        print(
            f"\nleak matrix {module.__name__}: {len(urls)} URL patterns × {len(leaks.ROLES)} roles × GET/POST = "
            f"{tried['get']} GET + {tried['post']} POST requests; leaks found = {len(found)}"
        )
    assert not found, "\n".join(found)


def test_every_url_pattern_has_a_leak_case(capsys):
    cases = leaks.all_cases()
    names = url_names()
    missing = sorted(name for name in names if not any(case.covers(name) for case in cases))
    with capsys.disabled():
        print(f"\nleak matrix: {len(names)} URL patterns, {len(cases)} cases, {len(leaks.ROLES)} roles")
    assert not missing, (
        f"add a Case for these URL patterns to the app's tests/leak_cases.py (see lindung/testing/leaks.py): {missing}"
    )
