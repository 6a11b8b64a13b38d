"""The history screen's notices: the scan of the whole file for odd rows runs in a worker
thread after the first frame, so keys are answered while it runs, and closing the screen or
the app stops it. The scan is made slow at its edge (`queries.odd_row_ids`): a query that
only SQLite's stop check ends, so a scan that is never stopped fails the test by its clock."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable

from breathe.history import queries
from breathe.history.access import StoreView
from breathe.history.records import SessionEnd, SessionStart
from breathe.history.store import HistoryStore
from breathe.ui.screens.history import HistoryScreen
from tests.helpers.notices import recorded

pytestmark = pytest.mark.app

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc)
# Tens of seconds of SQLite work: ended within the test's wait only by the stop check.
SPIN = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400000000) "
    "SELECT count(*) FROM c"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as s:
        for i in range(30):
            start = SessionStart(T0 + timedelta(hours=i), "wall", "Wall", "3-0-6-3", "ha", "4")
            s.record(start, SessionEnd("completed", start.started_at, 4, 60.0, tension_after=2))
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA ignore_check_constraints = 1")
        conn.execute("UPDATE sessions SET breaths = 'abc' WHERE id = 7")
        conn.commit()
        conn.close()
        yield s


class SlowScan:
    """`odd_row_ids` that runs until SQLite's progress handler (the stop check) ends it."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.ended = threading.Event()
        self.thread = ""

    def __call__(self, conn: sqlite3.Connection) -> list[int]:
        self.thread = threading.current_thread().name
        self.started.set()
        try:
            conn.execute(SPIN).fetchall()
        finally:
            self.ended.set()
        return [1]


async def wait_for(event: threading.Event, seconds: float = 5.0) -> bool:
    return await asyncio.to_thread(event.wait, seconds)


async def test_an_odd_row_still_gives_its_warning_toast_from_a_worker_thread(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    real = queries.odd_row_ids

    def watched(conn: sqlite3.Connection) -> list[int]:
        threads.append(threading.current_thread().name)
        return real(conn)

    monkeypatch.setattr(queries, "odd_row_ids", watched)
    app: App[None] = App()
    told = recorded(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = HistoryScreen(StoreView(store), today=date(2026, 3, 5))
        await app.push_screen(screen)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(told) == 1, told
        message, severity = told[0]
        assert severity == "warning"
        assert message.startswith("session 7 in the history file") and "'bad row'" in message
    assert len(threads) == 1 and threads[0] != threading.main_thread().name


async def test_keys_are_answered_while_a_slow_scan_runs_and_esc_stops_it(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = SlowScan()
    monkeypatch.setattr(queries, "odd_row_ids", scan)
    app: App[None] = App()
    told = recorded(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = HistoryScreen(StoreView(store), today=date(2026, 3, 5))
        await app.push_screen(screen)
        await pilot.pause()
        assert await wait_for(scan.started)
        table = screen.query_one("#sessions", DataTable)
        table.focus()
        await pilot.pause()
        before = table.cursor_row
        await pilot.press("down")
        assert table.cursor_row == before + 1  # answered while the scan runs
        assert not scan.ended.is_set()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen  # closed mid-scan
        assert await wait_for(scan.ended)  # and the scan given up, not run to its end
        await pilot.pause()
        assert not told  # nobody left to tell
    assert scan.thread != threading.main_thread().name


async def test_quitting_the_app_mid_scan_stops_the_scan(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = SlowScan()
    monkeypatch.setattr(queries, "odd_row_ids", scan)
    app: App[None] = App()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(HistoryScreen(StoreView(store), today=date(2026, 3, 5)))
        await pilot.pause()
        assert await wait_for(scan.started)
        quit_at = time.monotonic()
    assert await wait_for(scan.ended)
    assert time.monotonic() - quit_at < 5.0


async def test_what_opening_found_is_told_at_once_even_if_the_scan_is_cut_short(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged file moved aside when the store opened is said as the screen shows, not
    after the scan: closing the screen mid-scan must not lose it (it is not found again)."""
    scan = SlowScan()
    monkeypatch.setattr(queries, "odd_row_ids", scan)
    moved = "the history file was damaged; it was moved aside and a new one started"
    monkeypatch.setattr(store, "notices", [moved])
    app: App[None] = App()
    told = recorded(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = HistoryScreen(StoreView(store), today=date(2026, 3, 5))
        await app.push_screen(screen)
        await pilot.pause()
        assert await wait_for(scan.started)
        await pilot.press("escape")  # closed mid-scan
        await pilot.pause()
        assert await wait_for(scan.ended)
        await pilot.pause()
    assert told == [(moved, "warning")]
