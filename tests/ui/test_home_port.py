"""The home screen says what the user wants through its one port and writes no files."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from textual.app import App

from breathe.core.catalogue import Catalogue
from breathe.core.goal import GoalProgress, WeeklyGoal
from breathe.core.plan import SessionPlan
from breathe.core.progression import NextDose
from breathe.ui.home_port import HomePort
from breathe.ui.screens.home import HomeScreen

pytestmark = pytest.mark.app


class RecordingPort:
    """Every call, in order; the kept routines are handed in."""

    def __init__(self, kept: Mapping[str, object] | None = None) -> None:
        self.calls: list[tuple[str, object]] = []
        self.kept = dict(kept or {})

    def start(self, plan: SessionPlan) -> None:
        self.calls.append(("start", plan.id))

    def remember_exhale(self, exercise_id: str, style: str) -> None:
        self.calls.append(("remember_exhale", (exercise_id, style)))

    def next_doses(self, catalogue: Catalogue) -> Sequence[NextDose]:
        return ()

    def hold_progress(
        self, exercise_id: str, held: bool, at: tuple[str, str] | None = None
    ) -> None:
        self.calls.append(("hold_progress", (exercise_id, held)))

    def reset_progress(self, exercise_id: str) -> None:
        self.calls.append(("reset_progress", exercise_id))

    def goal_progress(self) -> GoalProgress | None:
        return None

    def next_reminder(self) -> str | None:
        return None

    def set_weekly_goal(self, goal: WeeklyGoal | None) -> None:
        self.calls.append(("set_weekly_goal", goal))

    def kept_routines(self) -> Mapping[str, object]:
        return self.kept

    def keep_routine(self, routine_id: str, data: Mapping[str, object] | None) -> None:
        self.calls.append(("keep_routine", (routine_id, data is not None)))


class HomeOnly(App[None]):
    def __init__(self, port: HomePort) -> None:
        super().__init__()
        self.port = port

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(Catalogue(), self.port))


def files_under(*dirs: str) -> list[Path]:
    return [p for d in dirs for p in Path(d).rglob("*") if p.is_file()]


async def test_keys_on_home_reach_the_port_and_no_file_is_written() -> None:
    port = RecordingPort()
    app = HomeOnly(port)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.select("box")
        await pilot.press("e", "g")
        home.select("between-sets")
        await pilot.press("plus", "k", "enter")
        await pilot.pause()
    assert port.calls == [
        ("remember_exhale", ("box", "ha")),
        ("set_weekly_goal", WeeklyGoal("sessions", 3)),
        ("keep_routine", ("between-sets", True)),
        ("start", "between-sets"),
    ]
    assert files_under(os.environ["BREATHE_DATA_DIR"], os.environ["BREATHE_CONFIG_DIR"]) == []


async def test_kept_routines_come_from_the_port() -> None:
    first = RecordingPort()
    app = HomeOnly(first)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        more = home.state.adjusted("between-sets", "sets", 1)  # 5 rounds
        assert more is not None
        home.state.take("between-sets", more)
        kept = home.state.keep_data("between-sets")
    assert kept is not None
    app = HomeOnly(RecordingPort({"between-sets": kept}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert len(home.state.plan_for("between-sets").schedule.blocks) == 5
