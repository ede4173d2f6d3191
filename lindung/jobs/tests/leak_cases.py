"""The job progress URL in the leak matrix: a job is seen by whoever started it, admins and auditors."""

from django.urls import reverse

from lindung.testing.leaks import Case


def _job(region):
    return lambda w: [(reverse("jobs:job-progress", args=[w.things[f"job_{region}"].pk]), None)]


def _post(name, region):
    return lambda w: [(reverse(name, args=[w.things[f"job_{region}"].pk]), None)]


CASES = [
    Case("jobs:job-progress", _job("a"), get=frozenset({"operator_a", "admin", "auditor"})),
    Case("jobs:job-progress", _job("b"), get=frozenset({"operator_b", "admin", "auditor"})),
    # Resuming or cancelling a job is for whoever started it, and the admin.
    Case("jobs:job-resume", _post("jobs:job-resume", "a"), post=frozenset({"operator_a", "admin"})),
    Case("jobs:job-resume", _post("jobs:job-resume", "b"), post=frozenset({"operator_b", "admin"})),
    Case("jobs:job-cancel", _post("jobs:job-cancel", "a"), post=frozenset({"operator_a", "admin"})),
    Case("jobs:job-cancel", _post("jobs:job-cancel", "b"), post=frozenset({"operator_b", "admin"})),
]
