"""How fast the synthetic population generator runs (rows per second, peak memory)."""

import argparse
import resource
import time
from datetime import date

from lindung.lib.synth import generate_people


def kukar_villages() -> list[str]:
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "lindung" / "data" / "wilayah_id.csv"
    with path.open(encoding="utf-8") as fh:
        return [r["code"] for r in csv.DictReader(fh) if r["level"] == "village" and r["code"].startswith("64.02.")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    villages = kukar_villages()
    started = time.perf_counter()
    count = 0
    for _ in generate_people(args.rows, villages=villages, seed=2021, today=date(2026, 11, 24)):
        count += 1
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"synth: {count:,} rows in {elapsed:.1f} s = {count / elapsed:,.0f} rows/s; peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
