"""The mapping page shows each column's first values and never lets a date, place or RT column go silently."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.errors import DomainError
from lindung.imports import services
from lindung.imports.models import BatchStatus, ImportBatch
from lindung.imports.tests.conftest import write_xlsx

# "Lhr" and "Asal" match no header rule, "Wilayah RT" hides under another word: only the values tell.
HEADER = ["NIK", "Nama", "Lhr", "Asal", "Wilayah", "Pekerjaan"]
PEOPLE = [
    ["6402061604880001", "Muhammad Baso Syam", date(1988, 4, 16), "Balikpapan", "003", "Nelayan"],
    ["6402060111770001", "Rizki", date(1977, 11, 1), "Samarinda", "004", "Petani"],
    ["6402061502860001", "Irwansyah", date(1986, 2, 15), "Tenggarong", "001", "Guru Ngaji"],
    ["6402061502670001", "Ahmad", date(1967, 2, 15), "Tenggarong", "002", "Pemulung"],
]


@pytest.fixture
def batch(client, cast, tmp_path):
    path = write_xlsx(tmp_path / "daftar.xlsx", {"Data": [HEADER, *PEOPLE]})
    client.force_login(cast.operator_a)
    upload = SimpleUploadedFile("daftar.xlsx", path.read_bytes())
    client.post(reverse("imports:batch-list"), {"file": upload, "village": "64.02.06.1010"})
    return ImportBatch.objects.get()


def test_each_column_shows_its_first_three_values(client, batch):
    page = client.get(reverse("imports:batch-mapping", args=[batch.pk])).content.decode()
    for value in ("Muhammad Baso Syam", "Rizki", "Irwansyah", "16/04/1988", "Balikpapan", "003"):
        assert value in page
    assert "Ahmad" not in page, "three values a column, not the whole file"


def test_unmapped_date_place_and_rt_columns_are_named_and_must_be_chosen(client, batch):
    page = client.get(reverse("imports:batch-mapping", args=[batch.pk])).content.decode()
    for what in ("tanggal lahir", "tempat lahir", "RT"):
        assert f"Kolom ini tampak berisi {what}, tetapi belum dipetakan" in page
    form = client.get(reverse("imports:batch-mapping", args=[batch.pk])).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    response = client.post(reverse("imports:batch-mapping", args=[batch.pk]), data)
    assert response.status_code == 200
    assert "tampak berisi tanggal lahir" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UPLOADED and batch.previewed_at is None


def test_mapping_or_ignoring_each_on_purpose_lets_the_preview_run(client, batch):
    sig = batch.tables[0]["signature"]
    data = {f"m_{sig}_{col}": field for col, field in enumerate(["nik", "name", "birth_date", "-", "rt", "occupation"])}
    response = client.post(reverse("imports:batch-mapping", args=[batch.pk]), data)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.mapping[sig] == ["nik", "name", "birth_date", "", "rt", "occupation"]
    assert batch.status == BatchStatus.PREVIEWED


def test_the_service_refuses_a_mapping_that_drops_them_silently(cast, batch):
    sig = batch.tables[0]["signature"]
    with pytest.raises(DomainError) as exc:
        services.set_mapping(batch, {sig: ["nik", "name", "", "", "", "occupation"]}, by=cast.operator_a)
    assert "“Lhr” tampak berisi tanggal lahir" in exc.value.message
    assert "“Asal” tampak berisi tempat lahir" in exc.value.message
    assert "“Wilayah” tampak berisi RT" in exc.value.message
    services.set_mapping(
        batch,
        {sig: ["nik", "name", "", "", "", "occupation"]},
        by=cast.operator_a,
        ignored=[(sig, 2), (sig, 3), (sig, 4)],
    )
