"""Start-up order: a session from the command line paints before anything it does not show."""

from __future__ import annotations

from breathe import app_state
from breathe.app import BreatheApp, HomeLater
from breathe.catalogue import Catalogue
from breathe.plan import plan_session
from breathe.screens.home import HomeScreen
from breathe.screens.session import SessionScreen

START = 1000.0


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


async def test_home_is_built_only_when_first_shown() -> None:
    app_state.mark_safety_seen()
    app = BreatheApp(plan_session(Catalogue(), "wall"), get_time=FakeClock())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert isinstance(app.screen_stack[0], HomeLater)
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        await pilot.press("q")  # wall has a fixed dose: q asks first
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("enter")  # the summary: skip the rating
        await pilot.press("enter")  # then home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.selected_id == "wall"


async def test_without_the_safety_text_seen_the_dialog_stands_over_home() -> None:
    app = BreatheApp(plan_session(Catalogue(), "wall"), get_time=FakeClock())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen_stack[0], HomeScreen)
