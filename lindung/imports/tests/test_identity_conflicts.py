"""An import never rewrites a different person: a registered NIK under clearly another name is a conflict."""

from datetime import date

from django.urls import reverse

from conftest import nik_for
from lindung.imports import services
from lindung.imports.models import ImportRow, RowStatus
from lindung.imports.tests.conftest import write_xlsx
from lindung.people.models import Person, Status
from lindung.people.services import verify_person

HEADER = ["No", "NIK", "Nama", "L/P", "Tanggal Lahir", "Tempat Lahir", "Desa", "Pekerjaan", "No HP", "Alamat"]


def _row(n, *, name="Ahmad Fauzi", sex="L", birth=date(1980, 5, 12), place="Tenggarong", phone="081234567890",
         street="Jl. Mangkurawang", job="Petani"):  # fmt: skip
    return [n, nik_for("640206", date(1980, 5, 12), "L", n), name, sex, birth, place, "Mangkurawang", job, phone,
            street]  # fmt: skip


def _verified(cast, make_person):
    return verify_person(make_person(by=cast.operator_a, serial=1), by=cast.verifier)


def test_a_verified_workers_nik_under_another_name_is_a_conflict_and_changes_nothing(cast, make_person, tmp_path):
    person = _verified(cast, make_person)
    before = Person.objects.values().get(pk=person.pk)
    row = _row(1, name="Orang Lain Sama Sekali", place="Samarinda", phone="081299990000", street="Jl. Lain",
               job="Nelayan")  # fmt: skip
    path = write_xlsx(tmp_path / "lain.xlsx", {"Data": [HEADER, row]})
    result = services.import_file(path, by=cast.operator_a)
    assert (result["invalid"], result["updated"]) == (1, 0)
    assert Person.objects.values().get(pk=person.pk) == before  # name, place, street, phone, job, status
    staged = ImportRow.objects.get()
    assert staged.status == RowStatus.INVALID
    [problem] = staged.problems
    assert problem["code"] == services.CLASH
    assert "Ahmad Fauzi" in problem["message"] and "Orang Lain Sama Sekali" in problem["message"]
    assert "nama" in problem["message"]


def test_the_preview_shows_the_conflict_side_by_side(client, cast, make_person, tmp_path):
    person = _verified(cast, make_person)
    path = write_xlsx(tmp_path / "lain.xlsx", {"Data": [HEADER, _row(1, name="Orang Lain Sama Sekali")]})
    client.force_login(cast.operator_a)
    with path.open("rb") as fh:
        response = client.post(reverse("imports:batch-list"), {"file": fh, "village": ""})
    batch_url = response["Location"].replace("pemetaan/", "")
    batch = services.ImportBatch.objects.get()
    services.preview_import(batch, by=cast.operator_a)
    page = client.get(batch_url).content.decode()
    assert 'id="conflicts"' in page
    table = page[page.index('id="conflicts"') :]
    assert "Orang Lain Sama Sekali" in table and person.name in table and "Diverifikasi" in table


def test_a_misspelt_name_of_the_same_person_still_updates_them(cast, make_person, tmp_path):
    person = make_person(by=cast.operator_a, serial=1)
    path = write_xlsx(tmp_path / "eja.xlsx", {"Data": [HEADER, _row(1, name="Achmad Fauzie", phone="081299998888")]})
    result = services.import_file(path, by=cast.operator_a)
    assert result["updated"] == 1
    person.refresh_from_db()
    assert person.name == "Achmad Fauzie" and person.phone == "+6281299998888"


def test_the_same_name_with_another_birth_date_is_a_conflict(cast, make_person, tmp_path):
    person = make_person(by=cast.operator_a, serial=1)
    path = write_xlsx(tmp_path / "tgl.xlsx", {"Data": [HEADER, _row(1, birth=date(1971, 11, 3))]})
    result = services.import_file(path, by=cast.operator_a)
    assert result["invalid"] == 1 and result["updated"] == 0
    [problem] = [p for p in ImportRow.objects.get().problems if p["code"] == services.CLASH]
    assert "tanggal lahir" in problem["message"]
    person.refresh_from_db()
    assert person.birth_date == date(1980, 5, 12)


def test_an_operators_change_to_a_verified_worker_is_said_before_it_sends_them_back(cast, make_person, tmp_path):
    person = _verified(cast, make_person)
    batch_path = write_xlsx(tmp_path / "hp.xlsx", {"Data": [HEADER, _row(1, phone="081299998888")]})
    lines = services.import_file(batch_path, by=cast.operator_a, dry_run=True)
    assert lines["warning"] == 1
    services.import_file(batch_path, by=cast.operator_a)
    person.refresh_from_db()
    assert person.status == Status.PROPOSED
    # The verifier's queue shows why it is back: the warning stays on the person.
    assert services.REVERIFY in [w["code"] for w in person.warnings]
