"""Snapshots of the screens at 80x24 against a fake clock (update with --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.system import app_state
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
from tests.helpers.clock import FakeClock

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _steady(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app_state.mark_safety_seen()


def box_app(clock: FakeClock, breaths: int = 2) -> BreatheApp:
    plan = plan_session(Catalogue(), "box", DoseChoice(breaths=breaths))
    return BreatheApp(plan, get_time=clock)


def at(clock: FakeClock, seconds: float) -> Callable[[Pilot[Any]], Any]:
    """Before the shot: move the clock to `seconds` into the session and draw that frame."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.at(seconds)
        screen = pilot.app.screen
        if isinstance(screen, SessionScreen):
            screen.tick()
        await pilot.pause()

    return run_before


def test_home(snap_compare: Any) -> None:
    assert snap_compare(BreatheApp(get_time=FakeClock()), terminal_size=SIZE)


def test_session_inhale(snap_compare: Any) -> None:
    clock = FakeClock()
    # Box breathing 4-4-4-4 after a 3 s count-in: 1.5 s into the first inhale.
    assert snap_compare(box_app(clock), terminal_size=SIZE, run_before=at(clock, 3 + 1.5))


def test_session_hold(snap_compare: Any) -> None:
    clock = FakeClock()
    assert snap_compare(box_app(clock), terminal_size=SIZE, run_before=at(clock, 3 + 4 + 2))


def test_session_exhale(snap_compare: Any) -> None:
    clock = FakeClock()
    assert snap_compare(box_app(clock), terminal_size=SIZE, run_before=at(clock, 3 + 8 + 1))


def test_session_small_terminal(snap_compare: Any) -> None:
    clock = FakeClock()
    assert snap_compare(box_app(clock), terminal_size=(40, 12), run_before=at(clock, 3 + 8 + 1))


def test_summary(snap_compare: Any) -> None:
    clock = FakeClock()
    # One breath of 16 s after the count-in, then past the end.
    assert snap_compare(box_app(clock, breaths=1), terminal_size=SIZE, run_before=at(clock, 20))


def test_help(snap_compare: Any) -> None:
    async def open_help(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.pause()

    app = BreatheApp(get_time=FakeClock())
    assert snap_compare(app, terminal_size=SIZE, run_before=open_help)


def test_history(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """200 sessions, one named with an emoji, stacked at 80x24."""
    import time

    from textual.app import App

    from breathe.history.access import StoreView
    from breathe.history.store import HistoryStore
    from breathe.ui.screens.history import HistoryScreen
    from tests.helpers.history import SEED_TODAY, seed_sessions

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    store = HistoryStore.open()
    seed_sessions(store)

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(HistoryScreen(StoreView(store), today=SEED_TODAY))

    try:
        assert snap_compare(Host(), terminal_size=SIZE)
    finally:
        store.close()


def test_history_sessions(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, with Tab on the sessions table: it fills the screen, header on top."""
    import time

    from textual.app import App

    from breathe.history.access import StoreView
    from breathe.history.store import HistoryStore
    from breathe.ui.screens.history import HistoryScreen
    from tests.helpers.history import SEED_TODAY, seed_sessions

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    store = HistoryStore.open()
    seed_sessions(store)

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(HistoryScreen(StoreView(store), today=SEED_TODAY))

    try:
        assert snap_compare(Host(), terminal_size=SIZE, press=["tab", "down", "down"])
    finally:
        store.close()
