"""Reading time a document earns beyond ``ReadSettings.time_limit_s``, announced to whoever
enforces the limit from outside.

A scanned page takes seconds of OCR, so a document is granted more time for each page it
sends to OCR. The reader calls `extend_time_limit`; the isolation worker listens (via
`time_extensions_to`) and tells its parent, which would otherwise kill it at the first limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Listener = Callable[[float], None]

_listener: ContextVar[Listener | None] = ContextVar("time_extension_listener", default=None)


def extend_time_limit(seconds: float) -> None:
    """Announce that the document being read is granted ``seconds`` more."""
    listener = _listener.get()
    if listener is not None and seconds > 0:
        listener(seconds)


@contextmanager
def time_extensions_to(listener: Listener) -> Iterator[None]:
    """Within this block, `extend_time_limit` calls ``listener`` with the seconds granted."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
