"""A commit straight from a file, as `lindung import` makes it, with the preview's likely-duplicate warnings.

In the browser the rows an import would create are matched against the
registry and each other in the preview, and the commit carries the warnings.
The command line commits without a preview: reading and checking a million
rows twice would double the import. So the commit is followed instead: each
row is seen once its chunk is stored, the created ones are kept in compact
columns, and when the file is done they are matched once, against the
registry as it was before the import. The same rows then get the same
`kemungkinan_duplikat` warning: on the person, on the staged row, in the
batch's counts and in the --out CSV.

A kill between the last chunk and the matching leaves those people stored
without the warning; the registry scan proposes such pairs for review anyway.
"""

from __future__ import annotations

import csv
import shutil
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from django.db import transaction
from django.db.models import F

from lindung.audit import services as audit
from lindung.imports import duplicates
from lindung.imports.models import ImportBatch, ImportRow, RowAction, RowStatus
from lindung.imports.services import Context, Row, _staged, csv_line, iter_file_rows
from lindung.people.models import Person
from lindung.people.services import DATA_FIELDS

_BATCH = 2000


class Follower:
    """Sees each row once its chunk is stored: writes its --out line and keeps it if it created a person.

    `rows` wraps the rows handed to `commit_import`; `stored` is its progress
    callback, called after each chunk's transaction with the number of rows
    done so far. Rows are stored in the order they are read, so the first
    `done` rows handed over are the stored ones, even when the commit reads
    ahead of what it writes.
    """

    def __init__(self, spool=None, *, progress: Callable | None = None):
        self.position = 0
        self.created = duplicates.Collected()
        self.progress = progress
        self._pending: deque[Row] = deque()
        # --out lines go to a spool (a text file) first: a line changes if its row turns out a likely duplicate.
        self.spool = spool
        self.writer = csv.writer(spool) if spool is not None else None

    def rows(self, rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            self._pending.append(row)
            yield row

    def stored(self, done: int, total: int | None = None, label: str = "") -> None:
        while self.position < done:
            row = self._pending.popleft()
            self.position += 1
            if self.writer:
                self.writer.writerow(csv_line(row))
            if row.action == RowAction.CREATED:
                self.created.add(self.position, row.sheet, row.source_row, row.values)
        if self.progress:
            self.progress(self.position, None)

    def write_out(self, out, warned: set[int]) -> None:
        """Copy the lines to `out`, the likely duplicates marked as the dry run marks them."""
        self.spool.seek(0)
        if not warned:
            shutil.copyfileobj(self.spool, out)
            return
        writer = csv.writer(out)
        for position, line in enumerate(csv.reader(self.spool), start=1):
            if position in warned:
                if line[2] == RowStatus.VALID:
                    line[2] = RowStatus.WARNING
                line[10] = ";".join(filter(None, [line[10], duplicates.CODE]))
            writer.writerow(line)


def warn_created(
    batch: ImportBatch, created: duplicates.Collected, *, ctx: Context, by, registered_up_to: int
) -> set[int]:
    """Match the rows a commit created, warn on the likely duplicates as the preview would; return their positions."""
    found = duplicates.find(created, scope=ctx.scope, regency=ctx.regency, registered_up_to=registered_up_to)
    if not found:
        return set()
    nik_at = {position: created[bisect_left(created.keys, position)].nik for position in found}
    people: dict[str, Person] = {}
    niks = list(nik_at.values())
    for start in range(0, len(niks), _BATCH):
        part = Person.objects.filter(nik__in=niks[start : start + _BATCH])
        people.update((p.nik, p) for p in part)
    # Just these rows are read again, for the cells and columns a staged row shows.
    wanted = sorted(found)
    read = iter_file_rows(batch.path, batch.tables, batch.mapping, ctx, filename=batch.original_name, positions=found)
    rows = dict(zip(wanted, read, strict=True))
    already = {
        staged.position: staged
        for start in range(0, len(found), _BATCH)
        for staged in ImportRow.objects.filter(batch=batch, position__in=wanted[start : start + _BATCH])
    }
    fresh = []
    for position, problem in found.items():
        person, row = people[nik_at[position]], rows[position]
        person.warnings = [*person.warnings, problem.as_dict()]
        column = row.columns.get(problem.field)
        if position in already:
            staged = already[position]
            staged.problems = [*staged.problems, {**problem.as_dict(), "column": column}]
        else:
            # Valid when it was stored: the commit staged nothing for it.
            row.values = {f: getattr(person, f) for f in DATA_FIELDS}
            row.problems, row.status = [problem], RowStatus.WARNING
            row.action, row.person_id = RowAction.CREATED, person.pk
            fresh.append(_staged(batch, row, position))
    with transaction.atomic():
        Person.objects.bulk_update(list(people.values()), ["warnings"], batch_size=500)
        ImportRow.objects.bulk_update(list(already.values()), ["problems"], batch_size=500)
        ImportRow.objects.bulk_create(fresh, batch_size=1000)
        ImportBatch.objects.filter(pk=batch.pk).update(
            rows_valid=F("rows_valid") - len(fresh), rows_warning=F("rows_warning") + len(fresh)
        )
        audit.record(
            "imports.batch.duplicates_warned",
            batch,
            by=by,
            region_code=batch.region_code,
            data={"code": duplicates.CODE, "people": sorted(p.pk for p in people.values())},
        )
    return set(found)
