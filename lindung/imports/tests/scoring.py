"""Compare an import's per-row results (the command line's CSV lines) with the corpus truth."""

from collections.abc import Iterable

FIELDS = ("nik", "name", "sex", "birth_date", "village_code", "phone", "occupation")


def score(truth: Iterable[dict], results: Iterable[dict]) -> dict:
    """Rows and fields right; every mismatch listed so a failing test says which row and why."""
    expected = {(t["file"], t["sheet"], int(t["row"])): t for t in truth}
    found = {(r["file"], r["sheet"], int(r["source_row"])): r for r in results}
    problems = []
    rows_right = fields_right = fields_total = 0
    for key in sorted(set(found) - set(expected)):
        problems.append(f"{key}: reported but is not a data row ({found[key]['errors'] or found[key]['status']})")
    for key, t in sorted(expected.items()):
        r = found.get(key)
        if r is None:
            problems.append(f"{key}: data row not reported")
            continue
        ok = r["status"] == t["status"]
        codes = set(filter(None, r["errors"].split(";")))
        if not ok:
            problems.append(f"{key}: status {r['status']} ({r['errors']}), expected {t['status']} {t['codes']}")
        missing = set(t["codes"]) - codes
        if missing:
            ok = False
            problems.append(f"{key}: reason {sorted(missing)} not given (got {sorted(codes)})")
        if t["status"] != "invalid":
            # The list's own wording, where the truth says it (the CSV's `occupation` column).
            for name in FIELDS + (("occupation_written",) if "occupation_written" in t else ()):
                fields_total += 1
                # The truth's occupation is the category; the CSV's `occupation` is the list's own words.
                column = {"occupation": "occupation_category", "occupation_written": "occupation"}.get(name, name)
                if str(r[column]) == str(t[name]):
                    fields_right += 1
                else:
                    ok = False
                    problems.append(f"{key}: {name} {r[column]!r}, expected {t[name]!r}")
        elif t.get("nik"):
            fields_total += 1
            if r["nik"] == t["nik"]:
                fields_right += 1
            else:
                problems.append(f"{key}: nik {r['nik']!r}, expected {t['nik']!r}")
        rows_right += ok
    return {
        "rows": len(expected),
        "rows_right": rows_right,
        "fields": fields_total,
        "fields_right": fields_right,
        "problems": problems,
    }
