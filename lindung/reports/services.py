"""Record the figures reports need that no other part of lindung knows: denominators and milestones."""

from datetime import date

from django.db import transaction

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.errors import DomainError
from lindung.regions.models import Region
from lindung.reports.models import Milestone, MilestoneKind, WorkforceEstimate


def _require_manage(by) -> None:
    scope_of(by).require(Action.MANAGE)


def set_workforce_estimate(
    *,
    region_code: str,
    valid_from: date,
    informal_workers: int,
    source: str,
    bpu_workers: int | None = None,
    working_population: int | None = None,
    target_percent: int | None = None,
    by,
) -> WorkforceEstimate:
    """Record (or correct) a region's workforce estimate from a date, with its source."""
    _require_manage(by)
    region = Region.objects.filter(code=region_code).first()
    if region is None or region.level not in ("regency", "district"):
        raise DomainError(
            f"Wilayah {region_code!r} tidak dikenal. Pilih kabupaten atau salah satu kecamatannya (mis. 64.02.06)."
        )
    if not source.strip():
        raise DomainError("Tulis sumber angka ini (mis. BPS Sakernas Agustus 2024, atau perkiraan Disnaker).")
    if informal_workers <= 0:
        raise DomainError("Jumlah pekerja informal harus lebih dari 0.")
    if target_percent is not None and not 0 < target_percent <= 100:
        raise DomainError("Target cakupan ditulis dalam persen, antara 1 dan 100.")
    with transaction.atomic():
        estimate, created = WorkforceEstimate.objects.select_for_update().get_or_create(
            region_code=region_code,
            valid_from=valid_from,
            defaults={"informal_workers": informal_workers, "source": source.strip(), "created_by": by},
        )
        before = {
            "informal_workers": None if created else estimate.informal_workers,
            "bpu_workers": None if created else estimate.bpu_workers,
            "working_population": None if created else estimate.working_population,
            "target_percent": None if created else estimate.target_percent,
            "source": None if created else estimate.source,
        }
        estimate.informal_workers = informal_workers
        estimate.bpu_workers = bpu_workers
        estimate.working_population = working_population
        estimate.target_percent = target_percent
        estimate.source = source.strip()
        estimate.save()
        after = {k: getattr(estimate, k) for k in before}
        audit.record(
            "reports.workforce.set",
            estimate,
            by=by,
            region_code=region_code,
            data={"valid_from": valid_from, "changes": audit.diff(before, after)},
        )
    return estimate


def record_milestone(*, kind: str, on: date, title: str, description: str = "", by) -> Milestone:
    """Record a regulation, innovation or budget commitment for the yearly report."""
    _require_manage(by)
    if kind not in MilestoneKind.values:
        raise DomainError("Pilih jenis: regulasi, inovasi atau komitmen anggaran.")
    if not title.strip():
        raise DomainError("Tulis judulnya, mis. 'Perbup No. 12 Tahun 2023 tentang perlindungan pekerja rentan'.")
    with transaction.atomic():
        milestone = Milestone.objects.create(
            kind=kind, on=on, title=title.strip(), description=description.strip(), created_by=by
        )
        audit.record("reports.milestone.recorded", milestone, by=by, data={"kind": kind, "on": on, "title": title})
    return milestone


def delete_milestone(milestone: Milestone, *, by) -> None:
    """Remove a milestone entered by mistake; the audit keeps what it said."""
    _require_manage(by)
    with transaction.atomic():
        audit.record(
            "reports.milestone.deleted",
            milestone,
            by=by,
            data={"kind": milestone.kind, "on": milestone.on, "title": milestone.title},
        )
        milestone.delete()
