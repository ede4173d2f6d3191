"""The registry export shows the occupation as the list wrote it beside its category."""

import io

import openpyxl

from lindung.people import exports
from lindung.people.models import Person


def test_the_registry_export_shows_the_list_words_beside_the_category(cast, make_person):
    make_person(name="Budi", occupation="penjaga_tambak", occupation_written="Jaga Tambak Udang")
    content, count = exports.people_xlsx(Person.objects.select_related("village__parent"), full_nik=False)
    rows = list(openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    at = rows[0].index("Pekerjaan")
    assert count == 1 and rows[1][at] == "Jaga Tambak Udang (Penjaga tambak)"
