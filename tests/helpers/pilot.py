"""Driving the app as a user would: a fixed wall clock, a listener that records what it
heard, an app on a fake clock, and reading what the screen shows."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from textual.widgets import Static

from breathe.core.catalogue import Catalogue
from breathe.core.engine import Segment, SegmentKind, State
from breathe.core.plan import DoseChoice, SessionPlan, plan_session
from breathe.core.session import SessionListener, SessionResult, SessionRun
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
from breathe.ui.widgets.big_word import BigWord
from tests.helpers.clock import FakeClock
from tests.helpers.services import FakeServices

START = 1000.0


def fixed_wall_clock() -> datetime:
    return datetime(2025, 5, 1, 7, 0, tzinfo=timezone.utc)


class Recorder(SessionListener):
    """A listener that remembers what it heard, like audio or history would."""

    def __init__(self) -> None:
        self.segments: list[SegmentKind] = []
        self.breaths: list[int] = []
        self.results: list[SessionResult] = []

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        self.segments.append(segment.kind)

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        self.breaths.append(breaths)

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self.results.append(result)


def plan(id: str, **dose: Any) -> SessionPlan:
    return plan_session(Catalogue(), id, DoseChoice(**dose) if dose else None)


def make_app(
    session_plan: SessionPlan | None = None,
    clock: FakeClock | None = None,
    recorder: SessionListener | None = None,
    hooks: dict[str, Any] | None = None,
    services: FakeServices | None = None,
    **kwargs: Any,
) -> BreatheApp:
    """An app on a fake clock; `hooks` make its FakeServices, or pass `services` whole."""

    def factory(run: SessionRun) -> Sequence[SessionListener]:
        return [recorder] if recorder is not None else []

    if services is None:
        services = FakeServices(**(hooks or {}))
    services.listeners_of = factory
    return BreatheApp(
        session_plan,
        get_time=clock or FakeClock(),
        wall_clock=fixed_wall_clock,
        services=services,
        **kwargs,
    )


def text(app: BreatheApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def session(app: BreatheApp) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return screen


def word(app: BreatheApp) -> str:
    return app.screen.query_one(BigWord).word


async def at(app: BreatheApp, clock: FakeClock, pilot: Any, seconds: float) -> None:
    """Move the fake clock and draw one frame from it, as the frame timer would; first let
    a new session start its clock (it does once its first frame is painted)."""
    await started(app, pilot)
    clock.at(seconds)
    screen = app.screen
    if isinstance(screen, SessionScreen):
        screen.tick()
    await pilot.pause()


async def started(app: BreatheApp, pilot: Any, within: float = 5.0) -> None:
    """Until the session on screen (if any) has started its clock."""
    deadline = time.monotonic() + within
    screen = app.screen
    while isinstance(screen, SessionScreen) and not screen.run.clock.started:
        if screen.run.result is not None:
            return
        assert time.monotonic() < deadline, "the session never started"
        await pilot.pause()
        screen = app.screen
