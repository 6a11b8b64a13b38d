"""Snapshots of the screens against a fake clock (update with --snapshot-update, after looking).

The session screen in every phase at four sizes, and in every colour mode at 100x30. The SVG
is always drawn in 24-bit colour; the 256- and 16-colour palettes are made of colours the
terminal's downgrade maps to themselves, so what the SVG shows is what those terminals show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.system import app_state
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
from tests.helpers.clock import FakeClock
from tests.helpers.screen import PHASES, at_phase, every_phase_app
from tests.helpers.services import FakeServices

pytestmark = pytest.mark.app

SIZE = (80, 24)
SIZES = [(40, 12), (80, 24), (100, 30), (200, 60)]

# (TEXTUAL_COLOR_SYSTEM, theme, NO_COLOR)
COLOUR_MODES: dict[str, tuple[str, str | None, bool]] = {
    "truecolor-light": ("truecolor", "textual-light", False),
    "256": ("256", None, False),
    "16": ("standard", None, False),
    "16-light": ("standard", "textual-light", False),
    "no-color": ("truecolor", None, True),
}


@pytest.fixture(autouse=True)
def _steady(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app_state.mark_safety_seen()


def box_app(clock: FakeClock, breaths: int = 2) -> BreatheApp:
    plan = plan_session(Catalogue(), "box", DoseChoice(breaths=breaths))
    return BreatheApp(plan, get_time=clock, services=FakeServices())


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
    assert snap_compare(
        BreatheApp(get_time=FakeClock(), services=FakeServices()), terminal_size=SIZE
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("phase", list(PHASES))
def test_session(snap_compare: Any, phase: str, size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = every_phase_app(clock)
    assert snap_compare(app, terminal_size=size, run_before=at_phase(clock, phase))


@pytest.mark.parametrize("phase", ["hold", "rest"])
@pytest.mark.parametrize("mode", list(COLOUR_MODES))
def test_session_colours(
    snap_compare: Any, monkeypatch: pytest.MonkeyPatch, mode: str, phase: str
) -> None:
    system, theme, no_color = COLOUR_MODES[mode]
    monkeypatch.setattr("textual.constants.COLOR_SYSTEM", system)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    clock = FakeClock()
    app = every_phase_app(clock, theme)
    assert snap_compare(app, terminal_size=(100, 30), run_before=at_phase(clock, phase))


def test_summary(snap_compare: Any) -> None:
    clock = FakeClock()
    # Box at the first step of its ladder (3 min, so the pace check is asked): 12 breaths
    # of 16 s after the count-in, then past the end.
    plan = plan_session(Catalogue(), "box", DoseChoice(minutes=Fraction(3)))
    app = BreatheApp(plan, get_time=clock, services=FakeServices())
    assert snap_compare(app, terminal_size=SIZE, run_before=at(clock, 3 + 12 * 16 + 1))


def test_help(snap_compare: Any) -> None:
    async def open_help(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.pause()

    app = BreatheApp(get_time=FakeClock(), services=FakeServices())
    assert snap_compare(app, terminal_size=SIZE, run_before=open_help)


@pytest.fixture
def seeded_history(monkeypatch: pytest.MonkeyPatch) -> Iterator[App[None]]:
    """200 sessions, one named with an emoji, on the history screen (in UTC, so the day
    labels do not depend on the machine)."""
    import time

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
        yield Host()
    finally:
        store.close()


def test_history(snap_compare: Any, seeded_history: App[None]) -> None:
    """Stacked at 80x24."""
    assert snap_compare(seeded_history, terminal_size=SIZE)


def test_history_sessions(snap_compare: Any, seeded_history: App[None]) -> None:
    """With Tab on the sessions table: it fills the screen, header on top."""
    assert snap_compare(seeded_history, terminal_size=SIZE, press=["tab", "down", "down"])


@pytest.fixture
def weeks_of_history(monkeypatch: pytest.MonkeyPatch) -> Iterator[App[None]]:
    """Twenty sessions over three weeks with the "Before the run" routine, named from the
    catalogue as the app does, the pace check changeable."""
    import time

    from breathe.history.access import StoreView
    from breathe.history.store import HistoryStore
    from breathe.ui.screens.history import HistoryScreen
    from tests.helpers.history import SEED_TODAY, seed_weeks

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    store = HistoryStore.open()
    seed_weeks(store)
    names = {r.id: r.name for r in Catalogue().routines}

    class Host(App[None]):
        def on_mount(self) -> None:
            screen = HistoryScreen(
                StoreView(store), today=SEED_TODAY, routine_names=names, on_pace=store.set_felt
            )
            self.push_screen(screen)

    try:
        yield Host()
    finally:
        store.close()


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_history_with_a_routine(
    snap_compare: Any, weeks_of_history: App[None], size: tuple[int, int]
) -> None:
    """Routine names, the charts' colours, the tension scale, the months, the pace line."""
    assert snap_compare(weeks_of_history, terminal_size=size)
