"""A running session: the plan's schedule read against a pausable monotonic clock.

Front ends (plain mode, the app) call `poll()` as often as they like; it reports the segment
the clock is in when it changes, and each breath completed, at most once each. A segment that
a front end slept right through (a suspended process) is not reported late: its cue would be
stale. Audio and history follow the schedule, never the frame rate.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

from breathe.core.catalogue import RoutineMode
from breathe.core.engine import Schedule, Segment, SessionClock, State
from breathe.core.plan import SessionPlan
from breathe.core.text import plural

Status = Literal["completed", "ended_early", "interrupted"]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class SessionResult:
    plan: SessionPlan
    status: Status
    started_at: datetime
    ended_at: datetime
    active_seconds: float
    paused_seconds: float
    breaths: int
    rounds: int = 0  # strength sets done, in between-sets mode
    steps: tuple[int, ...] = ()  # breaths per step of a routine

    @property
    def breathing_seconds(self) -> float:
        """The session's time as summaries and history tell it: active, without the count-in."""
        return self.plan.schedule.breathing_time(self.active_seconds)

    @property
    def detail(self) -> str:
        """What a routine's single record keeps beyond the totals: sets, resets or steps."""
        plan = self.plan
        if plan.mode == RoutineMode.BETWEEN_SETS:
            return f"{plural(self.rounds, 'set')} done"
        if plan.mode == RoutineMode.MID_RUN:
            resets = sum(1 for n in self.steps if n)
            return plural(resets, "reset")
        if plan.routine is None:
            return ""
        return "; ".join(
            f"{ex.id}: {plural(n, 'breath')}"
            for ex, n in zip(plan.exercises, self.steps, strict=True)
        )


class SessionListener:
    """Everything a running session tells its listeners; each hook is a no-op here, so a
    listener (audio, history, a screen) writes only the ones it cares about, and wrappers
    (`core.listeners`) forward every one of `HOOKS`."""

    def starting(self, run: SessionRun) -> None:
        """The clock is about to start: slow set-up (loading sounds) belongs here, so that
        the first segment's work is only what is due at its instant."""

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        """A phase began (called once per segment, at most; slept-through ones are skipped)."""

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        """`breaths` breaths are done so far."""

    def awaiting(self, run: SessionRun, sets_done: int) -> None:
        """A between-sets wait began: the clock stops until the user goes on."""

    def paused(self, run: SessionRun) -> None:
        """The user paused the session."""

    def resumed(self, run: SessionRun) -> None:
        """The user resumed the session."""

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        """The session ended (completed, ended early or interrupted); called once."""


# Every hook of `SessionListener`, by name: the wrappers forward exactly these.
HOOKS: tuple[str, ...] = (
    "starting",
    "segment_started",
    "breath_completed",
    "awaiting",
    "paused",
    "resumed",
    "finished",
)


class SessionRun:
    def __init__(
        self,
        plan: SessionPlan,
        get_time: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.plan = plan
        self.clock = SessionClock(get_time)
        self._wall_clock = wall_clock
        self._listeners: list[SessionListener] = []
        self._last_index = -1
        self._breaths = 0
        self._awaits_done = 0
        self.awaiting = False
        self.started_at: datetime | None = None
        self.result: SessionResult | None = None

    def add_listener(self, listener: SessionListener) -> None:
        self._listeners.append(listener)

    @property
    def schedule(self) -> Schedule:
        return self.plan.schedule

    def start(self) -> State:
        for listener in self._listeners:
            listener.starting(self)
        self.clock.start()
        self.started_at = self._wall_clock()
        return self.poll()

    def state(self) -> State:
        return self.plan.schedule.at(self.clock.elapsed())

    def poll(self) -> State:
        """Read the clock once; tell listeners about what was entered since the last poll."""
        if self.result is not None:
            return self.plan.schedule.at(self.result.active_seconds)
        self._check_await()
        st = self.state()
        if st.breaths_completed > self._breaths:
            self._breaths = st.breaths_completed
            for listener in self._listeners:
                listener.breath_completed(self, self._breaths, st)
        if st.done:
            self.finish("completed")
            return st
        if self.awaiting:
            return st  # the next round is announced when the user goes on
        if st.segment.index != self._last_index:
            self._last_index = st.segment.index
            for listener in self._listeners:
                listener.segment_started(self, st.segment, st)
        return st

    def _check_await(self) -> None:
        points = self.plan.schedule.await_points
        if self.awaiting or self.clock.paused or self._awaits_done >= len(points):
            return
        point = points[self._awaits_done]
        if self.clock.elapsed() >= point:
            self.clock.pause_at(point)
            self.awaiting = True
            self._awaits_done += 1
            for listener in self._listeners:
                listener.awaiting(self, self._awaits_done)

    @property
    def rounds_done(self) -> int:
        """Strength sets done in between-sets mode: the session starts after the first set,
        and every "next set" adds one."""
        return self._awaits_done + (0 if self.awaiting else 1)

    def proceed(self) -> None:
        """The user is ready: leave the wait (the waited time counts as paused)."""
        if self.awaiting:
            self.awaiting = False
            self.clock.resume()

    def waited_seconds(self) -> float:
        """How long the current wait (or pause) has lasted."""
        return self.clock.current_pause()

    @property
    def breaths(self) -> int:
        return self._breaths

    @property
    def paused(self) -> bool:
        return self.clock.paused

    def toggle_pause(self) -> bool:
        if not self.clock.started:
            return False  # nothing runs yet to pause (the app is still getting ready)
        if self.awaiting:
            self.proceed()
            return False
        paused = self.clock.toggle()
        if self.result is None:
            for listener in self._listeners:
                if paused:
                    listener.paused(self)
                else:
                    listener.resumed(self)
        return paused

    def seconds_until_next(self) -> float | None:
        """Real seconds until the next boundary (None when done or paused)."""
        if self.clock.paused:
            return None
        t = self.clock.elapsed()
        nxt = self.plan.schedule.next_boundary(t)
        return None if nxt is None else max(0.0, nxt - t)

    def _breaths_per_step(self, active: float) -> tuple[int, ...]:
        schedule = self.plan.schedule
        if self.plan.routine is None:
            return ()
        counts = [0] * len(schedule.blocks)
        done = schedule.at(active).breaths_completed
        seen = 0
        for seg in schedule.segments:
            if seen >= done:
                break
            if seg.kind.is_breath and schedule.ends_breath(seg):
                counts[seg.step] += 1
                seen += 1
        return tuple(counts)

    def finish(self, status: Status) -> SessionResult:
        if self.result is not None:
            return self.result
        active = min(self.clock.elapsed(), self.plan.schedule.total)
        self._breaths = self.plan.schedule.at(active).breaths_completed
        # Ended before a breath was done, no round of between-sets was: not "1 set done".
        between = self.plan.mode == RoutineMode.BETWEEN_SETS and self._breaths > 0
        rounds = self.rounds_done if between else 0
        self.result = SessionResult(
            plan=self.plan,
            status=status,
            started_at=self.started_at or self._wall_clock(),
            ended_at=self._wall_clock(),
            active_seconds=active,
            paused_seconds=self.clock.paused_seconds(),
            breaths=self._breaths,
            rounds=rounds,
            steps=self._breaths_per_step(active),
        )
        for listener in self._listeners:
            listener.finished(self, self.result)
        return self.result
