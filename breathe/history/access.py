"""Opening the store the way each caller needs it: a quick read that checks the file only
when it meets damage, a session that must be saved or say why not, and the app's view."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from breathe.core.goal import WeeklyGoal
from breathe.history.records import HistorySummary, HistoryUnavailable
from breathe.history.store import HistoryStore, is_damage
from breathe.system import paths

T = TypeVar("T")
Tell = Callable[[str], None]


def open_for_reading(tell: Tell, check: bool = False) -> HistoryStore | None:
    """The store, stale sessions already marked; None when nothing was ever saved."""
    path = paths.history_file()
    if not path.exists():
        return None
    store = HistoryStore.open(path, check=check)
    for notice in store.notices:
        tell(notice)
    return store


def read_history(tell: Tell, read: Callable[[HistoryStore], T], empty: T) -> T:
    """Read without the whole-file check; should the read meet damage, check, move the file
    aside (reported) and read the new, empty one."""
    store = open_for_reading(tell)
    if store is None:
        return empty
    try:
        with store:
            return read(store)
    except sqlite3.Error as exc:
        if not is_damage(exc):
            raise
    store = open_for_reading(tell, check=True)
    if store is None:
        return empty
    with store:
        return read(store)


def open_for_session(tell: Tell) -> HistoryStore | None:
    """The store for a session about to run, or None after one warning that it won't be saved."""
    try:
        store = HistoryStore.open()
    except HistoryUnavailable as exc:
        tell(f"warning: {exc}; this session will not be saved")
        return None
    for notice in store.notices:
        tell(notice)
    return store


class StoreView:
    """The history screen's source: read afresh each time it is shown, errors as sentences."""

    def __init__(self, store: HistoryStore, goal: WeeklyGoal | None = None) -> None:
        self._store = store
        self.goal = goal
        self.notices = tuple(store.notices)

    @classmethod
    def open(cls, goal: WeeklyGoal | None = None) -> StoreView:
        """Raises HistoryUnavailable; a quick open (the next session checks the whole file)."""
        return cls(HistoryStore.open(check=False), goal)

    def summary(self, today: date | None, recent: int) -> HistorySummary:
        try:
            return self._store.summary(today, recent=recent, goal=self.goal)
        except sqlite3.Error as exc:
            raise HistoryUnavailable(
                f"The history file {self._store.path} could not be read ({exc})."
            ) from None

    def close(self) -> None:
        self._store.close()
