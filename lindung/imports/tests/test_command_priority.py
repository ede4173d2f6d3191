"""`lindung import` runs below the web server's CPU priority (LINDUNG_BACKGROUND_NICE), except on SQLite.

On SQLite the import holds the one write lock for each chunk; descheduled, it would hold it longer.
"""

import os
import subprocess
import sys

import pytest
from django.db import connection

# The real command in its own process (lowering this test process's priority would outlive the test).
CODE = """
import os, sys
import django
django.setup()
from django.core.management import CommandError, call_command
# An unreadable file is refused before the database is touched (this process has none migrated),
# and after the priority is set: the refusal is the expected end, the priority what is measured.
try:
    call_command("import", sys.argv[1], "--dry-run")
    print("not refused")
except CommandError:
    print("refused")
print(os.nice(0))
"""


@pytest.mark.parametrize("nice", [0, 5])
def test_an_import_lowers_its_own_priority_by_the_setting_except_on_sqlite(tmp_path, nice):
    junk = tmp_path / "rusak.csv"
    junk.write_bytes(b"\x00\x01bukan csv")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lindung.settings", "LINDUNG_VAR_DIR": str(tmp_path),
           "LINDUNG_BACKGROUND_NICE": str(nice), "DATABASE_URL": os.environ.get("DATABASE_URL", "")}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", CODE, str(junk)], capture_output=True, text=True, env=env, check=True)
    lowered = 0 if connection.vendor == "sqlite" else nice
    assert done.stdout.split()[-2] == "refused"
    assert int(done.stdout.split()[-1]) == min(19, os.nice(0) + lowered)
