"""Start-up order: a session from the command line paints before anything it does not show."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from breathe.core.catalogue import Catalogue
from breathe.core.engine import Segment, State
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionListener, SessionResult, SessionRun
from breathe.system import app_state
from breathe.ui.app import BreatheApp, HomeLater, LateListeners
from breathe.ui.screens.home import HomeScreen
from breathe.ui.screens.session import SessionScreen
from tests.helpers.clock import FakeClock
from tests.helpers.services import FakeServices

START = 1000.0


@pytest.mark.app
async def test_home_is_built_only_when_first_shown() -> None:
    app_state.mark_safety_seen()
    app = BreatheApp(
        plan_session(Catalogue(), "wall"), get_time=FakeClock(), services=FakeServices()
    )
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert isinstance(app.screen_stack[0], HomeLater)
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        await pilot.press("q")  # wall has a fixed dose: q asks first
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("enter")  # the summary: skip the rating
        await pilot.press("enter")  # then back to the shell: a one-shot run
        await pilot.pause()
    assert app.return_code == 0
    assert app.last_result is not None and app.last_result.status == "ended_early"
    assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)


@pytest.mark.app
async def test_without_the_safety_text_seen_the_dialog_stands_over_home() -> None:
    app = BreatheApp(plan_session(Catalogue(), "wall"), get_time=FakeClock())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen_stack[0], HomeScreen)


class Heard(SessionListener):
    """A listener that remembers what it heard, in order."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        self.events.append(f"segment {segment.kind.value}")

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        self.events.append(f"breath {breaths}")

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self.events.append(f"finished {result.status}")


def quick_run(clock: FakeClock) -> SessionRun:
    return SessionRun(plan_session(Catalogue(), "box", DoseChoice(breaths=1)), get_time=clock)


def test_late_listeners_hear_what_they_missed_in_order_then_live() -> None:
    clock = FakeClock()
    run = quick_run(clock)
    heard = Heard()
    made: list[SessionRun] = []

    def factory(r: SessionRun) -> Sequence[SessionListener]:
        made.append(r)
        return [heard]

    late = LateListeners(run, factory, report=lambda exc: None)
    run.add_listener(late)
    run.start()
    clock.now = START + 3.5  # the count-in is over
    run.poll()
    assert made == [] and heard.events == []
    late.ready()
    assert made == [run]
    assert heard.events == ["segment lead-in", "segment inhale"]
    clock.now = START + 8
    run.poll()
    late.ready()  # a second call makes nothing more
    assert made == [run]
    assert heard.events[2:] == ["segment hold"]


def test_a_session_ending_before_its_first_frame_is_still_heard() -> None:
    clock = FakeClock()
    run = quick_run(clock)
    heard = Heard()
    run.add_listener(LateListeners(run, lambda r: [heard], report=lambda exc: None))
    run.start()
    run.finish("ended_early")
    assert heard.events == ["segment lead-in", "finished ended_early"]


def test_a_failing_factory_is_reported_and_the_session_goes_on() -> None:
    clock = FakeClock()
    run = quick_run(clock)
    reported: list[Exception] = []

    def factory(r: SessionRun) -> Sequence[SessionListener]:
        raise OSError("no history file")

    late = LateListeners(run, factory, report=reported.append)
    run.add_listener(late)
    run.start()
    late.ready()
    clock.now = START + 4
    run.poll()
    assert [str(e) for e in reported] == ["no history file"]


@pytest.mark.app
async def test_the_app_makes_the_listeners_after_the_first_frame() -> None:
    app_state.mark_safety_seen()
    laid_out: list[bool] = []
    heard = Heard()

    def factory(run: SessionRun) -> Sequence[SessionListener]:
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        laid_out.append(bool(screen.word.region))  # the compositor has placed the word
        return [heard]

    app = BreatheApp(
        plan_session(Catalogue(), "wall"),
        get_time=FakeClock(),
        services=FakeServices(listeners_of=factory),
    )
    async with app.run_test() as pilot:
        await pilot.pause()
        assert laid_out == [True]
        assert heard.events == ["segment lead-in"]
