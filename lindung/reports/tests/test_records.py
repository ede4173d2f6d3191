from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEntry
from lindung.errors import DomainError
from lindung.reports import services
from lindung.reports.models import Milestone, WorkforceEstimate

pytestmark = pytest.mark.django_db


def _estimate(cast, **overrides):
    data = {
        "region_code": "64.02",
        "valid_from": date(2024, 8, 1),
        "informal_workers": 164_000,
        "source": "Perkiraan Disnaker dari BPS Sakernas Agustus 2024",
        "by": cast.admin,
    }
    data.update(overrides)
    return services.set_workforce_estimate(**data)


def test_admin_records_a_regency_estimate_with_its_source_and_the_audit_shows_it(cast):
    est = _estimate(cast)
    assert est.bpu_denominator == 164_000
    entry = AuditEntry.objects.get(action="reports.workforce.set")
    assert entry.actor == cast.admin
    assert entry.data["changes"]["informal_workers"] == [None, 164_000]


def test_correcting_an_estimate_keeps_one_row_and_audits_the_difference(cast):
    _estimate(cast)
    _estimate(cast, informal_workers=150_000, bpu_workers=120_000)
    assert WorkforceEstimate.objects.count() == 1
    est = WorkforceEstimate.objects.get()
    assert (est.informal_workers, est.bpu_denominator) == (150_000, 120_000)
    last = AuditEntry.objects.filter(action="reports.workforce.set").latest("id")
    assert last.data["changes"]["informal_workers"] == [164_000, 150_000]


def test_the_newest_estimate_in_force_on_a_date_is_used(cast):
    _estimate(cast, valid_from=date(2023, 8, 1), informal_workers=100_000)
    _estimate(cast, valid_from=date(2024, 8, 1), informal_workers=164_000)
    assert WorkforceEstimate.in_force(date(2024, 1, 1), ["64.02"])["64.02"].informal_workers == 100_000
    assert WorkforceEstimate.in_force(date(2025, 1, 1), ["64.02"])["64.02"].informal_workers == 164_000
    assert WorkforceEstimate.in_force(date(2020, 1, 1), ["64.02"]) == {}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"region_code": "99.99"}, "tidak dikenal"),
        ({"region_code": "64.02.06.1001"}, "tidak dikenal"),
        ({"source": "  "}, "sumber"),
        ({"informal_workers": 0}, "lebih dari 0"),
        ({"target_percent": 140}, "persen"),
    ],
)
def test_a_bad_estimate_is_refused_with_what_to_fix_and_nothing_is_stored(cast, overrides, message):
    with pytest.raises(DomainError, match=message):
        _estimate(cast, **overrides)
    assert not WorkforceEstimate.objects.exists()
    assert not AuditEntry.objects.filter(action="reports.workforce.set").exists()


@pytest.mark.parametrize("who", ["finance", "verifier_all", "operator_a", "sponsor", "auditor"])
def test_only_the_regency_admin_records_estimates_and_milestones(cast, who):
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        _estimate(cast, by=user)
    with pytest.raises(PermissionDenied):
        services.record_milestone(kind="regulation", on=date(2023, 3, 1), title="Perbup 1/2023", by=user)


def test_a_milestone_is_recorded_listed_newest_first_and_its_deletion_is_audited(cast):
    old = services.record_milestone(kind="regulation", on=date(2021, 10, 1), title="PKS dengan BPJS", by=cast.admin)
    services.record_milestone(
        kind="innovation", on=date(2023, 2, 1), title="Sistem Informasi Pekerja Rentan", by=cast.admin
    )
    assert [m.title for m in Milestone.objects.all()] == ["Sistem Informasi Pekerja Rentan", "PKS dengan BPJS"]
    services.delete_milestone(old, by=cast.admin)
    assert Milestone.objects.count() == 1
    assert AuditEntry.objects.get(action="reports.milestone.deleted").data["title"] == "PKS dengan BPJS"


def test_a_milestone_needs_a_title_and_a_known_kind(cast):
    with pytest.raises(DomainError, match="judul"):
        services.record_milestone(kind="regulation", on=date(2023, 1, 1), title=" ", by=cast.admin)
    with pytest.raises(DomainError, match="jenis"):
        services.record_milestone(kind="rumor", on=date(2023, 1, 1), title="x", by=cast.admin)
