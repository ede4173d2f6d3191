"""Give memory a big job has freed back to the system, where the C library would keep it.

glibc serves a request of more than 128 KiB with a mapping of its own, returned
when freed, but it raises that threshold to the size of every such block that is
freed (up to 32 MiB). After numpy's first temporary of a few megabytes, every
later one comes from the heap and stays in the process when freed: a million-row
import's matching kept some 150 MB that way. Fixing the threshold keeps big
blocks mapped, and `trim` hands back what the heap holds free.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
_THRESHOLD = 128 * 1024  # glibc's own default, held fixed


@cache
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    # musl and other C libraries have neither function: then there is nothing to tune.
    if not (hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim")):
        return None
    return libc


def keep_big_blocks_mapped() -> bool:
    """Stop glibc raising its mapping threshold; return whether it was set."""
    libc = _libc()
    return bool(libc and libc.mallopt(_M_MMAP_THRESHOLD, _THRESHOLD) == 1)


def trim() -> bool:
    """Return the heap's free memory to the system; return whether any was."""
    libc = _libc()
    return bool(libc and libc.malloc_trim(0) == 1)
