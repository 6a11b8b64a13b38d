"""One way to start (issue 22): the palette starts as Enter on the home screen does, shows
the cadence that will run, and opens History, Help and the weekly goal as their keys do."""

from __future__ import annotations

import pytest
from textual.command import Hit

from breathe.history.store import HistoryStore
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.ui.app import BreatheApp
from breathe.ui.palette import ExerciseCommands
from breathe.ui.screens.dialogs import HOME_KEYS, HelpScreen, TensionBeforeScreen
from breathe.ui.screens.history import HistoryScreen
from breathe.ui.screens.home import HomeScreen
from breathe.ui.screens.session import SessionScreen
from tests.helpers.history import seed_paced
from tests.helpers.pilot import text

pytestmark = pytest.mark.app


async def _hit(app: BreatheApp, query: str) -> Hit:
    hits = [h async for h in ExerciseCommands(app.screen).search(query) if isinstance(h, Hit)]
    assert hits, query
    return max(hits, key=lambda hit: hit.score)


def _wall_at_its_second_step() -> None:
    with HistoryStore.open() as store:
        seed_paced(store, "wall", "3-0-6-3", "4 breaths x 3", ["right"] * 3)


async def test_palette_start_asks_the_tension_question_and_runs_the_step_it_shows(
    safety_seen: None,
) -> None:
    _wall_at_its_second_step()
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert text(app, "#detail-next").startswith("next: 3 · 0 · 7 · 3, up from 6 s")
            hit = await _hit(app, "Start: Wall breathing")
            assert hit.help is not None
            assert hit.help.startswith("exercise: 3 · 0 · 7 · 3, ")  # the step that runs
            assert "3 · 0 · 6 · 3" not in hit.help
            hit.command()
            await pilot.pause()
            assert isinstance(app.screen, TensionBeforeScreen)  # as Enter on home asks
            await pilot.press("4", "enter")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            assert app.screen.run.plan.pattern_text == "3-0-7-3"
            await pilot.press("q", "y")
            await pilot.pause()
    finally:
        services.close()
    with HistoryStore.open() as store:
        newest = store.sessions()[0]
    assert (newest.pattern, newest.tension_before) == ("3-0-7-3", 4)


async def test_palette_start_keeps_what_the_user_set_on_home(safety_seen: None) -> None:
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.screen.query_one("#picker").focus()
            await pilot.press("plus")  # wall: 5 breaths a set on home
            await pilot.pause()
            hit = await _hit(app, "Start: Wall breathing")
            hit.command()
            await pilot.pause()
            await pilot.press("enter")  # skip the tension question
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            assert app.screen.run.plan.planned == "5 breaths x 3"
            await pilot.press("q", "y")
            await pilot.pause()
    finally:
        services.close()


async def test_palette_offers_history_help_and_the_goal(safety_seen: None) -> None:
    from breathe.history.access import StoreView
    from tests.helpers.services import FakeServices

    HistoryStore.open().close()
    goals: list[object] = []

    class GoalServices(FakeServices):
        def set_weekly_goal(self, goal: object) -> None:
            goals.append(goal)

    app = BreatheApp(services=GoalServices(history=StoreView.open))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        names = [str(hit.text) async for hit in ExerciseCommands(app.screen).discover()]
        assert names[-3:] == ["History", "Help", "Weekly goal"]
        assert all(name in dict(HOME_KEYS)["ctrl+p"] for name in names[-3:])  # help names them
        (await _hit(app, "History")).command()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        (await _hit(app, "Help")).command()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.groups[0][0] == "Home"  # the home screen's `?`
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        (await _hit(app, "Weekly goal")).command()
        await pilot.pause()
        assert len(goals) == 1 and goals[0] is not None  # the first of the goals, as `g`
        (await _hit(app, "Start: Box breathing")).command()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        during = [str(hit.text) async for hit in ExerciseCommands(app.screen).discover()]
        assert during and all(name.startswith("Start: ") for name in during)


async def test_p_holds_the_step_the_detail_pane_shows(safety_seen: None) -> None:
    _wall_at_its_second_step()
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert text(app, "#detail-next").startswith("next: 3 · 0 · 7 · 3, up from 6 s")
            await pilot.press("p")
            await pilot.pause()
            assert text(app, "#detail-next") == (
                "next: 3 · 0 · 7 · 3, held at 7 s  (p: let it move, P: reset)"
            )
            await pilot.press("enter", "enter")  # start, skip the tension question
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            assert app.screen.run.plan.pattern_text == "3-0-7-3"
            await pilot.press("q", "y")
            await pilot.pause()
            await pilot.press("enter", "enter")  # skip the rating, then home
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert text(app, "#detail-next").startswith("next: 3 · 0 · 7 · 3, held at 7 s")
            await pilot.press("p")  # let it move: the rules decide again
            await pilot.pause()
            assert "held" not in text(app, "#detail-next")
    finally:
        services.close()
