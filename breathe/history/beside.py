"""One read on a connection of its own, in a thread, beside the store's other reads: SQLite
runs each query without holding the GIL, so on two cores the history screen's heaviest
aggregate and the rest of its figures are read at the same time. `read_apart` is the same on
the caller's thread (the screen's scan for odd rows, in a worker off the UI thread).

Anything going wrong there (the file cannot be opened read-only, a query fails) is not
reported from the thread: the read is done again on the store's own connection, which
reports it as a plain read would.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from breathe.history.storefile import open_read_only

T = TypeVar("T")

STOP_CHECK_STEPS = 1000  # SQLite VM steps between two looks at `stop` (well under 1 ms)


def read_apart(
    path: Path,
    read: Callable[[sqlite3.Connection], T],
    stop: Callable[[], bool],
    modes: tuple[str, ...] = ("mode=ro",),
) -> T:
    """`read` on a new read-only connection to `path`, in the caller's thread (a worker's),
    tried with each URI mode in turn; once `stop()` is true SQLite gives the read up (the
    screen that wanted it has gone). Raises sqlite3.Error (an interrupted read is one)."""
    last: sqlite3.Error | None = None
    for mode in modes:
        try:
            conn = open_read_only(path, mode)
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            conn.set_progress_handler(lambda: int(stop()), STOP_CHECK_STEPS)
            return read(conn)
        except sqlite3.Error as exc:
            if stop():
                raise
            last = exc
        finally:
            conn.close()
    assert last is not None
    raise last


class Beside(Generic[T]):
    """`read` on a new read-only connection to `path` (None: no thread, `fallback` is the
    read); `result()` waits for it, or reads with `fallback` where it failed."""

    def __init__(
        self,
        path: Path | None,
        read: Callable[[sqlite3.Connection], T],
        fallback: Callable[[], T],
    ) -> None:
        self._read = read
        self._fallback = fallback
        self._value: list[T] = []  # the read's result, once it succeeded
        self._thread: threading.Thread | None = None
        if path is not None:
            self._thread = threading.Thread(
                target=self._run, args=(path,), name="history-beside", daemon=True
            )
            self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            conn = open_read_only(path, "mode=ro")
            try:
                self._value.append(self._read(conn))
            finally:
                conn.close()
        except sqlite3.Error:
            pass  # read again by `result`, where the error is reported as usual

    def result(self) -> T:
        self.discard()
        return self._value[0] if self._value else self._fallback()

    def discard(self) -> None:
        """Wait for the thread (its connection closed), whether or not its read is wanted."""
        if self._thread is not None:
            self._thread.join()
