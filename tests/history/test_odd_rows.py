"""Issue 14, defect 8: rows with odd values (hand-edited, another version) are shown as bad
rows and reported once; never a crash of the table, the JSON, the export or the screen."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable

from breathe.history.access import StoreView
from breathe.history.records import SessionEnd, SessionRecord, SessionStart
from breathe.history.store import HistoryStore
from breathe.ui.screens.history import HistoryScreen
from tests.helpers.cli import run_main
from tests.helpers.notices import recorded

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc)

ODD = (
    "UPDATE sessions SET breaths = 'abc', active_s = 'x', started_at = 'yesterday', "
    "status = 'weird', tension_before = 99, exercise_id = x'00ff', local_date = 'garbage', "
    "tension_after = -1, paused_s = 1e999 WHERE id = 2"
)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    path = tmp_path / "user-data" / "history.sqlite3"
    with HistoryStore.open(path) as store:
        for i in range(3):
            start = SessionStart(T0 + timedelta(days=i), "wall", "Wall", "3-0-6-3", "ha", "4")
            store.record(start, SessionEnd("completed", start.started_at, 4, 60.0, 0, 2, 5))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = 1")
    conn.execute(ODD)
    conn.commit()
    conn.close()
    return path


def test_a_row_is_checked_value_by_value() -> None:
    row = (7, "later", None, b"\x00", None, "4-4", "ha", "4", "abc", float("nan"), -1.0)
    heart = (-1, None, None, 1.5, "800,x")
    record = SessionRecord.from_row((*row, "odd", 11, True, "", "0.1", None, "meh", *heart))
    assert record.problem is not None
    for name in ("started_at", "exercise", "breaths", "active_s", "paused_s", "status", "felt"):
        assert name in record.problem
    for name in ("heart_bpm", "heart_beats", "heart_rr_ms"):
        assert name in record.problem
    assert (record.breaths, record.active_s, record.tension_before) == (0, 0.0, None)
    assert record.tension_after is None  # True is not a tension
    good = (1, T0.isoformat(), None, "wall", None, "4-4", "ha", "4", 3, 9.0, 0.0, "completed")
    good_row = (*good, 2, None, "", "0.1", "u-1", "right", 75.0, 9.5, 40.0, 3, "800,800.5,799")
    assert SessionRecord.from_row(good_row).problem is None


def test_history_table_json_and_export_carry_on(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(["history"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 4 and sum("bad row" in line for line in lines) == 1
    (warning,) = err.splitlines()
    assert warning.startswith(f"breathe: warning: session 2 in the history file {history} has")
    assert "breaths='abc'" in warning and warning.endswith("shown as 'bad row'")
    code, out, _ = run_main(["history", "--json"], capsys)
    assert code == 0 and len(json.loads(out)) == 3
    code, out, err = run_main(["export", "--format", "csv"], capsys)
    # The odd row is left out, named, never written with made-up values: the export re-imports.
    assert code == 0 and len(out.splitlines()) == 3
    assert err.startswith("breathe: left out 1 stored session that could not be written as ")
    assert "id 2: " in err


def test_an_export_with_odd_rows_left_out_always_re_imports(
    history: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    conn = sqlite3.connect(history)
    conn.execute("PRAGMA ignore_check_constraints = 1")
    conn.execute("UPDATE sessions SET breaths = -5, felt = 'meh' WHERE id = 3")
    conn.commit()
    conn.close()
    for form in ("csv", "json"):
        out_file = tmp_path / f"all.{form}"
        code, _, err = run_main(["export", "--output", str(out_file)], capsys)
        assert code == 0 and "left out 2 stored sessions" in err, err
        monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / f"elsewhere-{form}"))
        code, out, err = run_main(["import", str(out_file)], capsys)
        assert (code, out) == (0, "1 added, 0 already present, 0 skipped\n"), err
        monkeypatch.setenv("BREATHE_DATA_DIR", str(history.parent))


@pytest.mark.app
async def test_history_screen_shows_the_bad_row(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    with HistoryStore.open(history, check=False) as store:
        view = StoreView(store)
        (notice,) = view.notices()  # said once, when the screen opens
        assert notice.startswith("session 2 in the history file") and "'bad row'" in notice
        app: App[None] = App()
        async with app.run_test(size=(100, 30)) as pilot:
            await app.push_screen(HistoryScreen(StoreView(store), today=date(2026, 3, 5)))
            await pilot.pause()
            table = app.screen.query_one("#sessions", DataTable)
            assert table.row_count == 3
            cells = [[str(c) for c in table.get_row_at(i)] for i in range(3)]
            assert sum("bad row" in row for row in cells) == 1


@pytest.mark.app
async def test_the_screen_tells_the_odd_rows_once_after_its_first_frame(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    from textual.screen import Screen

    with HistoryStore.open(history, check=False) as store:
        view = StoreView(store)
        app: App[None] = App()
        told = recorded(app)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await app.push_screen(HistoryScreen(view, today=date(2026, 3, 5)))
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert len(told) == 1 and told[0][0].startswith("session 2 in the history file")
            first = list(told)
            await app.push_screen(Screen())
            await app.pop_screen()  # shown again: read afresh, not told again
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert told == first


def test_the_notices_scan_is_given_up_once_told_to_stop(history: Path) -> None:
    with HistoryStore.open(history, check=False) as store:
        view = StoreView(store)
        assert view.notices(lambda: True) == ()  # given up: nothing found, nothing kept
        (notice,) = view.notices()  # asked again, scanned: the given-up answer was not kept
        assert notice.startswith("session 2 in the history file")


def test_the_notices_scan_reads_a_read_only_store_on_its_own_connection(history: Path) -> None:
    with HistoryStore.open(history, check=False, read_only=True) as store:
        (notice,) = StoreView(store).notices()
        assert notice.startswith("session 2 in the history file")


def test_a_read_apart_stops_when_told(history: Path) -> None:
    from breathe.history.beside import read_apart

    spin = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400000000) "
        "SELECT count(*) FROM c"
    )
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        read_apart(history, lambda c: c.execute(spin).fetchall(), lambda: True)
