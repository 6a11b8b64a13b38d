"""One read on a connection of its own, in a thread, beside the store's other reads: SQLite
runs each query without holding the GIL, so on two cores the history screen's heaviest
aggregate and the rest of its figures are read at the same time.

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

T = TypeVar("T")

BUSY_TIMEOUT_SECONDS = 5.0


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
            uri = f"{path.absolute().as_uri()}?mode=ro"
            self._thread = threading.Thread(
                target=self._run, args=(uri,), name="history-beside", daemon=True
            )
            self._thread.start()

    def _run(self, uri: str) -> None:
        try:
            conn = sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
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
