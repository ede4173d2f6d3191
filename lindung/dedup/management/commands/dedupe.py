"""`lindung dedupe INPUT.csv --out CLUSTERS.csv`: cluster a village list's rows by person, without a database."""

import csv
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lindung.lib import linkage
from lindung.lib.linkage.village_list import COLUMNS as INPUT_COLUMNS
from lindung.lib.linkage.village_list import ENGINE_COLUMNS
from lindung.lib.safe_cells import safe_row


class StderrProgress:
    """One line per step on stderr (updating in place on a terminal)."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.last = 0.0
        self.label = ""

    def __call__(self, done: int, total: int | None = None, label: str = "") -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        if label == self.label and not finished and now - self.last < (0.2 if self.tty else 2.0):
            return
        if label != self.label and self.tty and self.label:
            self.stream.write("\n")
        self.label, self.last = label, now
        share = f" ({100 * done // max(total, 1)}%)" if total else ""
        text = f"{label}: {done:,}{f'/{total:,}' if total else ''}{share} {now - self.started:.1f} dtk".replace(
            ",", "."
        )
        self.stream.write(("\r" + text) if self.tty else text + "\n")
        self.stream.flush()


def read_input(path: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Return record ids and the engine's columns from a village-list CSV."""
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CommandError(f"Berkas {path} tidak dapat dibuka: {exc.strerror}.") from None
    with fh:
        reader = csv.reader(fh)
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in INPUT_COLUMNS if c not in header]
        if missing:
            raise CommandError(
                f"Kolom {', '.join(missing)} tidak ada di baris pertama {path}. "
                f"Baris pertama harus berisi: {','.join(INPUT_COLUMNS)}."
            )
        index = {name: header.index(name) for name in INPUT_COLUMNS}
        ids: list[str] = []
        columns: dict[str, list[str]] = {engine: [] for engine in ENGINE_COLUMNS.values()}
        wanted = [(index[source], columns[engine]) for source, engine in ENGINE_COLUMNS.items()]
        id_at = index["record_id"]
        width = len(header)
        for row in reader:
            if not row:
                continue
            if len(row) < width:
                row = row + [""] * (width - len(row))
            ids.append(row[id_at])
            for at, column in wanted:
                column.append(row[at])
    return ids, columns


class Command(BaseCommand):
    help = "Kelompokkan baris daftar desa (CSV) per orang, tanpa basis data: keluaran record_id,cluster_id."
    # Works on a plain file: no database, so no checks or migrations that would open one.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("input", help="CSV dengan kolom " + ",".join(INPUT_COLUMNS))
        parser.add_argument("--out", required=True, help="CSV keluaran record_id,cluster_id")
        parser.add_argument(
            "--threshold", type=float, default=linkage.DEFAULT_THRESHOLD, help="peluang minimal untuk digabung (0-1)"
        )

    def handle(self, *args, input, out, threshold, **options):
        if not 0 < threshold < 1:
            raise CommandError("--threshold harus di antara 0 dan 1, misalnya 0.5.")
        progress = StderrProgress(sys.stderr)
        ids, columns = read_input(Path(input))
        progress(len(ids), len(ids), "Membaca CSV")
        result = linkage.deduplicate(columns, threshold=threshold, progress=progress) if ids else None
        labels = result.labels.tolist() if result is not None else []
        # Clusters numbered in order of first appearance, so the same input gives the same output.
        number: dict[int, str] = {}
        try:
            with Path(out).open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["record_id", "cluster_id"])
                for record_id, label in zip(ids, labels, strict=True):
                    cluster = number.setdefault(label, f"K{len(number) + 1:07d}")
                    writer.writerow(safe_row([record_id, cluster]))
        except OSError as exc:
            raise CommandError(f"Berkas keluaran {out} tidak dapat ditulis: {exc.strerror}.") from None
        merged = len(ids) - len(number)
        sys.stderr.write(
            f"Selesai: {_n(len(ids))} baris, {_n(len(number))} orang, {_n(merged)} baris duplikat. Hasil: {out}\n"
        )


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")
