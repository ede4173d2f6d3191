"""Every path that accepts a proposal applies the entry form's rules: warnings need the verifier's note."""

from datetime import date

import pytest

from lindung.audit.models import AuditEntry
from lindung.people.forms import PersonFilterForm
from lindung.people.models import Person, Status
from lindung.people.services import NeedsNote, verify_people, verify_person


@pytest.fixture
def very_old(make_person):
    return make_person(birth=date(1930, 3, 1), name="Sanusi Tua")


@pytest.fixture
def nik_disagrees(make_person):
    # A record from an old list: the birth date was changed outside the entry form, nobody confirmed it.
    person = make_person(name="Beda Tanggal")
    Person.objects.filter(pk=person.pk).update(birth_date=date(1981, 6, 1))
    return Person.objects.get(pk=person.pk)


def test_one_click_accept_refuses_a_96_year_old_without_a_note(cast, very_old):
    with pytest.raises(NeedsNote) as exc:
        verify_person(very_old, by=cast.verifier)
    assert "Usia" in exc.value.message and "catatan" in exc.value.message
    very_old.refresh_from_db()
    assert very_old.status == Status.PROPOSED


def test_accept_with_a_note_records_the_note(cast, very_old):
    verify_person(very_old, by=cast.verifier, note="Masih aktif melaut, surat keterangan desa ada.")
    very_old.refresh_from_db()
    assert very_old.status == Status.VERIFIED
    entry = AuditEntry.objects.for_target(very_old).get(action="people.person.verified")
    assert entry.data["note"].startswith("Masih aktif")
    assert entry.data["holds"] == ["usia_di_luar_batas"]


def test_an_unconfirmed_nik_discrepancy_needs_the_note_and_the_note_confirms_it(cast, nik_disagrees):
    with pytest.raises(NeedsNote) as exc:
        verify_person(nik_disagrees, by=cast.verifier)
    assert "menurut NIK" in exc.value.message
    verify_person(nik_disagrees, by=cast.verifier, note="Akta kelahiran dikoreksi 2010.")
    nik_disagrees.refresh_from_db()
    assert nik_disagrees.nik_discrepancy_note == "Akta kelahiran dikoreksi 2010."
    assert nik_disagrees.nik_discrepancy_confirmed_by == cast.verifier


def test_bulk_accept_holds_back_everyone_with_a_warning(cast, make_person, very_old, nik_disagrees):
    clean = make_person(name="Bersih Sekali")
    result = verify_people(Person.objects.all(), by=cast.verifier)
    assert (result.verified, result.held) == (1, 2)
    assert Person.objects.get(pk=clean.pk).status == Status.VERIFIED
    assert Person.objects.get(pk=very_old.pk).status == Status.PROPOSED
    assert Person.objects.get(pk=nik_disagrees.pk).status == Status.PROPOSED


def test_queue_filter_without_warnings_leaves_out_the_warned(cast, make_person, very_old):
    clean = make_person(name="Bersih Sekali")
    form = PersonFilterForm({"warning": "tidak"}, user=cast.verifier)
    assert list(form.apply(Person.objects.all())) == [clean]


def test_queue_post_says_how_many_were_held(client, cast, make_person, very_old):
    make_person(name="Bersih Sekali")
    client.force_login(cast.verifier)
    response = client.post("/pekerja/verifikasi/", follow=True)
    text = response.content.decode()
    assert "1 data diverifikasi" in text
    assert "1 data tidak ikut diterima karena ada peringatan" in text


def test_the_api_applies_the_same_rule(cast, very_old):
    from lindung.people.tests.test_api import api_as, detail

    api = api_as(cast.verifier)
    refused = api.post(detail(very_old, "verify"), {"version": very_old.version}, format="json")
    assert refused.status_code == 400
    assert refused.json()["problems"][0]["code"] == "usia_di_luar_batas"
    accepted = api.post(
        detail(very_old, "verify"), {"version": very_old.version, "note": "Masih aktif melaut."}, format="json"
    )
    assert accepted.status_code == 200
    assert Person.objects.get(pk=very_old.pk).status == Status.VERIFIED
