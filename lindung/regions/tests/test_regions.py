"""Kemendagri region codes: loading, counts, former codes and the prefix hierarchy."""

import pytest

from conftest import nik_for, person_data
from lindung.people.forms import village_choices
from lindung.people.services import check
from lindung.regions.models import Level, Region
from lindung.regions.services import (
    CURRENT_FILE,
    RegionDataError,
    clear_caches,
    district_exists,
    load_regions,
)


def write_csv(path, header: str, rows: list[str]):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_files(tmp_path):
    """A province of test codes (99 is unused by Kemendagri) and one former district."""
    current = write_csv(
        tmp_path / "wilayah.csv",
        "code,name,level",
        [
            "99,Provinsi Uji,province",
            "99.01,Kabupaten Uji,regency",
            "99.01.01,Kecamatan Uji,district",
            "99.01.01.2001,Desa Uji,village",
            "99.01.01.1002,Kelurahan Uji,village",
        ],
    )
    former = write_csv(
        tmp_path / "former.csv", "code,name,level,current_code,source", ["98.01.07,Uji Lama,district,99.01.01,uji"]
    )
    yield current, former
    # The district lookup is cached per process; forget the test codes rolled back with the test.
    clear_caches()


def test_load_regions_a_second_time_writes_nothing(db, small_files):
    current, former = small_files
    first = load_regions(current_file=current, former_file=former)
    assert (first["created"], first["updated"]) == (6, 0)
    second = load_regions(current_file=current, former_file=former)
    assert (second["created"], second["updated"]) == (0, 0)
    assert Region.objects.within("99").count() == 5
    assert Region.objects.get(code="99.01.01.2001").parent_id == "99.01.01"


def test_load_regions_corrects_a_changed_name(db, small_files):
    current, former = small_files
    load_regions(current_file=current, former_file=former)
    current.write_text(current.read_text().replace("Desa Uji", "Desa Uji Baru"), encoding="utf-8")
    result = load_regions(current_file=current, former_file=former)
    assert (result["created"], result["updated"]) == (0, 1)
    assert Region.objects.get(code="99.01.01.2001").name == "Desa Uji Baru"


def test_load_regions_names_the_line_of_a_bad_code(db, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", "code,name,level", ["99,Provinsi Uji,province", "99.1,Salah,regency"])
    with pytest.raises(RegionDataError, match="baris 3"):
        load_regions(current_file=bad, former_file=tmp_path / "none.csv")
    assert not Region.objects.filter(code="99").exists()


def test_the_shipped_files_load_every_code(db):
    # The session loaded the shipped files once (conftest); a second full run is a slow bulk update.
    with CURRENT_FILE.open(encoding="utf-8") as fh:
        shipped = sum(1 for _ in fh) - 1
    assert Region.objects.filter(current=True).count() == shipped == 91_599
    assert Region.objects.filter(current=False).count() == 620


@pytest.mark.parametrize(
    "level,count",
    [(Level.PROVINCE, 38), (Level.REGENCY, 514), (Level.DISTRICT, 7_285), (Level.VILLAGE, 83_762)],
)
def test_the_shipped_counts_load(db, level, count):
    assert Region.objects.filter(level=level, current=True).count() == count


def test_former_district_codes_validate_a_nik(db):
    assert district_exists("91.02.03")
    former = Region.objects.get(code="91.02.03")
    assert (former.current, former.current_code, former.level) == (False, "95.01.02", Level.DISTRICT)
    assert not district_exists("91.02.99")
    checked = check(person_data(nik=nik_for("910203")))
    assert not [p for p in checked.errors if p.field == "nik"]


def test_former_codes_are_never_offered_as_villages(cast):
    assert not Region.objects.filter(current=False, level=Level.VILLAGE).exists()
    offered = {code for code, _ in village_choices(cast.admin, "propose")}
    assert len(offered) == 237
    assert all(code.startswith("64.02.") and len(code) == 13 for code in offered)
    checked = check(person_data(village_code="91.02.03"))
    assert [p.code for p in checked.errors] == ["desa_tidak_dikenal"]


def test_within_kukar_holds_its_20_districts_and_237_villages(db):
    kukar = Region.objects.within("64.02")
    assert kukar.districts().count() == 20
    assert kukar.villages().count() == 237
    assert kukar.filter(level=Level.REGENCY).get().name == "Kabupaten Kutai Kartanegara"


def test_within_does_not_match_a_longer_code_with_the_same_start(db):
    codes = set(Region.objects.within("64.02.1").values_list("code", flat=True))
    assert codes == set()
    districts = set(Region.objects.within("64.02.01").districts().values_list("code", flat=True))
    assert districts == {"64.02.01"}


def test_every_village_hangs_under_its_district(db):
    village = Region.objects.get(code="64.02.06.1010")
    assert (village.parent_id, village.parent.parent_id, village.parent.parent.parent_id) == (
        "64.02.06",
        "64.02",
        "64",
    )
    assert village.kind_label == "Kelurahan"
    assert Region.objects.get(code="64.02.02.2001").kind_label == "Desa"


def test_below_is_a_range_of_same_shape_codes():
    from lindung.regions.models import below

    q = below("code", "64.02.06")
    assert ("code__gte", "64.02.06.0000") in q.children[1].children
    assert ("code__lte", "64.02.06.9999") in q.children[1].children
    assert below("code", "64.02.06.1010").children == [("code", "64.02.06.1010")]


def test_within_a_regency_holds_its_districts_and_villages_but_not_the_neighbours(db):
    codes = set(Region.objects.within("64.02").values_list("code", flat=True))
    assert {"64.02", "64.02.06", "64.02.06.1010", "64.02.20"} <= codes
    assert not any(c.startswith(("64.01", "64.03")) for c in codes)
