"""Every hook of `SessionListener` goes through every wrapper: a hook added to the base and
not forwarded (the app's pause and set-done sounds were once lost that way) fails here."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from breathe.core.catalogue import Catalogue
from breathe.core.listeners import GuardedListener, LateListeners
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import HOOKS, SessionListener, SessionRun
from tests.helpers.clock import FakeClock


def base_hooks() -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(SessionListener, inspect.isfunction)
        if not name.startswith("_")
    }


def test_hooks_name_every_method_of_the_base() -> None:
    assert set(HOOKS) == base_hooks()
    assert len(HOOKS) == len(set(HOOKS)) == 7


class EveryHook(SessionListener):
    """Records each hook by name with the arguments it got."""

    def __init__(self) -> None:
        self.heard: list[tuple[str, tuple[Any, ...]]] = []

    def __getattribute__(self, name: str) -> Any:
        if name in HOOKS:
            return lambda *args: self.heard.append((name, args))
        return super().__getattribute__(name)


def a_run() -> SessionRun:
    plan = plan_session(Catalogue(), "box", DoseChoice(breaths=1), lead_in=Fraction(0))
    return SessionRun(plan, get_time=FakeClock())


def guarded(inner: SessionListener, run: SessionRun) -> SessionListener:
    return GuardedListener(inner, report=lambda exc: None)


def late_ready(inner: SessionListener, run: SessionRun) -> SessionListener:
    late = LateListeners(run, lambda r: [inner], report=lambda exc: None)
    late.ready()
    return late


def late_not_ready(inner: SessionListener, run: SessionRun) -> SessionListener:
    """Events before `ready()` are kept and handed on once it is called."""

    late = LateListeners(run, lambda r: [inner], report=lambda exc: None)
    original = late._forward

    def forward_then_ready(name: str, *args: Any) -> None:
        original(name, *args)
        late.ready()

    late._forward = forward_then_ready  # type: ignore[method-assign]
    return late


WRAPPERS: list[Callable[[SessionListener, SessionRun], SessionListener]] = [
    guarded,
    late_ready,
    late_not_ready,
    lambda inner, run: guarded(late_ready(inner, run), run),
]


@pytest.mark.parametrize("wrap", WRAPPERS)
@pytest.mark.parametrize("hook", HOOKS)
def test_every_wrapper_forwards_every_hook(
    wrap: Callable[[SessionListener, SessionRun], SessionListener], hook: str
) -> None:
    run = a_run()
    inner = EveryHook()
    wrapper = wrap(inner, run)
    args = (run, object(), object())[: _arity(hook)]
    getattr(wrapper, hook)(*args)
    assert inner.heard == [(hook, args)]


def _arity(hook: str) -> int:
    return len(inspect.signature(getattr(SessionListener, hook)).parameters) - 1


@pytest.mark.parametrize("hook", HOOKS)
def test_a_failing_hook_is_reported_once_and_not_raised(hook: str) -> None:
    class Failing(SessionListener):
        def __getattribute__(self, name: str) -> Any:
            if name in HOOKS:

                def fail(*args: Any) -> None:
                    raise OSError(f"{name} failed")

                return fail
            return super().__getattribute__(name)

    reported: list[Exception] = []
    wrapper = GuardedListener(Failing(), reported.append)
    run = a_run()
    args = (run, object(), object())[: _arity(hook)]
    getattr(wrapper, hook)(*args)
    getattr(wrapper, hook)(*args)
    assert [str(e) for e in reported] == [f"{hook} failed"]


def test_a_run_calls_pause_resume_and_awaiting_through_the_wrappers() -> None:
    clock = FakeClock()
    plan = plan_session(Catalogue(), "between-sets", lead_in=Fraction(0))
    run = SessionRun(plan, get_time=clock)
    inner = EveryHook()
    run.add_listener(late_ready(inner, run))
    run.start()
    run.toggle_pause()
    run.toggle_pause()
    clock.now += float(plan.schedule.await_points[0]) + 1
    run.poll()
    names = [name for name, _ in inner.heard]
    assert names[:2] == ["starting", "segment_started"]
    assert names.index("paused") < names.index("resumed") < names.index("awaiting")


def test_starting_comes_before_the_clock_starts() -> None:
    """Slow set-up (the guide's sounds) happens before the schedule's start instant, so the
    first segment's cue is not held back by it."""
    clock = FakeClock()
    run = SessionRun(plan_session(Catalogue(), "box", lead_in=Fraction(0)), get_time=clock)

    class SlowStart(SessionListener):
        def starting(self, run: SessionRun) -> None:
            assert not run.clock.started
            clock.now += 0.5  # loading takes half a second

        def segment_started(self, run: SessionRun, segment: Any, state: Any) -> None:
            self.late = clock.now - run.clock.instant_of(segment.start)

    slow = SlowStart()
    run.add_listener(slow)
    run.start()
    assert slow.late == 0.0
