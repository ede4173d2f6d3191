"""Which interface the current work came through (no Django imports: the CLI sets it before setup)."""

import contextvars
from contextlib import contextmanager

WEB, API, CLI, SYSTEM = "web", "api", "cli", "system"

_interface: contextvars.ContextVar[str] = contextvars.ContextVar("lindung_interface", default=SYSTEM)


@contextmanager
def using_interface(interface: str):
    """Mark everything audited inside the block as coming from this interface."""
    token = _interface.set(interface)
    try:
        yield
    finally:
        _interface.reset(token)


def current_interface() -> str:
    return _interface.get()
