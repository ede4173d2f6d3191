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


THREADED = """
import os, threading
from pathlib import Path
from lindung.lib.priority import lower_cpu_priority
started, stop = threading.Event(), threading.Event()
def idle():
    started.set()
    stop.wait()
helper = threading.Thread(target=idle)
helper.start()
started.wait()
lower_cpu_priority(4)
print(os.getpriority(os.PRIO_PROCESS, helper.native_id))
stop.set()
"""


def test_threads_started_before_are_lowered_too():
    done = subprocess.run([sys.executable, "-c", THREADED], capture_output=True, text=True, check=True)
    assert int(done.stdout) == min(19, os.nice(0) + 4)
