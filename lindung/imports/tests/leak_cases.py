"""The import URLs in the leak matrix (lindung/testing/leaks.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B
from lindung.testing.leaks import PROPOSERS, REGISTRY, Case

REVEAL_ERRORS = REGISTRY - {"finance"}

HEADER = "NIK,Nama,Jenis Kelamin,Tempat Lahir,Tanggal Lahir,Pekerjaan\n"


def _file(region: str) -> SimpleUploadedFile:
    nik = "6402064905800201" if region == "a" else "6402024905800201"
    body = f"{HEADER}{nik},Rina Impor Rahasia {region.upper()},P,Tenggarong,09-05-1980,petani\n6402,Baris Rusak,L,,,\n"
    return SimpleUploadedFile(f"impor-rahasia-desa-{region}.csv", body.encode())


def extend(world):
    from lindung.imports import services

    cast = world.cast
    for region, user, village in (("a", cast.operator_a, VILLAGE_A), ("b", cast.operator_b, VILLAGE_B)):
        batch = services.create_batch(_file(region), by=user, village_code=village)
        services.start_preview(batch, by=user)
        batch.refresh_from_db()
        world.things[f"batch_{region}"] = batch
        world.things[f"job_{region}"] = batch.job
        world.region_strings[region] += [batch.original_name, f"Rina Impor Rahasia {region.upper()}"]


def _batch(name):
    return lambda w: [(reverse(name, args=[w.things[f"batch_{k}"].pk]), k) for k in ("a", "b")]


def _mapping(w):
    from lindung.imports.forms import MappingForm

    return {name: field.initial for name, field in MappingForm(batch=w.things["batch_a"]).fields.items()}


CASES = [
    Case("imports:batch-list", lambda w: [(reverse("imports:batch-list"), None)], get=PROPOSERS),
    Case(
        "imports:batch-list",
        lambda w: [(reverse("imports:batch-list"), "a")],
        post=PROPOSERS,
        data=lambda w: {"file": _file("a"), "village": VILLAGE_A},
    ),
    Case("imports:template", lambda w: [(reverse("imports:template"), None)], get=PROPOSERS),
    Case("imports:batch-detail", _batch("imports:batch-detail"), get=REGISTRY),
    Case(
        "imports:batch-mapping",
        lambda w: [(reverse("imports:batch-mapping", args=[w.things["batch_a"].pk]), "a")],
        get=REGISTRY,
        post=PROPOSERS,
        data=_mapping,
    ),
    Case("imports:batch-commit", _batch("imports:batch-commit"), post=PROPOSERS),
    # The rows to fix carry whole NIKs: not for finance, which never reveals one. Each download writes
    # its audit entry: that is the change it may make.
    Case("imports:batch-errors", _batch("imports:batch-errors"), get=REVEAL_ERRORS, post=REVEAL_ERRORS),
]
