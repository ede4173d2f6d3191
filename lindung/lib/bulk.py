"""Python's garbage collector, tuned for work on hundreds of thousands of rows at once."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The first generation is collected after this many new container objects instead of 700.
YOUNG_THRESHOLD = 50_000

_lock = threading.Lock()
_users = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the youngest generation less often while bulk work runs.

    A chunk of rows (a few thousand dicts and lists each) outlives the default
    threshold of 700 allocations, so its objects are promoted and the full
    collections that follow walk every live object again and again: on a
    500,000-row import they took a third of the CPU time. With a higher threshold
    a chunk is gone before it is ever promoted. Nothing is switched off, cycles
    are still collected, and the default comes back when the last user leaves
    (imports may run in several threads of one server).
    """
    global _users, _saved
    with _lock:
        if _users == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(_saved[0], YOUNG_THRESHOLD), _saved[1], _saved[2])
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0 and _saved is not None:
                gc.set_threshold(*_saved)
