"""The claim steps come from one table: each keeps its old address, answers POST only, and reports bad input."""

import pytest
from django.urls import reverse

from lindung.claims.views import STEPS

pytestmark = pytest.mark.django_db

ADDRESSES = {
    "claim-check": "periksa",
    "claim-recommend": "rekomendasi",
    "claim-submit": "pengajuan",
    "claim-pay": "pembayaran",
    "claim-refuse": "penolakan",
    "claim-reassess": "hitung-ulang",
    "heir-add": "ahli-waris",
    "child-add": "anak",
    "document-upload": "dokumen",
    "document-mark": "dokumen/tandai",
}


def test_every_step_keeps_the_address_it_had():
    assert {name: reverse(f"claims:{name}", args=[7]) for name in STEPS} == {
        name: f"/santunan/7/{path}/" for name, path in ADDRESSES.items()
    }


@pytest.mark.parametrize("name", sorted(ADDRESSES))
def test_a_step_answers_only_post(client, cast, name):
    client.force_login(cast.verifier)
    assert client.get(reverse(f"claims:{name}", args=[1])).status_code == 405


def test_a_step_with_a_form_sends_back_what_is_missing_and_changes_nothing(client, cast, covered, report):
    claim = report(covered)
    client.force_login(cast.verifier)
    response = client.post(reverse("claims:claim-refuse", args=[claim.pk]), {"reason": "Berkas palsu"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("claims:claim-detail", args=[claim.pk])
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    claim.refresh_from_db()
    assert claim.status == "reported"


def test_a_step_on_a_claim_out_of_sight_is_not_found_even_with_bad_input(client, cast, covered, report):
    claim = report(covered)
    client.force_login(cast.operator_b)
    assert client.post(reverse("claims:claim-refuse", args=[claim.pk]), {}).status_code == 404
