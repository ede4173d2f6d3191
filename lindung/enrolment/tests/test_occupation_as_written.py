"""The file sent to the branch carries the occupation as the village list wrote it, beside the category."""

import io

import openpyxl

from lindung.enrolment import exports
from lindung.enrolment.batches import approve_batch


def test_the_default_profile_has_the_list_words_beside_the_category(cast, approved):
    siti = approved["people"][0]
    siti.occupation, siti.occupation_written = "guru_ngaji", "Guru Ngaji TPA"
    siti.save(update_fields=["occupation", "occupation_written"])
    batch = approve_batch(approved["apbd"], by=cast.admin)
    rows = list(
        openpyxl.load_workbook(io.BytesIO(exports.batch_xlsx(batch, exports.default_profile()))).active.iter_rows(
            values_only=True
        )
    )
    headers = rows[0]
    at = headers.index("Pekerjaan")
    assert headers[at + 1] == "Pekerjaan (sesuai daftar)"
    line = next(r for r in rows[1:] if r[3] == "Siti Aminah")
    assert (line[at], line[at + 1]) == ("Guru ngaji", "Guru Ngaji TPA")
