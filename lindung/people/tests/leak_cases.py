"""The registry's URLs in the leak matrix (lindung/testing/leaks.py); the home page and the API too."""

from datetime import date

from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_A2, VILLAGE_B, nik_for, person_data
from lindung.people.forms import PersonForm
from lindung.people.models import Status
from lindung.testing.leaks import EVERYONE, LOGGED_IN, NOBODY, PROPOSERS, REGISTRY, REVEALS, VERIFIERS, Case

BORN_A, BORN_B = date(1980, 5, 12), date(1975, 3, 2)


def extend(world):
    from lindung.people.services import propose_person, verify_person

    cast = world.cast
    a = propose_person(
        person_data(
            name="Ahmad Fauzi Rahmat",
            street="Jl. Mangkurawang Rahasia 7",
            kk_number="6402061203150001",
            nik=nik_for("640206", BORN_A, "L", 1),
        ),
        by=cast.operator_a,
    )
    a_twin = propose_person(
        person_data(
            name="Ahmad Fauzi Rahmat",
            street="Jl. Rapak Lambur Rahasia 3",
            village_code=VILLAGE_A2,
            kk_number="6402061203150001",
            nik=nik_for("640206", BORN_A, "L", 7),
        ),
        by=cast.admin,
    )
    b = propose_person(
        person_data(
            name="Siti Aminah Loakulu",
            sex_="P",
            birth=BORN_B,
            street="Jl. Loa Kulu Rahasia 9",
            village_code=VILLAGE_B,
            kk_number="6402021203150009",
            nik=nik_for("640202", BORN_B, "P", 1),
        ),
        by=cast.operator_b,
    )
    b_twin = propose_person(
        person_data(
            name="Siti Aminah Loakulu",
            sex_="P",
            birth=BORN_B,
            street="Jl. Loa Kulu Rahasia 11",
            village_code=VILLAGE_B,
            kk_number="6402021203150009",
            nik=nik_for("640202", BORN_B, "P", 4),
        ),
        by=cast.operator_b,
    )
    b2 = propose_person(
        person_data(
            name="Budi Santoso Loakulu",
            street="Jl. Loa Kulu Rahasia 15",
            village_code=VILLAGE_B,
            nik=nik_for("640202", date(1982, 1, 3), "L", 2),
            birth=date(1982, 1, 3),
        ),
        by=cast.operator_b,
    )
    for key, region, person in (("a", "a", a), ("a_twin", "a", a_twin), ("b", "b", b), ("b_twin", "b", b_twin)):
        world.add_person(key, region, person)
    world.add_person("b2", "b", b2)
    for key in ("a", "b", "b2"):
        world.people[key] = verify_person(world.people[key], by=cast.admin)


def _person(name, key="a", **kw):
    return lambda w: [(reverse(name, kwargs={"pk": w.people[key].pk}), key[0])]


def _both(name):
    return lambda w: [(reverse(name, kwargs={"pk": w.people[k].pk}), k) for k in ("a", "b")]


def _page(name, region=None):
    return lambda w: [(reverse(name), region)]


def _new_person(w):
    data = person_data(name="Orang Baru Sekali", serial=99, village_code=VILLAGE_A)
    return {k: "" if v is None else v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


def _edit(w, key="a"):
    values = PersonForm.initial_for(w.people[key])
    values["street"] = "Jl. Diubah Orang Lain"
    return {k: "" if v is None else v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


CASES = [
    Case("home", _page("home"), get=LOGGED_IN - {"sponsor"}),
    Case("people:person-list", _page("people:person-list"), get=LOGGED_IN),
    Case(
        "people:person-list",
        lambda w: [(reverse("people:person-list") + f"?q={w.people[k].nik}", None) for k in ("a", "b")],
        get=LOGGED_IN,
        typed=lambda w: [w.people["a"].nik, w.people["b"].nik],
    ),
    Case(
        "people:person-list",
        lambda w: [(reverse("people:person-list") + f"?village={VILLAGE_B}&status={Status.VERIFIED}", None)],
        get=LOGGED_IN,
    ),
    # An export writes its own audit entry (who took which people): that is the change it may make.
    Case("people:person-export", _page("people:person-export"), get=REGISTRY, post=REGISTRY),
    Case(
        "people:person-export",
        lambda w: [(reverse("people:person-export") + "?nik=lengkap", None)],
        get=REGISTRY,
        post=REGISTRY,
    ),
    Case("people:person-create", _page("people:person-create"), get=PROPOSERS),
    Case("people:person-create", _page("people:person-create", "a"), post=PROPOSERS, data=_new_person),
    Case("people:verification-queue", _page("people:verification-queue"), get=VERIFIERS, post=VERIFIERS),
    Case("people:person-detail", _both("people:person-detail"), get=REGISTRY),
    Case("people:person-edit", _person("people:person-edit", "a"), get=PROPOSERS, post=PROPOSERS, data=_edit),
    Case(
        "people:person-edit",
        _person("people:person-edit", "b"),
        get=PROPOSERS,
        post=PROPOSERS,
        data=lambda w: _edit(w, "b"),
    ),
    Case("people:person-reveal-nik", _both("people:person-reveal-nik"), post=frozenset(REVEALS)),
    Case(
        "people:person-verify",
        lambda w: [
            (reverse("people:person-verify", kwargs={"pk": w.people[k].pk}), k[0]) for k in ("a_twin", "b_twin")
        ],
        post=VERIFIERS,
        data=lambda w: {"version": 1},
    ),
    Case(
        "people:person-reject",
        lambda w: [
            (reverse("people:person-reject", kwargs={"pk": w.people[k].pk}), k[0]) for k in ("a_twin", "b_twin")
        ],
        post=VERIFIERS,
        data=lambda w: {"reason": "Nama tidak sesuai KTP", "version": 1},
    ),
    Case(
        "people:person-close",
        _both("people:person-close"),
        post=VERIFIERS,
        data=lambda w: {"status": Status.DECEASED, "reason": "Akta kematian 12/2024", "version": 2},
    ),
    # REST API (the format-suffix routes share these names).
    Case("api-root", _page("api-root"), get=LOGGED_IN),
    Case("person-list", _page("person-list"), get=LOGGED_IN),
    Case("person-list", _page("person-list", "a"), post=PROPOSERS, data=_new_person, json=True),
    Case(
        "person-list",
        lambda w: [(reverse("person-list") + f"?q={w.people[k].nik}", None) for k in ("a", "b")],
        get=LOGGED_IN,
        typed=lambda w: [w.people["a"].nik, w.people["b"].nik],
    ),
    Case("person-detail", _both("person-detail"), get=REGISTRY),
    Case("person-verify", _both("person-verify"), post=VERIFIERS, data=lambda w: {"version": 2}, json=True),
    Case(
        "person-reject",
        _both("person-reject"),
        post=VERIFIERS,
        data=lambda w: {"reason": "Nama tidak sesuai KTP", "version": 2},
        json=True,
    ),
    Case("person-reveal-nik", _both("person-reveal-nik"), post=frozenset(REVEALS), json=True),
    # The API's contract and its docs hold no person data; anything else under api/ is a JSON 404.
    Case("api-schema", lambda w: [(reverse("api-schema"), None)], get=EVERYONE),
    Case("api-docs", lambda w: [(reverse("api-docs"), None)], get=EVERYONE),
    Case("api-not-found", lambda w: [("/api/tidak-ada/", None)], get=NOBODY),
]

__all__ = ["CASES", "VILLAGE_B", "extend"]
