"""The dated rules' pages in the leak matrix: the regency admin adds versions, the auditor reads them."""

from django.urls import reverse

from lindung.testing.leaks import ADMIN, Case

READERS = frozenset({"admin", "auditor"})


def _kinds(name):
    from lindung.rules.services import KINDS

    return lambda w: [(reverse(name, args=[slug]), None) for slug in KINDS]


CASES = [
    Case("rules:rule-index", lambda w: [(reverse("rules:rule-index"), None)], get=READERS),
    Case("rules:version-list", _kinds("rules:version-list"), get=READERS),
    Case(
        "rules:version-create",
        lambda w: [(reverse("rules:version-create", args=["kelayakan"]), None)],
        get=ADMIN,
        post=ADMIN,
        data=lambda w: {"valid_from": "2099-01-01", "min_age": 18, "max_age": 60, "source": "Perbup 1/2099"},
    ),
]
