"""SIGTERM and SIGHUP (terminal closed) end a session the way Ctrl-C does: early, and saved.

Python turns SIGINT into KeyboardInterrupt but lets SIGTERM and SIGHUP kill the process
without running any `finally`, which would leave the session to be found as `interrupted`.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

_HANDLERS = Callable[[int, FrameType | None], object] | int | signal.Handlers | None


class SessionTerminated(KeyboardInterrupt):
    """Raised in the main thread when SIGTERM or SIGHUP arrives; a KeyboardInterrupt, so
    every front end that ends a session on Ctrl-C ends it the same way."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def end_signals() -> tuple[signal.Signals, ...]:
    """The signals that end a session, less any this process was told to ignore: under
    `nohup` SIGHUP arrives ignored and must stay so (as an ignored SIGINT already does)."""
    names = ("SIGTERM", "SIGHUP")  # no SIGHUP on Windows
    found = (getattr(signal, n) for n in names if hasattr(signal, n))
    return tuple(sig for sig in found if signal.getsignal(sig) is not signal.SIG_IGN)


def _raise(signum: int, frame: FrameType | None) -> None:
    raise SessionTerminated(signum)


@contextmanager
def on_end_signals(
    handler: Callable[[int], object] | None = None,
) -> Iterator[list[int]]:
    """While inside, SIGTERM and SIGHUP call `handler(signum)` once (default: raise
    SessionTerminated); later ones are ignored so the ending is not itself interrupted.

    Yields the list of signals received. Outside the main thread it does nothing, as Python
    only lets the main thread set handlers.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if received:
            return
        received.append(signum)
        if handler is None:
            _raise(signum, frame)
        else:
            handler(signum)

    previous: dict[signal.Signals, _HANDLERS] = {}
    for sig in end_signals():
        previous[sig] = signal.signal(sig, on_signal)
    try:
        yield received
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)
