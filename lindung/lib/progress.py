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
        self.stage = ""

    def __call__(self, done: int, total: int | None = None, label: str = "") -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        new_stage = bool(label) and label != self.stage
        if not (finished or new_stage) and now - self.last < self.every:
            return
        if new_stage and self.tty and self.stage:
            # Keep the last line of the previous stage on screen.
            self.stream.write("\n")
        self.stage = label or self.stage
        self.last = now
        name = f"{self.label} — {self.stage}" if self.stage else self.label
        count = f"{done:,}/{total:,} ({100 * done // max(total, 1)}%)" if total else f"{done:,}"
        text = f"{name}: {count} {now - self.started:.1f} dtk".replace(",", ".")
        if self.tty:
            self.stream.write("\r" + text + ("\n" if finished else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
