"""The history screen over a seeded store, driven headless with Pilot."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Static

from breathe.core.goal import WeeklyGoal
from breathe.history.access import StoreView
from breathe.history.records import HistorySummary, SessionEnd, SessionStart
from breathe.history.store import HistoryStore
from breathe.ui.screens.history import HistoryScreen
from breathe.ui.widgets.history_charts import DayChart, PhrasedText, TensionChart

pytestmark = pytest.mark.app

TODAY = date(2026, 3, 12)  # a Thursday; the week began on Monday 9 March


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / "data"))


def session(day: date, minutes: float, exercise: str = "wall", **end: object) -> tuple:  # type: ignore[type-arg]
    start = datetime(day.year, day.month, day.day, 7, 0, tzinfo=timezone.utc)
    # A user's exercise name may hold brackets: they are shown, never taken as markup.
    names = {"wall": "Wall [b]breathing[/b]", "hooklying": "Hooklying reset"}
    return (
        SessionStart(
            started_at=start,
            exercise_id=exercise,
            exercise_name=names[exercise],
            pattern="3-0-6-3",
            exhale="ha",
            planned="5 min",
            tension_before=end.pop("before", None),  # type: ignore[arg-type]
        ),
        SessionEnd(
            status=str(end.pop("status", "completed")),
            ended_at=start + timedelta(minutes=minutes),
            breaths=int(minutes * 5),
            active_s=minutes * 60,
            tension_after=end.pop("after", None),  # type: ignore[arg-type]
        ),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "history.sqlite3") as s:
        sessions = [
            # Last week: 1 to 5 March, five days in a row (the longest streak), 10 min each.
            *(session(date(2026, 3, d), 10) for d in range(1, 6)),
            # 6, 7, 8 March missed; this week 10, 11, 12 March: the current streak of 3.
            session(date(2026, 3, 10), 4, "hooklying", before=7, after=3),
            session(date(2026, 3, 11), 6, before=6, after=4, status="ended_early"),
            session(TODAY, 5),
            session(TODAY, 2.5, "hooklying"),
        ]
        s.record_many(sessions)
        yield s


class Host(App[None]):
    """A bare app, as the real one will be: the screen is pushed over it."""


def text_of(app: App[None], selector: str) -> str:
    """What the widget shows (after any markup would have been applied); for text broken
    between phrases to fit its column, the text before it is broken."""
    widget = app.screen.query_one(selector, Static)
    return widget.text if isinstance(widget, PhrasedText) else str(widget.render())


async def test_history_screen_shows_totals_streaks_and_sessions(store: HistoryStore) -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(HistoryScreen(StoreView(store), today=TODAY))
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert text_of(app, "#totals") == (
            "This week: 4 sessions, 18 min\nAll time:  9 sessions, 68 min"
        )
        assert text_of(app, "#streaks") == "Current streak: 3 days\nLongest streak: 5 days"
        per_exercise = str(app.screen.query_one("#per-exercise").render()).splitlines()
        assert per_exercise[0].startswith("Wall [b]") and per_exercise[0].endswith("61 min")
        assert per_exercise[1].startswith("Hooklying reset") and "6.5 min" in per_exercise[1]
        tension = text_of(app, "#tension")
        assert "average before 6.5 -> after 3.5" in tension and "3.0 calmer" in tension
        assert text_of(app, "#insights").splitlines() == [
            "What helps you (tension after - before; negative is calmer)",
            "Hooklying reset: needs more data (1 of 5 sessions rated before and after)",
            "Wall [b]breathing[/b]: needs more data (1 of 5 sessions rated before and after)",
        ]
        per_day = app.screen.query_one("#per-day", DayChart).days
        assert len(per_day) == 30
        assert [m for _, m in per_day][-3:] == [4.0, 6.0, 7.5]
        chart = str(app.screen.query_one("#per-day", DayChart).render()).splitlines()
        assert chart[3].startswith("W T F S S M T") and chart[4] == "Feb 11" + "Mar 12".rjust(54)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 9
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][1:3] == ["2026-03-12 07:00", "Hooklying reset"]
        assert rows[2][6:] == ["ended early", "6 -> 4"]
        assert rows[-1][1:3] == ["2026-03-01 07:00", "Wall [b]breathing[/b]"]

        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)


async def test_history_screen_shows_what_helps_from_five_rated_sessions(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "history.sqlite3") as s:
        s.record_many(
            session(date(2026, 3, d), 5, "hooklying", before=6, after=6 - d % 3)
            for d in range(1, 7)
        )
        app = Host()
        async with app.run_test(size=(100, 30)) as pilot:
            await app.push_screen(HistoryScreen(StoreView(s), today=TODAY))
            await pilot.pause()
            # Changes -1 -2 0 -1 -2 0: mean -1, s^2 = 0.8, half = 2.571 * sqrt(0.8 / 6) = 0.94.
            assert text_of(app, "#insights").splitlines()[1] == (
                "Hooklying reset: -1.0 points on average (n = 6, 95 % interval -1.9 to -0.1)"
            )


async def test_history_screen_reloads_when_shown_again(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[date | None] = []
    summary = store.summary

    def counting(
        today: date | None = None, recent: int = 200, goal: WeeklyGoal | None = None
    ) -> HistorySummary:
        loads.append(today)
        return summary(today, recent, goal)

    monkeypatch.setattr(store, "summary", counting)
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = HistoryScreen(StoreView(store), today=TODAY)
        app.install_screen(screen, "history")
        await app.push_screen("history")
        await pilot.pause()
        assert loads == [TODAY]
        await pilot.press("q")
        store.record(*session(TODAY, 10))
        await app.push_screen("history")
        await pilot.pause()
        assert text_of(app, "#totals").startswith("This week: 5 sessions, 28 min")
        assert loads == [TODAY, TODAY]  # once per showing, not once more on mount


async def test_history_screen_with_no_sessions(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "empty.sqlite3") as store:
        app = Host()
        async with app.run_test(size=(100, 30)) as pilot:
            await app.push_screen(HistoryScreen(StoreView(store), today=TODAY))
            await pilot.pause()
            assert text_of(app, "#streaks") == "Current streak: 0 days\nLongest streak: 0 days"
            assert text_of(app, "#sessions-caption").startswith("No sessions yet")
            hint = text_of(app, "#tension")
            assert "No ratings yet: answer the 0-10 question asked before" in hint
            assert "--tension" not in text_of(app, "#tension")  # the app's own prompt
            assert text_of(app, "#totals") == (
                "This week: 0 sessions, 0 min\nAll time:  0 sessions, 0 min"
            )
            assert not app.screen.query_one("#tension-after", TensionChart).display


async def test_history_screen_from_a_summary_caps_the_list(store: HistoryStore) -> None:
    summary = store.summary(TODAY, recent=4)
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(HistoryScreen(summary))
        await pilot.pause()
        assert app.screen.query_one("#sessions", DataTable).row_count == 4
        assert text_of(app, "#sessions-caption") == (
            "Sessions, newest first (4 of 9; 'breathe export' has all)"
        )


async def test_history_screen_says_when_the_file_cannot_be_read(store: HistoryStore) -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        store.conn.close()  # every read now fails
        await app.push_screen(HistoryScreen(StoreView(store), today=TODAY))
        await pilot.pause()
        caption = text_of(app, "#sessions-caption")
        assert caption.startswith(f"The history file {store.path} could not be read")
        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)


async def test_the_newest_session_with_heart_data_is_told_under_the_caption(
    store: HistoryStore,
) -> None:
    from breathe.history.heart import HeartFigures

    start, end = session(TODAY, 3)
    figures = HeartFigures(bpm=71.6, swing_bpm=8.4, rmssd_ms=44.2, beats=200)
    store.record(start, SessionEnd(**{**end.__dict__, "heart": figures}))
    store.record(*session(TODAY, 1))  # newer, without heart data
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(HistoryScreen(store.summary(TODAY)))
        await pilot.pause()
        caption = text_of(app, "#sessions-caption").splitlines()
        assert caption[1] == "Heart, 2026-03-12 07:00: 72 bpm · swing 8 · RMSSD 44 ms"


async def test_no_heart_line_without_heart_data(store: HistoryStore) -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(HistoryScreen(store.summary(TODAY)))
        await pilot.pause()
        assert "Heart" not in text_of(app, "#sessions-caption")


async def test_a_table_filled_again_before_its_later_rows_came_has_them_once(
    tmp_path: Path,
) -> None:
    from tests.helpers.history import SEED_TODAY, seed_sessions

    with HistoryStore.open(tmp_path / "history.sqlite3") as s:
        seed_sessions(s, 200)
        summary = s.summary(SEED_TODAY)
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = HistoryScreen(summary)
        await app.push_screen(screen)
        screen._fill_table(summary)  # as a resize does, before the first fill's rest came
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 200
        assert [str(table.get_row_at(i)[0]) for i in (0, 199)] == ["1", "200"]


async def test_the_first_read_runs_beside_the_screen_being_composed(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    readers: list[str] = []
    summary = store.summary

    def watched(
        today: date | None = None, recent: int = 200, goal: WeeklyGoal | None = None
    ) -> HistorySummary:
        readers.append(threading.current_thread().name)
        return summary(today, recent, goal)

    monkeypatch.setattr(store, "summary", watched)
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = HistoryScreen(StoreView(store), today=TODAY)
        await app.push_screen(screen)
        await pilot.pause()
        assert text_of(app, "#totals").startswith("This week: 4 sessions")
        await app.push_screen(HistoryScreen(summary(TODAY)))
        await app.pop_screen()
        await pilot.pause()
    # The first read in its own thread; shown again, read where the screen runs.
    assert readers == ["history-read", threading.main_thread().name]
