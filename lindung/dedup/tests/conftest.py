from datetime import date

import pytest

from conftest import VILLAGE_A, VILLAGE_A2, VILLAGE_B, nik_for


@pytest.fixture
def twin_pair(make_person, cast):
    """A worker entered twice (NIK one digit off, name spelt another way) and an unrelated worker."""
    first = make_person(name="Muhammad Rizki", phone="081234560001", kk_number="6402061203150001", serial=1)
    second = make_person(
        name="M. Rizky",
        nik=nik_for("640206", date(1980, 5, 12), "L", 7),
        phone="081234560001",
        kk_number="6402061203150001",
        village_code=VILLAGE_A2,
        rt="",
    )
    other = make_person(
        name="Siti Aminah", birth=date(1975, 3, 2), sex_="P", phone="081234560002", village_code=VILLAGE_B, serial=3
    )
    return first, second, other


__all__ = ["VILLAGE_A", "VILLAGE_A2", "VILLAGE_B"]
