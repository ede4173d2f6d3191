"""`lindung import` without --dry-run warns of likely duplicates as the browser's preview and commit do."""

import csv
import io
from datetime import date

from django.core.management import call_command
from django.db import transaction

from conftest import nik_for
from lindung.audit.models import AuditEntry
from lindung.imports import duplicates, services
from lindung.imports.models import ImportBatch, ImportRow
from lindung.imports.tests.conftest import write_xlsx
from lindung.imports.tests.test_duplicates import BIRTH, HEADER, KK, _rizki, _row  # the same workers
from lindung.lib.linkage import prepare
from lindung.people.models import Person


def _import(path, out_csv):
    call_command("import", str(path), "--out", str(out_csv), "--user", "admin", stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    with out_csv.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_registered_person_under_another_nik_is_warned_in_the_csv_and_on_the_stored_person(
    cast, make_person, tmp_path
):
    registered = _rizki(make_person, cast.operator_a)
    path = write_xlsx(tmp_path / "daftar.xlsx", {"Data": [HEADER, _row(1, serial=7)]})
    [line] = _import(path, tmp_path / "hasil.csv")
    assert (line["status"], line["errors"]) == ("warning", "kemungkinan_duplikat")

    new = Person.objects.exclude(pk=registered.pk).get()
    assert new.nik == line["nik"]
    [warning] = new.warnings
    assert warning["code"] == "kemungkinan_duplikat" and warning["level"] == "warning"
    assert "Muhammad Rizki, Desa Mangkurawang" in warning["message"]

    batch = ImportBatch.objects.get()
    assert (batch.rows_valid, batch.rows_warning, batch.people_created) == (0, 1, 1)
    [staged] = ImportRow.objects.filter(batch=batch)
    assert staged.person_id == new.pk and staged.cells[3] == "M. Rizky"
    assert [(p["code"], p["column"]) for p in staged.problems] == [("kemungkinan_duplikat", 3)]
    entry = AuditEntry.objects.get(action="imports.batch.duplicates_warned")
    assert entry.data["people"] == [new.pk]


def test_one_person_twice_in_the_file_is_warned_on_both_rows_as_within_the_file(cast, tmp_path):
    # Both rows are new: each is the other's likely duplicate within the file, not "in the registry",
    # although by the time they are matched both are stored.
    path = write_xlsx(tmp_path / "daftar.xlsx", {"Data": [HEADER, _row(1, serial=1, name="Muhammad Rizki"),
                                                          _row(2, serial=7)]})  # fmt: skip
    first, second = _import(path, tmp_path / "hasil.csv")
    assert first["errors"] == second["errors"] == "kemungkinan_duplikat"
    messages = {p.name: p.warnings[0]["message"] for p in Person.objects.all()}
    assert "baris 3 berkas ini" in messages["Muhammad Rizki"]
    assert "baris 2 berkas ini" in messages["M. Rizky"]
    assert not any("registri" in m for m in messages.values())


def _outcome() -> dict:
    batch = ImportBatch.objects.get()
    return {
        "counts": (batch.rows_valid, batch.rows_warning, batch.rows_invalid, batch.people_created),
        "people": {p.nik: [w["message"] for w in p.warnings] for p in Person.objects.all()},
        "staged": {
            (r.sheet, r.source_row): (
                r.status,
                r.action,
                r.person.nik if r.person else None,
                [(p["code"], p["message"], p["column"]) for p in r.problems],
            )
            for r in ImportRow.objects.select_related("person")
        },
    }


def test_the_command_gives_the_same_warnings_as_preview_then_commit(cast, make_person, tmp_path):
    _rizki(make_person, cast.operator_a)
    old = date(1950, 1, 2)  # outside the programme's ages: a warning of its own
    _rizki(make_person, cast.operator_a, serial=2, name="Siti Aminah", sex_="P", kk="6402061504120003",
           phone="081355500777", birth=old)  # fmt: skip
    rows = [
        _row(1, serial=7),  # the registered Muhammad Rizki again
        _row(2, serial=3, name="Budi Santoso", kk="6402061504120009", phone="081355500999", birth=date(1990, 3, 4)),
        _row(3, serial=8, name="Siti Aminah", sex="P", kk="6402061504120003", phone="081355500777", birth=old),
        _row(4, serial=4, name="Ahmad Fauzi", kk="6402061504120011", phone="081355500111", birth=date(1985, 7, 9)),
        _row(5, serial=5, name="Ahmad Fauzy", kk="6402061504120011", phone="081355500111", birth=date(1985, 7, 9)),
        [6, "12345", "", "Nama Rusak", "L", BIRTH, "Mangkurawang", "Petani", ""],
    ]
    path = write_xlsx(tmp_path / "daftar.xlsx", {"Data": [HEADER, *rows]})

    with transaction.atomic():
        kind, tables, skipped = services.read_structure(path)
        batch = ImportBatch.objects.create(source_path=str(path), original_name=path.name, kind=kind,
                                           created_by=cast.admin, tables=tables, skipped=skipped,
                                           mapping=services.guessed_mapping(tables))  # fmt: skip
        services.commit_import(services.preview_import(batch, by=cast.admin), by=cast.admin)
        browser = _outcome()
        transaction.set_rollback(True)

    lines = _import(path, tmp_path / "hasil.csv")
    command = _outcome()
    assert command == browser
    warned = sorted(key for key, (_, _, _, problems) in command["staged"].items()
                    if any(code == "kemungkinan_duplikat" for code, _, _ in problems))  # fmt: skip
    assert warned == [("Data", 2), ("Data", 4), ("Data", 5), ("Data", 6)]
    assert command["counts"] == (1, 4, 1, 5)
    # The CSV says what the staged rows say.
    for line in lines:
        status, _, _, problems = command["staged"].get(("Data", int(line["source_row"])), ("valid", "", None, []))
        assert (line["status"], line["errors"]) == (status, ";".join(code for code, _, _ in problems))


def test_the_match_is_against_the_registry_as_it_was_before_the_import(cast, make_person):
    registered = _rizki(make_person, cast.operator_a)
    row = duplicates.Incoming.of(1, "Data", 2, {"nik": nik_for(serial=7), "kk_number": KK, "name": "M. Rizky",
                                                "sex": "L", "birth_date": BIRTH, "village_id": registered.village_id,
                                                "phone": registered.phone})  # fmt: skip
    scope = services.Context.load(by=cast.operator_a).scope
    assert list(duplicates.find([row], scope=scope, regency="64.02", registered_up_to=registered.pk)) == [1]
    assert duplicates.find([row], scope=scope, regency="64.02", registered_up_to=registered.pk - 1) == {}


def test_the_compact_rows_read_back_as_the_rows_they_were():
    values = [
        {"nik": "6402061205800007", "kk_number": KK, "name": "M. Rizky", "sex": "L", "birth_date": BIRTH,
         "village_id": "64.02.06.1010", "phone": "+6281234560001"},
        {"nik": "6402065205800008", "kk_number": "", "name": "Siti", "sex": "P", "birth_date": None,
         "village_id": "64.02.06.2012", "phone": ""},
    ]  # fmt: skip
    collected = duplicates.Collected()
    for position, v in enumerate(values, start=3):
        collected.add(position, "RT 01", position + 5, v)
    expected = [duplicates.Incoming.of(p, "RT 01", p + 5, v) for p, v in enumerate(values, start=3)]
    assert list(collected) == expected
    empty = {key: [] for key in ("nik", "kk", "name", "sex", "birth_date", "village", "phone")}
    plain = {
        "nik": [r.nik for r in expected], "kk": [r.kk for r in expected], "name": [r.name for r in expected],
        "sex": [r.sex for r in expected], "birth_date": [r.birth_date for r in expected],
        "village": [r.village for r in expected], "phone": [r.phone for r in expected],
    }  # fmt: skip
    # The engine reads the compact columns (NIK and KK as numbers, phones as bare digits) as it reads the rows.
    compact, written = prepare(collected.engine_columns(empty)), prepare(plain)
    for name in written.__dataclass_fields__:
        a, b = getattr(compact, name), getattr(written, name)
        assert (list(a) == list(b)) if isinstance(b, list) else (a == b) if name == "n" else (a == b).all(), name
