"""The coverage figures' per-village counts, stored by a job so a dashboard reads a few hundred rows.

Counting verified people, funded people and member groups per village joins a million
memberships and allocations to their people; on a shared server that is seconds per request. A
snapshot stores the result of exactly the same counts (`figures.village_counts`,
`protection.count_member_groups`) for the whole regency, and each reader narrows it to what the
user may see. The ledger is not stored: payments and arrears are read live. Once a year has a
snapshot its dashboards read it, show when it was taken, and queue a refresh as soon as an audited
change that moves people, allocations or memberships has happened since (every such change is
audited, so the audit trail is the change log), or when it is older than `FRESH_FOR`;
`lindung refresh_figures` (cron) keeps it fresh without anyone looking.
"""

import time
from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from lindung.audit.models import AuditEntry
from lindung.jobs.models import Job, JobStatus
from lindung.jobs.services import enqueue, handler
from lindung.programmes.models import ProgrammeYear
from lindung.reports.models import FigureSnapshot, MemberGroup, VillageFigure

FRESH_FOR = timedelta(minutes=10)
JOB_KIND = "reports.refresh_figures"
# Audited actions that can change a village's registered, funded or member counts. Reads (a NIK
# revealed, an export) and money (read live anyway) are not among them.
CHANGING = ("people.person.", "dedup.candidate.merged", "funding.", "enrolment.", "programmes.year.")
READS = ("people.person.nik_viewed",)


def _audit_mark() -> int:
    return AuditEntry.objects.aggregate(m=Max("id"))["m"] or 0


def changed_since(mark: int) -> bool:
    """Whether an audited change that moves the people counts was recorded after entry `mark`."""
    moving = Q()
    for prefix in CHANGING:
        moving |= Q(action__startswith=prefix)
    return AuditEntry.objects.filter(moving, id__gt=mark).exclude(action__in=READS).exists()


def current(year: ProgrammeYear | None) -> FigureSnapshot | None:
    """The year's stored snapshot, if one was ever taken."""
    if year is None:
        return None
    return FigureSnapshot.objects.filter(programme_year=year).first()


def take(year: ProgrammeYear) -> FigureSnapshot:
    """Count the year's figures per village for the whole regency and replace its snapshot with them."""
    from lindung.reports.figures import everywhere, village_counts
    from lindung.reports.protection import count_member_groups

    started = time.perf_counter()
    taken_at = timezone.now()
    # Taken before counting: a change committed while counting leaves the snapshot marked stale.
    mark = _audit_mark()
    # Counted before the write transaction, so readers (and writers on SQLite) wait only for the
    # swap; until it commits they read the previous snapshot whole.
    counts = village_counts(year, everywhere)
    groups = count_member_groups(year, everywhere)
    with transaction.atomic():
        snap, _ = FigureSnapshot.objects.select_for_update().get_or_create(
            programme_year=year, defaults={"taken_at": taken_at}
        )
        snap.villages.all().delete()
        snap.member_groups.all().delete()
        VillageFigure.objects.bulk_create(
            [VillageFigure(snapshot=snap, village_code=code, **c) for code, c in counts.items()], batch_size=1000
        )
        MemberGroup.objects.bulk_create(
            [
                MemberGroup(
                    snapshot=snap,
                    village_code=village,
                    funder_id=funder_id,
                    months_mask=mask,
                    ended_month=ended,
                    bpjs_start_date=start,
                    status=status,
                    segment=segment,
                    members=n,
                )
                for village, funder_id, mask, ended, start, status, segment, n in groups
            ],
            batch_size=1000,
        )
        snap.taken_at = taken_at
        snap.audit_mark = mark
        snap.seconds = time.perf_counter() - started
        snap.save(update_fields=["taken_at", "audit_mark", "seconds"])
    return snap


@handler(JOB_KIND)
def _run_refresh(job: Job, report) -> dict:
    year = ProgrammeYear.objects.get(pk=job.params["year"])
    snap = take(year)
    return {"year": year.year, "seconds": round(snap.seconds, 1)}


def keep_fresh(year: ProgrammeYear | None) -> None:
    """Queue a refresh of the year's snapshot when it is stale and none is queued or running."""
    snap = current(year)
    if snap is None:
        return
    if timezone.now() - snap.taken_at < FRESH_FOR and not changed_since(snap.audit_mark):
        return
    waiting = Job.objects.filter(kind=JOB_KIND, params__year=year.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    if not waiting.exists():
        enqueue(JOB_KIND, params={"year": year.pk}, label=f"Menghitung ulang angka cakupan {year.year}")
