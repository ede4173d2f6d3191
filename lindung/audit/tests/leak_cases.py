"""The audit trail's URLs in the leak matrix: for auditors and the regency admin only."""

from django.urls import reverse

from lindung.testing.leaks import Case

AUDIT = frozenset({"auditor", "admin"})

CASES = [
    Case("audit:entry-list", lambda w: [(reverse("audit:entry-list"), None)], get=AUDIT),
    # The export writes its own audit entry: that is the change it may make.
    Case("audit:entry-export", lambda w: [(reverse("audit:entry-export"), None)], get=AUDIT, post=AUDIT),
]
