"""The funding URLs in the leak matrix (lindung/testing/leaks.py): office pages, sponsor pages, documents."""

from django.urls import reverse

from lindung.testing.leaks import ADMIN, FUNDING_OFFICERS, OFFICE, Case

SPONSOR_AND_OFFICE = OFFICE | {"sponsor"}


def extend(world):
    from lindung.funding import services

    cast, year = world.cast, world.things["year"]
    csr = services.create_funder(
        year, {"kind": "csr", "name": "PT Tambang", "budget": 50_400, "districts": ["64.02.06"]}, by=cast.admin
    )
    apbd = services.create_funder(year, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 504_000}, by=cast.admin)
    services.allocate_year(year, by=cast.admin)
    services.link_sponsor(csr, cast.sponsor, by=cast.admin)
    adjustment = services.adjust_person(
        year, world.people["b2"], kind="exclude", reason="Sudah dibiayai provinsi", by=cast.admin
    )
    from lindung.funding.models import Realisation

    Realisation.objects.create(funder=apbd, month=1, amount=16_800)  # as a payment in coverage writes it
    from lindung.programmes.models import Amendment

    amendment = Amendment.objects.create(programme_year=year, number=1, reason="Koreksi daftar", created_by=cast.admin)
    world.things.update(csr=csr, apbd=apbd, adjustment=adjustment, amendment=amendment)
    world.sponsor_sees.append(world.people["a"].name)


def _year(name, query=""):
    return lambda w: [(reverse(name, args=[w.things["year"].year]) + query, None)]


def _funder(name, key):
    return lambda w: [(reverse(name, args=[w.things[key].pk]), None)]


FUNDER_FORM = {"kind": "apbd_kab", "name": "APBD Diubah", "budget": 1_000_000, "first_month": 1, "last_month": 3}

CASES = [
    Case("funding:sponsor-home", lambda w: [(reverse("funding:sponsor-home"), None)], get=frozenset({"sponsor"})),
    Case("funding:funder-create", _year("funding:funder-create"), get=ADMIN, post=ADMIN, data=lambda w: FUNDER_FORM),
    Case("funding:allocate", _year("funding:allocate"), post=ADMIN),
    Case(
        "funding:adjust",
        _year("funding:adjust"),
        post=ADMIN,
        data=lambda w: {"nik": w.people["a"].nik, "kind": "exclude", "reason": "Ganda"},
        typed=lambda w: [w.people["a"].nik],
    ),
    Case("funding:budget-sheet", _year("funding:budget-sheet"), get=OFFICE),
    Case("funding:budget-sheet", _year("funding:budget-sheet", "?format=xlsx"), get=OFFICE),
    Case(
        "funding:amendment",
        lambda w: [
            (reverse("funding:amendment", args=[w.things["year"].year]) + f"?nik={w.people[k].nik}", None)
            for k in ("a", "b")
        ],
        get=FUNDING_OFFICERS,
        post=FUNDING_OFFICERS,
        data=lambda w: {"kind": "end", "end-nik": w.people["a"].nik, "end-from_month": 2, "end-cause": "pindah"},
        typed=lambda w: [w.people["a"].nik, w.people["b"].nik],
    ),
    Case("funding:adjustment-remove", _funder("funding:adjustment-remove", "adjustment"), post=ADMIN),
    Case(
        "funding:funder-edit", _funder("funding:funder-edit", "apbd"), get=ADMIN, post=ADMIN, data=lambda w: FUNDER_FORM
    ),
    Case("funding:funder-delete", _funder("funding:funder-delete", "csr"), get=ADMIN, post=ADMIN),
    Case("funding:funder-people", _funder("funding:funder-people", "csr"), get=SPONSOR_AND_OFFICE),
    Case("funding:funder-people", _funder("funding:funder-people", "apbd"), get=OFFICE),
    Case("funding:decree-xlsx", _funder("funding:decree-xlsx", "csr"), get=SPONSOR_AND_OFFICE),
    Case("funding:decree-xlsx", _funder("funding:decree-xlsx", "apbd"), get=OFFICE),
    Case("funding:decree-pdf", _funder("funding:decree-pdf", "csr"), get=SPONSOR_AND_OFFICE),
    Case("funding:decree-pdf", _funder("funding:decree-pdf", "apbd"), get=OFFICE),
    Case(
        "funding:sponsor-user",
        _funder("funding:sponsor-user", "csr"),
        post=ADMIN,
        data=lambda w: {"username": "sponsor.baru", "password": "sandi-yang-cukup-panjang-7"},
    ),
    Case(
        "funding:amendment-pdf",
        lambda w: [(reverse("funding:amendment-pdf", args=[w.things["amendment"].pk]), None)],
        get=OFFICE,
    ),
]
