"""The corpus of messy village files: every good row accepted, every bad row explained."""

from conftest import VILLAGE_A2
from lindung.imports.models import ImportBatch
from lindung.imports.tests.conftest import CORPUS, dry_run_lines
from lindung.imports.tests.scoring import score
from lindung.people.models import Person


def _village_for(name):
    # This file has neither a village column nor a village in its title: the upload form says it.
    return VILLAGE_A2 if name.startswith("tanpa_kolom_desa") else None


def test_every_corpus_row_is_read_right_in_every_format(cast, truth):
    results = []
    for name in sorted({t["file"] for t in truth}):
        lines = dry_run_lines(CORPUS / name, by=cast.admin, village_code=_village_for(name))
        results += [{**line, "file": name} for line in lines]
    outcome = score(truth, results)
    assert outcome["problems"] == []
    assert outcome["rows_right"] == outcome["rows"] and outcome["rows"] > 100
    assert {t["file"].rsplit(".", 1)[1] for t in truth} == {"xlsx", "xls", "ods", "csv"}


def test_every_refused_row_has_an_indonesian_reason(cast, truth):
    from lindung.imports import services

    batch = ImportBatch.objects.create(
        source_path=str(CORPUS / "desa_mangkurawang.xlsx"),
        original_name="desa_mangkurawang.xlsx",
        created_by=cast.admin,
    )
    _, tables, skipped = services.read_structure(batch.source_path)
    batch.tables, batch.skipped, batch.mapping = tables, skipped, services.guessed_mapping(tables)
    batch.save()
    services.preview_import(batch, by=cast.admin)
    invalid = list(batch.rows.filter(status="invalid"))
    expected = [t for t in truth if t["file"] == "desa_mangkurawang.xlsx" and t["status"] == "invalid"]
    assert len(invalid) == len(expected)
    for row in invalid:
        errors = [p for p in row.problems if p["level"] == "error"]
        assert errors, row.source_row
        assert all(p["message"] and p["message"][0].isupper() for p in errors)
    assert Person.objects.count() == 0, "a preview writes nothing to the registry"
    assert {name for name, _ in skipped} == {"Rekap", "Data Lama"}


def test_committing_the_corpus_registers_exactly_the_accepted_rows(cast, truth):
    from lindung.imports import services

    files = ("desa_mangkurawang.xlsx", "kecamatan_tenggarong.csv", "excel_lama.csv", "tanpa_kolom_desa.xlsx",
             "desa_loa_ipuh.xlsx")  # fmt: skip
    for name in files:
        services.import_file(CORPUS / name, by=cast.admin, village_code=_village_for(name))
    accepted = {t["nik"] for t in truth if t["status"] != "invalid" and not t["file"].endswith((".xls", ".ods"))}
    assert set(Person.objects.values_list("nik", flat=True)) == accepted
    script = Person.objects.get(name__startswith="<script>")
    assert script.name.startswith("<script>alert('x')</script>")
