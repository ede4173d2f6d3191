"""The web refuses a file too big to import from its declared length, without taking in the body."""

from django.urls import reverse

from lindung.imports.models import ImportBatch


def test_an_upload_declaring_200_mb_is_refused_before_its_body_is_read(client, cast):
    client.force_login(cast.operator_a)
    # The body is a few bytes: Django would fail reading the 200 MB it claims, had it started to.
    response = client.generic(
        "POST",
        reverse("imports:batch-list"),
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.content.decode() and "200 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_ordinary_upload_passes_the_limit(client, cast):
    client.force_login(cast.operator_a)
    response = client.get(reverse("imports:batch-list"))
    assert response.status_code == 200
