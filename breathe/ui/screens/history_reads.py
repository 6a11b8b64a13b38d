"""The history screen's reads off the UI thread: its first summary while it is composed, and
the view's notices (a scan of the whole file) in a worker after its first frame."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from textual.worker import get_current_worker

from breathe.history.records import HistorySummary
from breathe.ui.services import HistoryView


class EarlyRead:
    """The view's first read, in a thread while the screen is composed and styled: SQLite
    reads without holding the GIL, so with a second core the two overlap."""

    def __init__(self, read: Callable[[], HistorySummary]) -> None:
        self._read = read
        self._summary: HistorySummary | None = None
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._run, name="history-read", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._summary = self._read()
        except Exception as exc:  # raised where the result is taken, as a plain read would
            self._error = exc

    def result(self) -> HistorySummary:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._summary is not None
        return self._summary


def notices_off_the_ui_thread(view: HistoryView) -> Sequence[str]:
    worker = get_current_worker()
    return view.notices(lambda: worker.is_cancelled)
