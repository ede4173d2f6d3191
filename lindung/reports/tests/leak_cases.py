"""The reports URLs in the leak matrix (lindung/testing/leaks.py): dashboards, exports, year report, public page."""

from datetime import date

from django.urls import reverse

from lindung.testing.leaks import ADMIN, EVERYONE, OFFICE, REGISTRY, Case


def extend(world):
    from lindung.reports.services import record_milestone

    world.things["milestone"] = record_milestone(
        kind="regulation", on=date(2021, 3, 1), title="Perbup No. 12 Tahun 2021", by=world.cast.admin
    )


def _page(name, query=""):
    return lambda w: [(reverse(name) + query, None)]


def _year(name):
    return lambda w: [(reverse(name, kwargs={"year": w.things["year"].year}), None)]


def _in_year(name):
    return lambda w: [(reverse(name) + f"?tahun={w.things['year'].year}", None)]


def _estimate(w):
    from django.conf import settings

    return {
        "region_code": settings.LINDUNG_REGENCY,
        "valid_from": "01/01/2021",
        "informal_workers": 120_000,
        "source": "BPS Kutai Kartanegara, Sakernas Agustus 2020",
    }


CASES = [
    Case("reports:coverage", _page("reports:coverage"), get=REGISTRY),
    Case("reports:coverage", _in_year("reports:coverage"), get=REGISTRY),
    Case("reports:coverage", _page("reports:coverage", "?kecamatan=64.02.02"), get=REGISTRY),
    Case("reports:coverage", _page("reports:coverage", "?kecamatan=64.02.06"), get=REGISTRY),
    Case("reports:coverage-export", _page("reports:coverage-export"), get=REGISTRY),
    Case("reports:coverage-export", _page("reports:coverage-export", "?kecamatan=64.02.02"), get=REGISTRY),
    Case("reports:money", _page("reports:money"), get=OFFICE),
    Case("reports:money", _in_year("reports:money"), get=OFFICE),
    Case("reports:money-export", _in_year("reports:money-export"), get=OFFICE),
    Case("reports:claims", _page("reports:claims"), get=REGISTRY),
    Case("reports:claims", _page("reports:claims", f"?tahun={date.today().year}"), get=REGISTRY),
    Case("reports:claims-export", _page("reports:claims-export"), get=REGISTRY),
    Case("reports:estimate-list", _page("reports:estimate-list"), get=ADMIN, post=ADMIN, data=_estimate),
    Case(
        "reports:milestone-list",
        _page("reports:milestone-list"),
        get=REGISTRY,
        post=ADMIN,
        data=lambda w: {"kind": "innovation", "on": "01/06/2021", "title": "Aplikasi Lindung"},
    ),
    Case(
        "reports:milestone-delete",
        lambda w: [(reverse("reports:milestone-delete", kwargs={"pk": w.things["milestone"].pk}), None)],
        post=ADMIN,
    ),
    Case("reports:year-report-pdf", _year("reports:year-report-pdf"), get=OFFICE),
    Case("reports:year-report-xlsx", _year("reports:year-report-xlsx"), get=OFFICE),
    # The public self-check logs every lookup (for its per-address limit): anyone's POST writes that row.
    Case(
        "public:page",
        _page("public:page"),
        get=EVERYONE,
        post=EVERYONE,
        data=lambda w: {"nik": w.people["b"].nik},
        typed=lambda w: [w.people["b"].nik],
    ),
]
