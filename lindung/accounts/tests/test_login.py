"""Logging in: a throttle per account and per address, failures on the record, safe defaults."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from lindung.audit.models import AuditEntry

PASSWORD = "sandi-uji-123"
PROJECT = Path(__file__).resolve().parents[3]


def _login(client, username, password, address="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_right_password_after_repeated_failures_does_not_log_in(client, cast):
    for _ in range(30):
        _login(client, "admin", "salah-terus")
    response = _login(client, "admin", PASSWORD)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_from_another_address_too(client, cast):
    for _ in range(5):
        _login(client, "verifier", "salah-terus", address="10.0.0.1")
    assert _login(client, "verifier", PASSWORD, address="10.9.9.9").status_code == 429


def test_one_address_trying_many_accounts_is_locked(client, cast):
    for name in ("admin", "finance", "auditor", "operator_a", "operator_b"):
        _login(client, name, "salah-terus", address="10.0.0.7")
    assert _login(client, "verifier_all", PASSWORD, address="10.0.0.7").status_code == 429
    assert _login(client, "verifier_all", PASSWORD, address="10.0.0.8").status_code == 302


def test_a_few_mistakes_then_the_right_password_logs_in(client, cast):
    for _ in range(3):
        assert _login(client, "finance", "salah").status_code == 200
    assert _login(client, "finance", PASSWORD).status_code == 302


def test_failed_logins_are_audited_with_account_and_address(client, cast):
    _login(client, "auditor", "salah", address="10.1.2.3")
    _login(client, "tidak-ada", "salah", address="10.1.2.3")
    entries = AuditEntry.objects.filter(action="accounts.login.failed").order_by("id")
    assert [(e.target_id, e.data["username"], e.data["address"]) for e in entries] == [
        (str(cast.auditor.pk), "auditor", "10.1.2.3"),
        ("", "tidak-ada", "10.1.2.3"),
    ]


def test_a_session_idle_past_the_timeout_is_logged_out(client, cast, settings):
    import time

    from lindung.accounts.middleware import SEEN

    assert settings.LINDUNG_IDLE_MINUTES == 30
    client.force_login(cast.admin)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("people:person-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("people:person-list")).status_code == 302  # logged out, not just redirected once


def test_a_session_in_use_stays_logged_in(client, cast):
    import time

    from lindung.accounts.middleware import SEEN

    client.force_login(cast.admin)
    session = client.session
    session[SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("people:person-list")).status_code == 200
    assert client.get(reverse("people:person-list")).status_code == 200


def test_pages_for_logged_in_users_are_not_stored_and_carry_a_csp(client, cast):
    client.force_login(cast.admin)
    for url in (reverse("home"), reverse("people:person-list"), reverse("people:person-export")):
        response = client.get(url)
        assert response["Cache-Control"] == "no-store"
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_no_page_has_inline_script_or_style(client, cast, make_person):
    make_person()
    client.force_login(cast.admin)
    for url in (reverse("home"), reverse("people:person-list"), reverse("people:verification-queue")):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+=|\sstyle=|<style|hx-on", html), url


def _settings_in_a_fresh_process(env: dict, code: str, tmp_path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG", "DATABASE_URL"))}
    clean.update({"LINDUNG_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "lindung.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, cwd=PROJECT, capture_output=True, text=True, timeout=120
    )


def test_cookies_are_secure_by_default_when_debug_is_off(tmp_path):
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    prod = _settings_in_a_fresh_process({"DEBUG": "0"}, "import django; django.setup(); " + code, tmp_path)
    dev = _settings_in_a_fresh_process({"DEBUG": "1"}, "import django; django.setup(); " + code, tmp_path)
    assert prod.stdout.split() == ["True", "True"], prod.stderr
    assert dev.stdout.split() == ["False", "False"], dev.stderr


# The production settings of the README's "Production settings" section.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "9x!Qz-3vB#m8Lp@2rT^w7Yd&4nHs0Uf*6Je%1Gc5Ka+",
    "ALLOWED_HOSTS": "lindung.kukarkab.go.id",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    code = "import sys; from django.core.management import execute_from_command_line as run; run(sys.argv)"
    result = _settings_in_a_fresh_process(PRODUCTION, code.replace("sys.argv", "['x', 'check', '--deploy']"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"])
def test_check_deploy_warns_without_https_settings(tmp_path, name):
    env = {k: v for k, v in PRODUCTION.items() if k != name}
    code = "from django.core.management import execute_from_command_line as run; run(['x', 'check', '--deploy'])"
    result = _settings_in_a_fresh_process(env, code, tmp_path)
    assert "security.W00" in result.stdout + result.stderr


@pytest.mark.parametrize("password", ["12345678", "1234567890", "password123", "sponsor.pt"])
def test_the_sponsor_account_form_refuses_weak_passwords(client, cast, password):
    from datetime import date

    from lindung.funding.models import Funder, FunderUser
    from lindung.programmes.services import create_year
    from lindung.programmes.tests.conftest import year_data  # noqa: F401

    year = create_year(
        {
            "year": 2021,
            "name": "P",
            "period_start": date(2021, 10, 1),
            "months": 3,
            "covers_jkk": True,
            "covers_jkm": True,
            "declared_income": 1_000_000,
            "min_age": 18,
            "max_age": 65,
            "require_domicile": False,
        },
        by=cast.admin,
    )
    funder = Funder.objects.create(programme_year=year, kind="csr", name="PT Tambang", budget=50_400, rank=1)
    client.force_login(cast.admin)
    response = client.post(
        reverse("funding:sponsor-user", args=[funder.pk]), {"username": "sponsor.pt", "password": password}, follow=True
    )
    assert "Kata sandi ditolak" in response.content.decode()
    assert not FunderUser.objects.exists()
