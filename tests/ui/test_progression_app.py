"""Progression in the app with the real history file: three "about right" sessions, then
home shows the next step and starts it; `breathe run` uses it and `--pattern` overrides it."""

from __future__ import annotations

import pytest

from breathe.history.store import HistoryStore
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.ui.app import BreatheApp
from breathe.ui.screens.home import HomeScreen
from breathe.ui.screens.session import SessionScreen
from breathe.ui.screens.summary import SummaryScreen
from tests.helpers.cli import run_main
from tests.helpers.clock import FakeClock
from tests.helpers.history import seed_paced
from tests.helpers.pilot import at, fixed_wall_clock, text
from tests.helpers.services import FakeServices

pytestmark = pytest.mark.app

WALL_SIT = 3 + 5 * 13  # count-in, then 5 breaths of 4-0-7-2


def home(app: BreatheApp) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    return screen


async def test_three_about_right_sessions_then_home_shows_and_starts_the_next_step(
    safety_seen: None, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock()
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(get_time=clock, wall_clock=fixed_wall_clock, services=services, muted=True)
    t = 0.0
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            home(app).select("wall-sit")
            await pilot.pause()
            assert (
                text(app, "#detail-next")
                == "next: 5 breaths, the starting step  (p: hold, P: reset)"
            )
            for _ in range(3):
                await pilot.press("enter", "enter")  # start, skip the tension question
                await pilot.pause()
                assert isinstance(app.screen, SessionScreen)
                assert app.screen.run.plan.pattern_text == "4-0-7-2"
                t += 1
                await at(app, clock, pilot, t)  # the session starts now
                t += WALL_SIT + 1
                await at(app, clock, pilot, t)
                assert isinstance(app.screen, SummaryScreen)
                await pilot.press("enter", "2", "enter")  # skip the rating, about right, home
                await pilot.pause()
                home(app)
            assert text(app, "#detail-next") == (
                "next: 6 breaths, up from 5 breaths after 3 comfortable sessions  "
                "(p: hold, P: reset)"
            )
            assert "6 breaths" in text(app, "#detail-settings")
            await pilot.press("enter", "enter")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            assert app.screen.run.plan.planned == "6 breaths"
            await pilot.press("q", "y")  # ended before its first breath: it does not count
            await pilot.pause()
    finally:
        services.close()
    with HistoryStore.open() as store:
        records = store.sessions()
    assert [(r.planned, r.felt) for r in records[1:]] == [("5 breaths", "right")] * 3
    assert records[0].planned == "6 breaths"

    # `breathe run` takes the same next step (planned here: a real run takes 78 s) ...
    from breathe.cli.main import build_parser
    from breathe.cli.run import plan_from_args, progressed_for_run
    from breathe.cli.run_options import run_options
    from breathe.config.model import Settings
    from breathe.core.catalogue import Catalogue

    args = build_parser().parse_args(["run", "wall-sit"])
    catalogue, line = progressed_for_run(args, Catalogue(), run_options(args, Settings()))
    assert line == "next: 6 breaths, up from 5 breaths after 3 comfortable sessions"
    assert plan_from_args(args, catalogue).planned == "6 breaths"
    # ... and --pattern overrides it (a real run, in plain mode).
    code, out, _ = run_main(
        [
            "run",
            "wall-sit",
            "--plain",
            "--no-sound",
            "--lead-in",
            "0",
            "--pattern",
            "0.02-0-0.02-0",
        ],
        capsys,
    )
    assert code == 0 and "progress:" not in out and "breath 1/5" in out


async def test_p_holds_the_step_and_lets_it_move_again(safety_seen: None) -> None:
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(services=services, muted=True)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            home(app).select("hooklying")
            await pilot.pause()
            await pilot.press("p")
            await pilot.pause()
            assert (
                text(app, "#detail-next")
                == "next: 4 · 0 · 8 · 2, held at 8 s  (p: let it move, P: reset)"
            )
            await pilot.press("p")
            await pilot.pause()
            assert text(app, "#detail-next").endswith("the starting step  (p: hold, P: reset)")
            with HistoryStore.open() as store:
                seed_paced(store, "hooklying", "4-0-8-2", "5 min", ["easy"] * 3)
            home(app).refresh_progress()
            assert "up from 8 s" in text(app, "#detail-next")
            app.start_id("hooklying")  # the command palette starts the next step too
            await pilot.pause()
            await pilot.press("enter")  # as Enter on home: skip the tension question
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            assert app.screen.run.plan.pattern_text == "4-0-9-2"
            await pilot.press("q", "y")
            await pilot.pause()
            await pilot.press("enter", "enter")  # skip the rating, then home
            await pilot.pause()
            await pilot.press("P")
            await pilot.pause()
            assert text(app, "#detail-next").startswith("next: 4 · 0 · 8 · 2, the starting step")
    finally:
        services.close()


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (40, 12)])
async def test_the_next_line_leaves_the_whole_list_in_view(
    size: tuple[int, int], safety_seen: None
) -> None:
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(services=services, muted=True)
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert home(app).state.next  # progression was read
            if size[0] >= 80:
                assert app.screen.query_one("#picker").max_scroll_y == 0
                assert app.screen.query_one("#detail-next").region.height >= 1
    finally:
        services.close()


async def test_g_sets_the_weekly_goal_and_home_and_history_show_it(safety_seen: None) -> None:
    from datetime import date, datetime, timezone

    from breathe.config.reader import load
    from breathe.core.goal import WeeklyGoal
    from breathe.ui.screens.history import HistoryScreen
    from tests.helpers.history import seed_paced

    monday = date.today().toordinal() - date.today().weekday()
    start = datetime.fromordinal(monday).replace(hour=12, tzinfo=timezone.utc)
    with HistoryStore.open() as store:
        seed_paced(store, "wall", "3-0-6-3", "4 breaths x 3", ["right", None], start=start)
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert text(app, "#home-title") == "breathe  ·  pick one, Enter starts"
            await pilot.press("g")
            await pilot.pause()
            assert text(app, "#home-title") == "breathe  ·  This week: 2 of 3 sessions"
            assert load().settings.weekly_goal == WeeklyGoal("sessions", 3)
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            assert text(app, "#totals").splitlines()[-1] == "Goal:      2 of 3 sessions"
    finally:
        services.close()


async def test_pressing_g_again_replaces_its_notice_instead_of_stacking(safety_seen: None) -> None:
    app = BreatheApp(services=FakeServices())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("g")
            await pilot.pause()
        toasts = [str(t.render()) for t in app.screen.query("Toast")]
        assert len(toasts) == 1, toasts
