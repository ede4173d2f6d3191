"""A dated rule changes by a new version from a date with its source; the version in force is never rewritten."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lindung.audit.models import AuditEntry
from lindung.claims.models import BenefitRules
from lindung.errors import DomainError
from lindung.people.models import EligibilityRules
from lindung.programmes.models import RateSchedule
from lindung.rules import services

NEXT_YEAR = date(timezone.localdate().year + 1, 1, 1)


def _eligibility(**overrides):
    return {"valid_from": NEXT_YEAR, "min_age": 18, "max_age": 60, "allowed_occupations": [],
            "require_domicile": True, "source": "Perbup Kukar 12/2026", **overrides}  # fmt: skip


def test_the_admin_adds_a_version_from_a_date_and_it_is_on_the_record(cast):
    row = services.add_version(services.KINDS["kelayakan"], _eligibility(), by=cast.admin)
    assert EligibilityRules.in_force(NEXT_YEAR).max_age == 60
    assert EligibilityRules.in_force(NEXT_YEAR - timedelta(days=1)).pk != row.pk
    entry = AuditEntry.objects.get(action="people.eligibilityrules.added")
    assert entry.actor == cast.admin and entry.data["values"]["source"] == "Perbup Kukar 12/2026"


def test_a_version_dated_on_or_before_the_one_in_force_is_refused(cast):
    current = RateSchedule.in_force(timezone.localdate())
    before = RateSchedule.objects.count()
    values = {**services.values_of(current), "valid_from": current.valid_from, "jkm_flat": 1, "source": "Salah"}
    with pytest.raises(DomainError, match="sudah dipakai dan tidak diubah"):
        services.add_version(services.KINDS["tarif-iuran"], values, by=cast.admin)
    current.refresh_from_db()
    assert RateSchedule.objects.count() == before and current.jkm_flat != 1


def test_a_version_needs_its_source(cast):
    with pytest.raises(DomainError, match="sumbernya"):
        services.add_version(services.KINDS["kelayakan"], _eligibility(source=" "), by=cast.admin)


def test_a_version_the_model_refuses_is_refused_in_indonesian(cast):
    with pytest.raises(DomainError, match="ditolak"):
        services.add_version(services.KINDS["kelayakan"], _eligibility(min_age=70, max_age=60), by=cast.admin)


@pytest.mark.parametrize("role", ["auditor", "finance", "verifier_all", "operator_a"])
def test_only_the_regency_admin_adds_versions(cast, role):
    with pytest.raises(PermissionDenied):
        services.add_version(services.KINDS["kelayakan"], _eligibility(), by=getattr(cast, role))
    assert not EligibilityRules.objects.filter(valid_from=NEXT_YEAR).exists()


def test_benefit_rules_carry_their_unconfirmed_flags_from_the_page(client, cast):
    from django.urls import reverse

    client.force_login(cast.admin)
    form = client.get(reverse("rules:version-create", args=["manfaat"])).context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: v for k, v in data.items() if v is not None}
    data.update(valid_from=NEXT_YEAR.isoformat(), source="PP 82/2019 dan surat BPJS", jkm_lump_sum=25_000_000,
                unconfirmed=["jkm_periodic", "bpjs_pay_working_days"])  # fmt: skip
    data["scholarship_levels"] = __import__("json").dumps(data["scholarship_levels"])
    response = client.post(reverse("rules:version-create", args=["manfaat"]), data)
    assert response.status_code == 302, response.context["form"].errors
    row = BenefitRules.objects.get(valid_from=NEXT_YEAR)
    assert row.jkm_lump_sum == 25_000_000 and row.is_unconfirmed("jkm_periodic")
    page = client.get(reverse("rules:version-list", args=["manfaat"])).content.decode()
    assert "BELUM DIKONFIRMASI" in page and "akan berlaku" in page


def test_the_auditor_reads_the_versions_but_gets_no_form(client, cast):
    from django.urls import reverse

    client.force_login(cast.auditor)
    page = client.get(reverse("rules:version-list", args=["tarif-iuran"])).content.decode()
    assert "berlaku" in page and "Tambah versi baru" not in page
    assert client.get(reverse("rules:version-create", args=["tarif-iuran"])).status_code == 403
