"""Duplicate detection against the truth: lindung's engine and Splink 5 (DuckDB) on the same village lists.

    python -m benchmarks.dedup --sizes 100000,1000000

For each size there are two benchmarks: `synth`, the lists of
`lindung.lib.linkage_bench` (built on lib/synth.py, the engine's own
assumptions), and `independent`, the households of `benchmarks.population`
(written from issue 13 and domain.md, not from the engine). Each has a seed
the engine was tuned on and an unseen seed, reported apart. Each system runs in its own process, so its time and
peak memory are its own: lindung through `lindung dedupe` on the CSV (the
command-line contract, CSV reading included), Splink on the same columns after
the same cleaning. Figures: pairwise precision, recall, F1, records wrongly
merged, twin pairs wrongly merged, seconds and peak RSS. Splink is shown at
the threshold that gave it the best F1 on that very data.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """CPU time of this process, all threads: on a shared machine the wall time says more about the neighbours."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _villages() -> list[str]:
    from benchmarks.synth_speed import kukar_villages

    return kukar_villages()


# Each benchmark has a seed the engine was tuned on and one nobody looked at
# while tuning; both are reported, side by side.
SEEDS = {"synth": {"tuned": 7, "unseen": 8}, "independent": {"tuned": 11, "unseen": 1013}}


def _generate(bench: str, n: int, seed: int, folder: Path) -> tuple[Path, Path]:
    from lindung.lib.linkage_bench import generate_lists, iter_csv_rows

    if bench == "independent":
        from benchmarks.population import generate

        rows, meta = generate(n, villages=_villages(), seed=seed)
        twins = meta.twins
    else:
        rows = generate_lists(n, villages=_villages(), seed=seed)
        twins = _twins_of(rows)
    data, truth = folder / f"{bench}-{seed}-{n}.csv", folder / f"truth-{bench}-{seed}-{n}.json"
    with data.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(iter_csv_rows(rows))
    truth.write_text(json.dumps({"truth": [r.truth_id for r in rows], "twins": twins}))
    return data, truth


def _twins_of(rows) -> list[tuple[int, int]]:
    """Pairs of different people on one family card with one birth date (twins, whoever generated them)."""
    groups: dict[tuple[str, str], set[int]] = {}
    for row in rows:
        if row.no_kk and row.tanggal_lahir:
            groups.setdefault((row.no_kk, row.tanggal_lahir), set()).add(row.truth_id)
    return [tuple(sorted(g))[:2] for g in groups.values() if len(g) == 2]


def twins_merged(truth: list[int], labels: list, twins: list) -> int:
    """Count the twin pairs of which some record of one sits in a cluster with some record of the other."""
    clusters_of: dict[int, set] = {}
    for t, label in zip(truth, labels, strict=True):
        clusters_of.setdefault(t, set()).add(label)
    return sum(1 for a, b in twins if clusters_of.get(a, set()) & clusters_of.get(b, set()))


def _child(args: list[str]) -> dict:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.dedup", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"{args[0]} failed:\n{completed.stderr[-3000:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result.setdefault("seconds", time.perf_counter() - started)
    return result


# --- lindung -----------------------------------------------------------------------


def run_lindung(data: Path, out: Path) -> dict:
    """Run `lindung dedupe` in this process and report time and peak memory."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    import django

    django.setup()
    from django.core.management import call_command

    started, cpu = time.perf_counter(), _cpu_seconds()
    with open(os.devnull, "w") as quiet:
        stderr, sys.stderr = sys.stderr, quiet
        try:
            call_command("dedupe", str(data), "--out", str(out))
        finally:
            sys.stderr = stderr
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu": _cpu_seconds() - cpu, "peak_mb": _peak_mb(), "load": os.getloadavg()[0]}


def _read_clusters(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [row["cluster_id"] for row in csv.DictReader(fh)]


# --- Splink -------------------------------------------------------------------------


def _splink_columns(data: Path) -> dict[str, list]:
    """The same cleaning lindung does (NIK digits, KK in the NIK column removed, names folded)."""
    from lindung.dedup.management.commands.dedupe import read_input
    from lindung.lib.linkage.prepare import NIK_NONE, prepare

    ids, columns = read_input(data)
    p = prepare(columns)

    def text(values, valid):
        return [str(int(v)) if ok else None for v, ok in zip(values.tolist(), valid.tolist(), strict=True)]

    names = [name or None for name in p.name_sorted]
    tokens = [name.split() if name else [] for name in p.name]
    from datetime import date

    return {
        "unique_id": list(range(len(ids))),
        "nik": text(p.nik, p.nik_kind != NIK_NONE),
        "kk": text(p.kk, p.kk >= 0),
        "name": names,
        "first_name": [t[0] if t else None for t in tokens],
        "last_name": [t[-1] if len(t) > 1 else None for t in tokens],
        "dob": [date.fromordinal(d).isoformat() if d > 0 else None for d in p.birth.tolist()],
        "sex": [("L" if s == 0 else "P") if s >= 0 else None for s in p.sex.tolist()],
        "village": text(p.village, p.village >= 0),
        "district": text(p.district, p.district >= 0),
        "phone": text(p.phone, p.phone >= 0),
    }


def run_splink(data: Path, out: Path) -> dict:
    """Train and run Splink 5 on DuckDB, then cluster at 0.5 like lindung."""
    import logging

    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    started, cpu = time.perf_counter(), _cpu_seconds()
    columns = _splink_columns(data)
    n = len(columns["unique_id"])
    db_api = DuckDBAPI()
    table = db_api.register(columns, table_name="desa")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.LevenshteinAtThresholds("nik", [1, 2]),
            cl.NameComparison("name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("village"),
            cl.LevenshteinAtThresholds("kk", [1]),
            cl.ExactMatch("phone"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("substr(nik, 1, 12)"),
            block_on("substr(nik, 7, 10)", "first_name"),
            block_on("dob", "name"),
            block_on("dob", "first_name"),
            block_on("dob", "last_name"),
            block_on("kk"),
            block_on("phone"),
            block_on("village", "name"),
            block_on("district", "dob"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker(table, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match([block_on("nik", "dob")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob", "name"))
    predictions = linker.inference.predict(threshold_match_probability=0.05)
    labels = {}
    # 0.5 is lindung's threshold; the higher ones trade Splink's recall for
    # fewer wrong merges (connected components chain households and twins).
    # The best of them is reported.
    for threshold in SPLINK_THRESHOLDS:
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
        found = [0] * n
        for row in clusters.as_record_list():
            found[int(row["unique_id"])] = int(row["cluster_id"])
        labels[str(threshold)] = found
    seconds = time.perf_counter() - started
    out.write_text(json.dumps(labels))
    return {"seconds": seconds, "cpu": _cpu_seconds() - cpu, "peak_mb": _peak_mb(), "load": os.getloadavg()[0]}


SPLINK_THRESHOLDS = (0.5, 0.8, 0.95, 0.99, 0.999)


def save_default_model() -> None:
    """Write the weights small files and reference lists use (too few pairs for EM of their own)."""
    from lindung.lib.linkage import deduplicate
    from lindung.lib.linkage.model import _DEFAULT_PATH
    from lindung.lib.linkage_bench import columns_for_engine, generate_lists

    result = deduplicate(columns_for_engine(generate_lists(100_000, villages=_villages())))
    model = result.model.as_dict()
    model["source"] = "linkage_bench.generate_lists(100_000, seed=7): python -m benchmarks.dedup --save-model"
    _DEFAULT_PATH.write_text(json.dumps(model, indent=1), encoding="utf-8")
    print(f"{_DEFAULT_PATH}: prior {model['prior']:.4f}")


# --- the comparison -----------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--benchmarks", default="synth,independent", help="synth (lib/linkage_bench), independent")
    parser.add_argument("--seeds", default="tuned,unseen")
    parser.add_argument(
        "--save-model", action="store_true", help="re-estimate lib/linkage/default_model.json on 100,000 rows"
    )
    parser.add_argument("--child", nargs=3, metavar=("SYSTEM", "DATA", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        system, data, out = args.child
        result = (run_lindung if system == "lindung" else run_splink)(Path(data), Path(out))
        print(json.dumps(result))
        return

    if args.save_model:
        save_default_model()
        return
    from lindung.lib.linkage_bench import pairwise_scores

    print(
        f"{'size':>9} {'benchmark':11} {'seed':6} {'system':13} {'precision':>9} {'recall':>7} {'F1':>6} "
        f"{'wrongly merged':>16} {'twins merged':>16} {'seconds':>8} {'CPU s':>7} {'peak MB':>8} {'load':>5}"
    )
    benches = args.benchmarks.split(",")
    seeds = args.seeds.split(",")
    with tempfile.TemporaryDirectory() as folder:
        for n in (int(size) for size in args.sizes.split(",")):
            for bench in benches:
                for seed_name in seeds:
                    _compare(bench, seed_name, n, Path(folder), splink=not args.no_splink, scores=pairwise_scores)


def _compare(bench: str, seed_name: str, n: int, folder: Path, *, splink: bool, scores) -> None:
    seed = SEEDS[bench][seed_name]
    started = time.perf_counter()
    data, truth_path = _generate(bench, n, seed, folder)
    known = json.loads(truth_path.read_text())
    truth, twins = known["truth"], known["twins"]
    print(f"# {bench} seed {seed}: {n:,} rows, {len(twins):,} twin pairs, in {time.perf_counter() - started:.0f} s")
    systems = ["lindung"] + (["splink"] if splink else [])
    for system in systems:
        out = folder / f"{system}-{bench}-{n}.out"
        run = _child(["--child", system, str(data), str(out)])
        if system == "lindung":
            results = {"lindung": _read_clusters(out)}
        else:
            # Splink at its best threshold on this very data (the most it could do).
            every = {f"splink@{t}": labels for t, labels in json.loads(out.read_text()).items()}
            best = max(every, key=lambda name: scores(truth, every[name])["f1"])
            results = {best: every[best]}
        for name, labels in results.items():
            s = scores(truth, labels)
            merged = twins_merged(truth, labels, twins)
            print(
                f"{n:>9,} {bench:11} {seed_name:6} {name:13} {s['precision']:9.4f} {s['recall']:7.4f} {s['f1']:6.4f} "
                f"{s['wrongly_merged']:>7,} ({100 * s['wrongly_merged_share']:.2f} %) "
                f"{merged:>6,} ({100 * merged / max(len(twins), 1):4.1f} %) "
                f"{run['seconds']:8.1f} {run.get('cpu', 0):7.1f} {run['peak_mb']:8.0f} {run.get('load', 0):5.1f}",
                flush=True,
            )
    data.unlink()


if __name__ == "__main__":
    main()
