"""The programme-year URLs in the leak matrix (lindung/testing/leaks.py)."""

from datetime import date

from django.urls import reverse

from lindung.testing.leaks import ADMIN, OFFICE, Case


def extend(world):
    from lindung.programmes.services import create_year

    world.things["year"] = create_year(
        {
            "year": 2021,
            "name": "Jaminan sosial pekerja rentan",
            "period_start": date(2021, 10, 1),
            "months": 3,
            "covers_jkk": True,
            "covers_jkm": True,
            "covers_jht": False,
            "declared_income": 1_000_000,
            "min_age": 18,
            "max_age": 65,
            "require_domicile": True,
        },
        by=world.cast.admin,
    )


def _year(name, query=""):
    return lambda w: [(reverse(name, args=[w.things["year"].year]) + query, None)]


YEAR_FORM = {
    "year": 2021,
    "name": "Diubah orang lain",
    "start_month": 10,
    "months": 3,
    "covers_jkk": "on",
    "covers_jkm": "on",
    "declared_income": 1000000,
    "min_age": 18,
    "max_age": 65,
}

CASES = [
    Case("programmes:year-list", lambda w: [(reverse("programmes:year-list"), None)], get=OFFICE),
    Case(
        "programmes:year-create",
        lambda w: [(reverse("programmes:year-create"), None)],
        get=ADMIN,
        post=ADMIN,
        data=lambda w: {**YEAR_FORM, "year": 2030, "start_month": 1},
    ),
    Case("programmes:simulate", lambda w: [(reverse("programmes:simulate"), None)], get=OFFICE),
    Case("programmes:year-detail", _year("programmes:year-detail"), get=OFFICE),
    Case(
        "programmes:year-detail",
        lambda w: [
            (reverse("programmes:year-detail", args=[w.things["year"].year]) + f"?nik={w.people[k].nik}", None)
            for k in ("a", "b")
        ],
        get=OFFICE,
        typed=lambda w: [w.people["a"].nik, w.people["b"].nik],
    ),
    Case("programmes:year-edit", _year("programmes:year-edit"), get=ADMIN, post=ADMIN, data=lambda w: YEAR_FORM),
    Case(
        "programmes:year-approve", _year("programmes:year-approve"), post=ADMIN, data=lambda w: {"decree_number": "1"}
    ),
    Case(
        "programmes:year-amend",
        _year("programmes:year-amend"),
        post=ADMIN,
        data=lambda w: {"reason": "Surat Bupati nomor 12"},
    ),
]
