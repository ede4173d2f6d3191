"""The duplicate and reference-list URLs in the leak matrix (lindung/testing/leaks.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.testing.leaks import LOGGED_IN, REGISTRY, REVEALS, VERIFIERS, Case

REFERENCE_ROLES = frozenset({"admin", "verifier", "verifier_all", "auditor"})


def extend(world):
    from lindung.dedup import services
    from lindung.dedup.models import DuplicateCandidate, ListKind, PersonFlag

    cast, people = world.cast, world.people
    services.scan_duplicates(by=cast.verifier_all)
    for key in ("a", "b"):
        person = people[key]
        world.things[f"candidate_{key}"] = DuplicateCandidate.objects.filter(
            person_a__village_id=person.village_id
        ).get(person_a__name=person.name)
    rows = "".join(f"{people[k].nik},{people[k].name},{people[k].birth_date:%d-%m-%Y}\n" for k in ("a", "b"))
    world.things["reference"] = services.upload_reference_list(
        SimpleUploadedFile("asn.csv", f"NIK,Nama,Tanggal Lahir\n{rows}".encode()),
        by=cast.verifier_all,
        name="ASN Kukar 2026",
        kind=ListKind.CIVIL_SERVANT,
    )
    for key in ("a", "b"):
        world.things[f"flag_{key}"] = PersonFlag.objects.get(person=people[key])


def _pk(name, thing):
    return lambda w: [(reverse(name, args=[w.things[f"{thing}_{k}"].pk]), k) for k in ("a", "b")]


def _person(name):
    return lambda w: [(reverse(name, args=[w.people[k].pk]), k) for k in ("a", "b")]


def _reference_file(w):
    return {
        "name": "Daftar Baru",
        "kind": "deceased",
        "note": "",
        "file": SimpleUploadedFile("mati.csv", f"NIK,Nama\n{w.people['a'].nik},{w.people['a'].name}\n".encode()),
    }


CASES = [
    Case("dedup:candidate-list", lambda w: [(reverse("dedup:candidate-list"), None)], get=LOGGED_IN),
    Case("dedup:scan-start", lambda w: [(reverse("dedup:scan-start"), None)], post=VERIFIERS),
    Case(
        "dedup:bulk-merge",
        lambda w: [(reverse("dedup:bulk-merge"), None)],
        post=VERIFIERS,
        data=lambda w: {"threshold": 50},
    ),
    Case(
        "dedup:candidate-detail",
        _pk("dedup:candidate-detail", "candidate"),
        get=REGISTRY,
        post=VERIFIERS,
        data=lambda w: {"decision": "distinct", "note": "Beda orang"},
    ),
    Case(
        "dedup:reference-index",
        lambda w: [(reverse("dedup:reference-index"), None)],
        get=REFERENCE_ROLES,
        post=VERIFIERS,
        data=_reference_file,
    ),
    Case(
        "dedup:reference-detail",
        lambda w: [(reverse("dedup:reference-detail", args=[w.things["reference"].pk]), None)],
        get=REFERENCE_ROLES,
    ),
    Case("dedup:blocked-list", lambda w: [(reverse("dedup:blocked-list"), None)], get=LOGGED_IN),
    Case(
        "dedup:flag-clear",
        _pk("dedup:flag-clear", "flag"),
        post=VERIFIERS,
        data=lambda w: {"reason": "Bukan ASN, nama sama saja", "next": "https://evil.example/"},
    ),
    Case("dedup:person-flags", _person("dedup:person-flags"), get=REGISTRY),
    # Revealing both NIKs of a pair is an audited act of those who may reveal NIKs, on a pair they may see.
    Case(
        "dedup:candidate-reveal-niks",
        _pk("dedup:candidate-reveal-niks", "candidate"),
        post=frozenset(REVEALS),
    ),
]
