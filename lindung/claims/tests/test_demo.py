"""The demo claims: a handful in different states, made through the services."""

from datetime import date

from lindung.claims.models import Claim, ClaimStatus, Kind
from lindung.coverage.demo import ensure_demo_protection
from lindung.demo.services import ensure_demo_claims, ensure_demo_programme, ensure_demo_users, generate_demo_people


def test_demo_claims_span_kinds_and_states_and_are_made_once(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    generate_demo_people(3000, seed=5, today=date(2026, 11, 24))
    ensure_demo_users()
    ensure_demo_programme()
    ensure_demo_protection()
    result = ensure_demo_claims()
    claims = list(Claim.objects.all())
    assert result["created"] == len(claims) == 5
    assert {c.kind for c in claims} == {Kind.JKM, Kind.SCHOLARSHIP, Kind.JKK_TREATMENT, Kind.JKK_STMB}
    assert len({c.status for c in claims}) >= 2
    scholarship = next(c for c in claims if c.kind == Kind.SCHOLARSHIP)
    assert scholarship.children.count() == 2 and scholarship.follows.kind == Kind.JKM
    assert result["notes"] == []
    paid = next(c for c in claims if c.kind == Kind.JKM and c.covered)
    assert (paid.status, paid.paid_amount) == (ClaimStatus.PAID, 42_000_000)
    gap = next(c for c in claims if c.kind == Kind.JKM and not c.covered)
    assert "celah" in gap.coverage_reason
    assert ensure_demo_claims()["created"] == 0
