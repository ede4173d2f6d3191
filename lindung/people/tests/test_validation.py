from datetime import date

import pytest

from conftest import VILLAGE_A, nik_for, person_data
from lindung.people.models import EligibilityRules
from lindung.people.validation import CONFIRM, WARNING, check_person

TODAY = date(2026, 11, 24)


def run(**overrides):
    return check_person(
        person_data(**overrides),
        today=TODAY,
        rules=EligibilityRules(valid_from=TODAY, min_age=18, max_age=65, require_domicile=True),
        village_exists=lambda code: code.startswith("64.") and len(code) == 13,
        district_known=lambda code: code.startswith("64.02"),
    )


def codes(checked, level=None):
    return {p.code for p in checked.problems if level is None or p.level == level}


def test_clean_data_has_no_problems():
    checked = run()
    assert checked.problems == []
    assert checked.values["nik"] == nik_for()
    assert checked.values["phone"] == "+6281234567890"
    assert checked.values["rt"] == "005"


def test_segment_follows_occupation_when_blank():
    assert run(occupation="kepala_desa").values["segment"] == "PU"
    assert run(occupation="nelayan").values["segment"] == "BPU"


def test_missing_sex_and_birth_date_are_taken_from_the_nik():
    checked = run(sex="", birth_date=None, sex_="P", birth=date(1990, 2, 3))
    assert checked.values["sex"] == "P"
    assert checked.values["birth_date"] == date(1990, 2, 3)
    assert checked.errors == []


def test_birth_date_differing_from_nik_asks_for_confirmation_not_refusal():
    data = person_data()
    data["birth_date"] = date(1980, 12, 5)
    checked = check_person(
        data,
        today=TODAY,
        rules=EligibilityRules(valid_from=TODAY),
        village_exists=lambda c: True,
        district_known=lambda c: True,
    )
    assert codes(checked, CONFIRM) == {"nik_beda_tanggal_lahir"}
    assert checked.errors == []


def test_sex_differing_from_nik_asks_for_confirmation():
    checked = run(sex="P")
    assert codes(checked, CONFIRM) == {"nik_beda_jenis_kelamin"}


def test_nik_damaged_by_number_formatting_is_refused_with_how_to_fix():
    checked = run(nik="6.40206E+15")
    problem = next(p for p in checked.errors if p.field == "nik")
    assert problem.code == "nik_notasi_ilmiah"
    assert "Teks" in problem.message


def test_unknown_district_of_issue_is_refused():
    checked = run(nik=nik_for("990101"))
    assert "nik_wilayah_tidak_dikenal" in codes(checked)


def test_unknown_village_is_refused():
    checked = run(village_code="64.02.06.9999x")
    assert "desa_tidak_dikenal" in codes(checked)


@pytest.mark.parametrize(
    "birth,expected", [(date(2010, 1, 1), True), (date(1950, 1, 1), True), (date(1990, 1, 1), False)]
)
def test_age_outside_programme_rules_is_a_warning_not_an_error(birth, expected):
    checked = run(birth=birth)
    assert ("usia_di_luar_batas" in codes(checked, WARNING)) is expected
    assert checked.errors == []


def test_domicile_outside_the_regency_is_refused_naming_the_regency(db):
    checked = run(village_code="64.72.01.1001", nik=nik_for("640206"))
    assert codes(checked) == {"desa_luar_kabupaten"}
    assert "di luar Kabupaten Kutai Kartanegara" in checked.errors[0].message


def test_other_occupation_needs_its_description():
    assert "pekerjaan_lainnya_kosong" in codes(run(occupation="lainnya"))
    assert run(occupation="lainnya", occupation_other="Tukang pijat").errors == []


def test_formula_in_name_is_refused():
    assert "nama_formula" in codes(run(name='=HYPERLINK("x")'))


def test_bad_rt_and_phone_each_name_their_field():
    checked = run(rt="abc", phone="0812")
    fields = {p.field for p in checked.errors}
    assert fields == {"rt", "phone"}


def test_future_birth_date_is_refused():
    checked = run(birth_date=date(2030, 1, 1))
    assert "tgl_lahir_masa_depan" in codes(checked)


def test_village_code_given_in_values_as_village_id():
    assert run().values["village_id"] == VILLAGE_A


def test_an_unreadable_phone_in_a_village_list_is_a_warning_and_no_phone():
    checked = check_person(
        person_data(phone="0812"),
        today=TODAY,
        rules=EligibilityRules(valid_from=TODAY, min_age=18, max_age=65, require_domicile=True),
        village_exists=lambda code: code.startswith("64.") and len(code) == 13,
        district_known=lambda code: code.startswith("64.02"),
        from_list=True,
    )
    assert codes(checked, "error") == set()
    assert "hp_tidak_valid" in codes(checked, WARNING)
    assert checked.values["phone"] == ""


def test_an_unreadable_phone_typed_into_the_form_is_refused_so_it_can_be_retyped():
    assert "hp_tidak_valid" in codes(run(phone="0812"), "error")


def test_a_second_phone_number_is_noted_as_a_warning():
    checked = run(phone="081234567890 / 081311112222")
    assert checked.values["phone"] == "+6281234567890"
    assert "hp_dua_nomor" in codes(checked, WARNING)


def _from_list(**overrides):
    return check_person(
        person_data(**overrides),
        today=TODAY,
        rules=EligibilityRules(valid_from=TODAY, min_age=18, max_age=65, require_domicile=True),
        village_exists=lambda code: code.startswith("64.") and len(code) == 13,
        district_known=lambda code: code.startswith("64.02"),
        from_list=True,
    )


def test_a_list_row_without_a_birth_date_takes_it_from_the_nik_with_a_warning():
    checked = _from_list(birth_date=None, birth_place="Balikpapan")
    assert checked.values["birth_date"] == date(1980, 5, 12)
    assert "tgl_lahir_dari_nik" in codes(checked, WARNING)
    assert codes(checked, "error") == set()


def test_a_list_row_with_a_blank_occupation_is_accepted_with_a_warning():
    checked = _from_list(occupation="")
    assert codes(checked, "error") == set()
    assert "pekerjaan_kosong" in codes(checked, WARNING)
    assert checked.values["occupation"] == "lainnya"


def test_the_entry_form_still_asks_for_an_occupation():
    assert "pekerjaan_tidak_valid" in codes(run(occupation=""), "error")
