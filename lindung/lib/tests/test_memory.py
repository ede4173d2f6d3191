"""Memory a big job frees goes back to the system instead of staying in the process.

Each case runs in a fresh interpreter: the C library's threshold is per process
and moves with what the process has freed before.
"""

import subprocess
import sys
import textwrap

from lindung.lib import memory

_JOB = textwrap.dedent(
    """
    import sys
    from lindung.lib import memory

    def rss():
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmRSS"))

    if sys.argv[1] == "fixed":
        assert memory.keep_big_blocks_mapped()
    # One big temporary freed (glibc would now raise its threshold to its size) ...
    big = bytearray(24 << 20)
    del big
    before = rss()
    # ... then many middle-sized temporaries, with small things that stay between them, as a
    # matching's numpy temporaries and the strings it keeps.
    kept, blocks = [], []
    for i in range(200):
        blocks.append(bytearray(1 << 20))
        kept.append(bytearray(200))
    blocks.clear()
    memory.trim() if sys.argv[1] == "fixed" else None
    print(rss() - before)
    """
)


def _retained_mb(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", _JOB, mode], capture_output=True, text=True, check=True)
    return int(done.stdout.strip())


def test_freed_temporaries_go_back_to_the_system_once_big_blocks_stay_mapped():
    assert _retained_mb("default") >= 150  # glibc as it is: the freed 200 MB stay in the process
    assert _retained_mb("fixed") <= 10


def test_the_setting_may_be_made_again_in_a_process_that_has_it():
    assert memory.keep_big_blocks_mapped() and memory.keep_big_blocks_mapped()
