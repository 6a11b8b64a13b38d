"""Opening the store the way each caller needs it: a quick read that checks the file only
when it meets damage, a session that must be saved or say why not, and the app's view."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

from breathe.core.goal import WeeklyGoal
from breathe.history.records import HistorySummary, HistoryUnavailable
from breathe.history.store import HistoryStore
from breathe.history.storefile import describe, is_damage
from breathe.system import paths

T = TypeVar("T")
Tell = Callable[[str], None]


def writable(path: Path) -> bool:
    """Can breathe write the history file (and the files SQLite keeps beside it)?"""
    return os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)


def open_for_reading(tell: Tell, check: bool = False) -> HistoryStore | None:
    """The store, stale sessions already marked (read-only where nothing can be written);
    None when nothing was ever saved."""
    path = paths.history_file()
    if not path.exists():
        return None
    read_only = not writable(path)
    try:
        store = HistoryStore.open(path, check=check and not read_only, read_only=read_only)
    except HistoryUnavailable as exc:
        if read_only:
            raise
        # A full disk (or a file that turned read-only): a read needs no writing.
        try:
            store = HistoryStore.open(path, check=False, read_only=True)
        except HistoryUnavailable:
            raise exc from None
    for notice in store.notices:
        tell(notice)
    return store


def read_history(tell: Tell, read: Callable[[HistoryStore], T], empty: T) -> T:
    """Read without the whole-file check; should the read meet damage, check, move the file
    aside (reported) and read the new, empty one. Raises only HistoryUnavailable: callers
    need not know the store is SQLite."""
    store = open_for_reading(tell)
    if store is None:
        return empty
    try:
        with store:
            return read(store)
    except sqlite3.Error as exc:
        if not is_damage(exc):
            raise _unavailable(exc, store.path) from None
    store = open_for_reading(tell, check=True)
    if store is None:
        return empty
    try:
        with store:
            return read(store)
    except sqlite3.Error as exc:
        raise _unavailable(exc, store.path) from None


@contextmanager
def history_errors() -> Iterator[None]:
    """Around reads that go on after opening (an export streaming every row): a file that
    turns out damaged or unreadable midway is the one error type callers know."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _unavailable(exc, paths.history_file()) from None


def _unavailable(exc: sqlite3.Error, path: Path) -> HistoryUnavailable:
    return HistoryUnavailable(f"cannot read the history file {path} ({describe(exc, path)})")


def open_for_session(tell: Tell) -> HistoryStore | None:
    """The store for a session about to run, or None after one warning that it won't be saved."""
    try:
        store = HistoryStore.open()
    except HistoryUnavailable as exc:
        tell(f"warning: {exc}; this session will not be saved")
        return None
    for notice in store.notices:
        tell(notice)
    store.reserve()
    return store


def _never() -> bool:
    return False


class StoreView:
    """The history screen's source: read afresh each time it is shown, errors as sentences."""

    def __init__(self, store: HistoryStore, goal: WeeklyGoal | None = None) -> None:
        self._store = store
        self.goal = goal
        self._notices: tuple[str, ...] | None = None

    @property
    def opening_notices(self) -> tuple[str, ...]:
        """What opening the file found: told at once, whatever becomes of the scan."""
        return tuple(self._store.notices)

    def notices(self, stop: Callable[[], bool] = _never) -> tuple[str, ...]:
        """The odd rows found by a scan of the whole file, made when first asked for, on a
        read-only connection of its own: the screen asks from a worker thread, so 50,000
        rows do not hold its keys up. Once `stop()` is true the scan is given up (nobody is
        left to tell) and nothing is kept, so a later ask scans again."""
        if self._notices is None:
            odd = self._odd_rows(stop)
            if stop():
                return ()
            self._notices = tuple(odd)
        return self._notices

    def _odd_rows(self, stop: Callable[[], bool]) -> list[str]:
        from breathe.history.beside import read_apart
        from breathe.history.queries import odd_row_ids

        # A read-only store may be `immutable` (see HistoryStore.open): that, if mode=ro fails.
        modes = ("mode=ro", "immutable=1") if self._store.read_only else ("mode=ro",)
        try:
            odd = read_apart(self._store.path, odd_row_ids, stop, modes)
        except sqlite3.Error:
            return []  # the summary says what is wrong with the file; or it was given up
        if not odd:
            return []
        more, verb = (f" and {len(odd) - 1} more", "have") if len(odd) > 1 else ("", "has")
        return [
            f"session {odd[0]}{more} in the history file {self._store.path} {verb} values "
            "breathe cannot read; shown as 'bad row'"
        ]

    @classmethod
    def open(cls, goal: WeeklyGoal | None = None) -> StoreView:
        """Raises HistoryUnavailable; a quick open (the next session checks the whole file)."""
        path = paths.history_file()
        read_only = path.exists() and not writable(path)
        try:
            return cls(HistoryStore.open(path, check=False, read_only=read_only), goal)
        except HistoryUnavailable as exc:
            if read_only or not path.exists():
                raise
            try:  # a full disk: reading needs no room
                return cls(HistoryStore.open(path, check=False, read_only=True), goal)
            except HistoryUnavailable:
                raise exc from None

    def summary(self, today: date | None, recent: int) -> HistorySummary:
        try:
            return self._store.summary(today, recent=recent, goal=self.goal)
        except sqlite3.Error as exc:
            raise HistoryUnavailable(
                f"The history file {self._store.path} could not be read "
                f"({describe(exc, self._store.path)})."
            ) from None

    def close(self) -> None:
        self._store.close()
