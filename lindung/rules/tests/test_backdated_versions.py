"""A version dated before today changes months already computed: the page says which and asks first."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lindung.audit.models import AuditEntry
from lindung.lib.formatting import BULAN, tanggal
from lindung.people.models import EligibilityRules
from lindung.rules import services

KIND = services.KINDS["kelayakan"]
CREATE = reverse("rules:version-create", args=["kelayakan"])


def _month(d: date) -> str:
    return f"{BULAN[d.month - 1]} {d.year}"


@pytest.fixture
def backdated(db):
    """A start date in the past, after the version in force (the seeded one of 2021)."""
    today = timezone.localdate()
    current = services.in_force(KIND)
    start = max(current.valid_from + timedelta(days=1), today - timedelta(days=75))
    assert start < today
    return start


def _values(start, **overrides):
    return {"valid_from": start, "min_age": 18, "max_age": 60, "allowed_occupations": [],
            "require_domicile": True, "source": "Perbup Kukar 12/2026", **overrides}  # fmt: skip


def _posted(start, **overrides) -> dict:
    data = {"valid_from": start.isoformat(), "min_age": 18, "max_age": 60, "require_domicile": "on",
            "source": "Perbup Kukar 12/2026", **overrides}  # fmt: skip
    return data


def test_the_service_refuses_a_backdated_version_without_the_confirmation(cast, backdated):
    before = EligibilityRules.objects.count()
    with pytest.raises(services.BackdatedVersion) as exc:
        services.add_version(KIND, _values(backdated), by=cast.admin)
    today = timezone.localdate()
    assert f"berlaku surut sejak {tanggal(backdated)}" in exc.value.message
    assert f"bulan {_month(backdated)}" in exc.value.message and _month(today) in exc.value.message
    assert "hasil pemeriksaan kelayakan" in exc.value.message
    assert EligibilityRules.objects.count() == before


def test_a_confirmation_for_another_date_does_not_count(cast, backdated):
    with pytest.raises(services.BackdatedVersion):
        services.add_version(KIND, _values(backdated), by=cast.admin, confirm_backdated=backdated + timedelta(days=1))


def test_the_confirmed_backdated_version_is_saved_and_the_audit_says_so(cast, backdated):
    row = services.add_version(KIND, _values(backdated), by=cast.admin, confirm_backdated=backdated)
    assert EligibilityRules.in_force(timezone.localdate()).pk == row.pk
    entry = AuditEntry.objects.get(action="people.eligibilityrules.added")
    assert entry.data["backdated"] is True


def test_a_version_from_today_or_later_needs_no_confirmation(cast):
    row = services.add_version(KIND, _values(timezone.localdate()), by=cast.admin)
    assert AuditEntry.objects.get(action="people.eligibilityrules.added").data["backdated"] is False
    assert row.valid_from == timezone.localdate()


def test_the_page_warns_names_the_period_and_saves_only_after_the_confirmation(client, cast, backdated):
    client.force_login(cast.admin)
    before = EligibilityRules.objects.count()
    response = client.post(CREATE, _posted(backdated))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="backdated-warning"' in page and f"berlaku surut sejak {tanggal(backdated)}" in page
    assert _month(timezone.localdate()) in page
    assert f'name="confirm_backdated" value="{backdated.isoformat()}"' in page
    assert EligibilityRules.objects.count() == before
    done = client.post(CREATE, {**_posted(backdated), "confirm_backdated": backdated.isoformat()})
    assert done.status_code == 302
    assert EligibilityRules.objects.filter(valid_from=backdated, max_age=60).exists()


def test_enter_in_a_field_of_the_warning_step_asks_again_rather_than_saving(client, cast, backdated):
    client.force_login(cast.admin)
    page = client.post(CREATE, _posted(backdated)).content.decode()
    form = page[page.index('<form method="post" class="card"') :]
    first_button = form[form.index("<button") : form.index("</button>")]
    assert "confirm_backdated" not in first_button
