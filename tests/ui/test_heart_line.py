"""The heart line under the bar, fed by a fake services object: figures, trace, lost state."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from breathe.ui.widgets.heart_line import HeartLine, heart_text, sparkline
from tests.helpers.pilot import make_app, plan, text
from tests.helpers.services import FakeServices


@dataclass(frozen=True)
class View:
    line: str
    state: str | None
    trace: Sequence[float] = ()
    summary: str | None = None


@dataclass
class HeartServices(FakeServices):
    heart: View | None = None
    asked: list[int] = field(default_factory=list)

    def heart_status(self) -> View | None:
        self.asked.append(1)
        return self.heart


def test_sparkline_rises_with_the_heart_rate() -> None:
    assert sparkline([]) == ""
    assert sparkline([70.0] * 5) == "▁▁▁▁▁"
    assert sparkline([60.0, 65.0, 70.0]) == "▁▅█"
    assert len(sparkline([float(i) for i in range(60)])) == 30


def test_the_trace_is_left_out_while_the_strap_is_lost() -> None:
    assert heart_text(View("72 bpm · swing 9 · RMSSD 48 ms", "connected", (60.0, 70.0))) == (
        "72 bpm · swing 9 · RMSSD 48 ms  ▁█"
    )
    lost = View("heart: strap lost, reconnecting…", "lost", (60.0, 70.0))
    assert heart_text(lost) == "heart: strap lost, reconnecting…"


@pytest.mark.app
async def test_heart_line_under_the_bar_and_its_lost_state(safety_seen: None) -> None:
    services = HeartServices(heart=View("heart: connecting to the strap…", "connecting"))
    app = make_app(plan("wall"), services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#heart-line", HeartLine)
        assert line.display
        assert text(app, "#heart-line") == "heart: connecting to the strap…"
        services.heart = View("72 bpm · swing 9 · RMSSD 48 ms", "connected", (64.0, 72.0, 68.0))
        await pilot.pause(1.2)  # read once a second, like the sound status
        assert text(app, "#heart-line") == "72 bpm · swing 9 · RMSSD 48 ms  ▁█▅"
        assert not line.has_class("-trouble")
        services.heart = View("heart: strap lost, reconnecting…", "lost", (64.0, 72.0))
        await pilot.pause(1.2)
        assert text(app, "#heart-line") == "heart: strap lost, reconnecting…"
        assert line.has_class("-trouble")
        # the line sits below the bar
        bar = app.screen.query_one("#breath-bar")
        assert line.region.y > bar.region.y


@pytest.mark.app
async def test_no_heart_source_no_heart_line(safety_seen: None) -> None:
    app = make_app(plan("wall"), services=HeartServices())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#heart-line", HeartLine).display


@pytest.mark.app
def test_heart_line_snapshot(snap_compare: Any) -> None:
    """The session at 100x30 with the heart line and its trace under the bar."""
    from breathe.core.catalogue import Catalogue
    from breathe.core.plan import DoseChoice, plan_session
    from breathe.system import app_state
    from breathe.ui.app import BreatheApp
    from tests.helpers.clock import FakeClock

    app_state.mark_safety_seen()
    trace = tuple(66 + 6 * math.sin(i / 60 * 2 * math.pi * 5.5) for i in range(60))
    services = HeartServices(heart=View("72 bpm · swing 9 · RMSSD 48 ms", "connected", trace))
    plan = plan_session(Catalogue(), "box", DoseChoice(breaths=2))
    app = BreatheApp(plan, get_time=FakeClock(), services=services)
    assert snap_compare(app, terminal_size=(100, 30))


@pytest.mark.app
async def test_the_summary_adds_the_heart_figures(safety_seen: None) -> None:
    from breathe.ui.screens.session import SessionScreen
    from tests.helpers.clock import FakeClock

    summary = "heart 66 bpm mean · swing 9 per breath · RMSSD 33 ms · 0 artefacts corrected"
    services = HeartServices(heart=View("66 bpm · swing 9 · RMSSD 33 ms", "connected", (), summary))
    clock = FakeClock()
    app = make_app(plan("wall", breaths=1), clock=clock, services=services)
    async with app.run_test() as pilot:
        await pilot.pause()
        clock.at(60)
        assert isinstance(app.screen, SessionScreen)
        app.screen.tick()
        await pilot.pause()
        assert text(app, "#summary-facts").splitlines()[-1] == summary
