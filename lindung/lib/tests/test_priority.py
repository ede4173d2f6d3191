"""Background processes lower their CPU priority once, so the web pages are served first."""

import os
import subprocess
import sys

CODE = """
from lindung.lib.priority import lower_cpu_priority
lower_cpu_priority(3)
print(lower_cpu_priority(3))
"""


def test_the_priority_is_lowered_once_however_often_asked():
    before = os.nice(0)
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    assert int(done.stdout) == min(19, before + 3)
    assert os.nice(0) == before  # only that process
