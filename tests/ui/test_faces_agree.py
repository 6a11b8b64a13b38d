"""The app and plain mode agree (found by a new user): a routine runs at its own doses in
both, whatever step its exercises are at; the pace check is asked only after a session that
counts toward a step; a session ended in the count-in does not step an exercise back."""

from __future__ import annotations

from typing import Any

import pytest

from breathe.cli import plain
from breathe.core.catalogue import Catalogue
from breathe.core.plan import SessionPlan, plan_session
from breathe.core.progression import ladder_for
from breathe.history.store import HistoryStore
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.ui.app import BreatheApp
from breathe.ui.screens.home import HomeScreen
from breathe.ui.screens.session import SessionScreen
from tests.helpers.cli import run_main
from tests.helpers.clock import FakeClock
from tests.helpers.history import seed_paced
from tests.helpers.pilot import at, fixed_wall_clock

pytestmark = pytest.mark.app


def step_back(exercise: str) -> None:
    """One session at the exercise's own step that felt too hard: its next step is back."""
    ladder = ladder_for(Catalogue(), exercise)
    assert ladder is not None
    pattern, planned = ladder.rungs[ladder.start].key
    with HistoryStore.open() as store:
        seed_paced(store, exercise, pattern, planned, ["hard"])


def plain_plan(routine: str, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> SessionPlan:
    """The plan `breathe run ROUTINE --plain` runs (ended at once: no real time waited)."""
    seen: list[SessionPlan] = []

    def no_wait(run: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(run.plan)
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(plain, "run_plain", no_wait)
        run_main(["run", routine, "--plain", "--no-sound"], capsys)
    return seen[0]


def shape(plan: SessionPlan) -> tuple[str, str, str, tuple[str, ...]]:
    """What the user sees of a plan: its pattern, dose, length and each step's cadence."""
    cadences = tuple(ex.pattern.cadence for ex in plan.exercises)
    return plan.pattern_text, plan.planned, plan.length_text, cadences


async def test_a_routine_runs_at_its_own_doses_in_the_app_and_in_plain_mode(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    step_back("hooklying")
    step_back("wall")
    code, out, _ = run_main(["progress", "hooklying"], capsys)
    assert code == 0 and "back from 8 s" in out  # the exercises really are stepped back
    own = {r: shape(plan_session(Catalogue(), r)) for r in ("post-run", "pre-run")}

    app_plans: dict[str, SessionPlan] = {}
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(get_time=FakeClock(), wall_clock=fixed_wall_clock, services=services)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for routine in own:
                screen = app.screen
                assert isinstance(screen, HomeScreen)
                screen.select(routine)
                await pilot.pause()
                await pilot.press("enter", "enter")  # start, skip the tension question
                await pilot.pause()
                assert isinstance(app.screen, SessionScreen)
                app_plans[routine] = app.screen.run.plan
                await pilot.press("q", "y")  # end it early
                await pilot.pause()
                for _ in range(3):  # the summary: skip the rating, then home
                    if isinstance(app.screen, HomeScreen):
                        break
                    await pilot.press("enter")
                    await pilot.pause()
    finally:
        services.close()

    for routine, expected in own.items():
        assert shape(app_plans[routine]) == expected
        assert shape(plain_plan(routine, monkeypatch, capsys)) == expected
    with HistoryStore.open() as store:
        patterns = {r.routine: r.pattern for r in store.sessions() if r.routine}
    assert patterns["pre-run"] == own["pre-run"][0]  # "3-0-6-3 then ...", not the step back


async def test_the_app_asks_no_pace_check_off_the_ladder_and_history_points_past_it(
    safety_seen: None,
) -> None:
    """`breathe run wall --pattern 1-1` in the app: its summary offers no pace check, and
    1/2/3 on the history screen change the last session that counts (not this one)."""
    from breathe.ui.screens.history import HistoryScreen
    from breathe.ui.screens.summary import SummaryScreen

    ladder = ladder_for(Catalogue(), "wall")
    assert ladder is not None
    pattern, planned = ladder.rungs[ladder.start].key
    with HistoryStore.open() as store:
        seed_paced(store, "wall", pattern, planned, ["right"])  # id 1: on the ladder
    clock = FakeClock()
    plan = plan_session(Catalogue(), "wall", pattern="1-1")
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(plan, get_time=clock, wall_clock=fixed_wall_clock, services=services)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await at(app, clock, pilot, 1)  # the session starts now
            await at(app, clock, pilot, 2 + float(plan.schedule.total))
            summary = app.screen
            assert isinstance(summary, SummaryScreen)
            assert not summary.asks_pace and not summary.query("#pace-keys")
            await pilot.press("3")  # by habit: nothing is saved
            await pilot.pause()
            screen = HistoryScreen(
                services.open_history(), on_pace=services.change_pace, catalogue=Catalogue()
            )
            await app.push_screen(screen)
            await pilot.pause()
            assert screen.paced is not None and screen.paced.id == 1
            await pilot.press("3")
            await pilot.pause()
    finally:
        services.close()
    with HistoryStore.open() as store:
        felt = {r.id: (r.pattern, r.felt) for r in store.sessions()}
    assert felt == {1: (pattern, "hard"), 2: ("1-0-1-0", None)}


def test_ctrl_c_in_the_count_in_does_not_step_back() -> None:
    """Two sessions stopped with Ctrl-C during the 3-2-1 (0 breaths, ended early) leave wall
    at its step; two ended early after a breath still step it back."""
    import os
    import signal
    import subprocess
    import time

    from tests.helpers.cli import breathe_cmd

    def ctrl_c_after(seconds: float, *args: str) -> str:
        cmd = breathe_cmd("run", "wall", "--plain", "--no-sound", *args)
        with subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ
        ) as proc:
            assert proc.stdout is not None
            lines = [proc.stdout.readline()]  # the count-in has begun
            time.sleep(seconds)
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=30)
        return lines[0] + out

    for _ in range(2):
        out = ctrl_c_after(0.2, "--lead-in", "3")
        assert "get ready" in out and "ended early: Wall breathing, 0 of 12 breaths" in out
    progress = subprocess.run(
        breathe_cmd("progress", "wall"), capture_output=True, text=True, check=True
    ).stdout
    assert "back" not in progress and "3 · 0 · 6 · 3" in progress, progress
