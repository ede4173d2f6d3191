"""Progress lines for long command-line work: one updating line on a terminal, a few lines in a log."""

import sys
import time


class Progress:
    def __init__(self, label: str, *, stream=None, every_seconds: float = 2.0):
        self.label = label
        # Django's OutputWrapper appends a newline to every write, which breaks the
        # updating line on a terminal; write to the stream it wraps.
        self.stream = getattr(stream, "_out", stream) or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.every = 0.2 if self.tty else every_seconds
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        if not finished and now - self.last < self.every:
            return
        self.last = now
        elapsed = now - self.started
        if total:
            text = f"{self.label}: {done:,}/{total:,} ({100 * done // max(total, 1)}%) {elapsed:.1f} dtk".replace(
                ",", "."
            )
        else:
            text = f"{self.label}: {done:,} {elapsed:.1f} dtk".replace(",", ".")
        if self.tty:
            self.stream.write("\r" + text + ("\n" if finished else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
