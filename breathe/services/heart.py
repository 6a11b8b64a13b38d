"""The heart in a session: the source named by `--hr` run beside the session, its beats fed
to a HeartTracker, each breath closed on the run's own boundaries.

One listener for both faces: in the app the source runs as a task in Textual's own loop (the
`starting` hook is called from it); in plain mode, where no loop runs, in one loop on a thread
for the session. Beats and the session's reads meet under a lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from breathe.core.engine import Schedule, SegmentKind, State
from breathe.core.heart.figures import rmssd
from breathe.core.heart.packet import Measurement
from breathe.core.heart.rrfile import RRFileError
from breathe.core.heart.sim import BoundaryPacer, Pacer, SteadyPacer
from breathe.core.heart.spec import SourceSpec, parse_source
from breathe.core.heart.text import HeartState, state_words
from breathe.core.heart.tracker import HeartTracker
from breathe.core.session import SessionListener, SessionResult, SessionRun
from breathe.history.heart import HeartFigures
from breathe.system.heart_sources import HeartSource, Sleep, make_source
from breathe.system.heart_strap import StrapError, StrapSource

Notify = Callable[[str], None]
STOP_SECONDS = 2.0


class HeartUnavailable(Exception):
    """The heart source named cannot be used: one line; nothing should start."""


@dataclass(frozen=True)
class HeartView:
    """What the app shows under the bar: the figures line, or the state's words when the
    strap is not delivering, and the last minute's heart rate for the trace."""

    line: str
    state: HeartState | None
    trace: tuple[float, ...] = ()
    summary: str | None = None


def breath_bounds(schedule: Schedule) -> list[tuple[float, float]]:
    """Each breath's (start, end) in session time: its first inhale to its last exhale
    (a rest is no part of it).
    The n-th entry is the breath the run counts as its n-th completed."""
    out: list[tuple[float, float]] = []
    start: float | None = None
    for seg in schedule.segments:
        if not seg.kind.is_breath or seg.kind is SegmentKind.REST:
            continue  # the rest after an exhale is the pause before the next breath
        if start is None:
            start = seg.start
        if schedule.ends_breath(seg):
            out.append((start, seg.end))
            start = None
    return out


def pacer_for(schedule: Schedule) -> Pacer:
    bounds = breath_bounds(schedule)
    return BoundaryPacer(bounds) if bounds else SteadyPacer(6.0)


class HeartFeed:
    """The heart source of a face: checked once before anything starts, then one watch per
    session. `auto` that cannot be had says so once and runs without heart data."""

    def __init__(
        self,
        value: str,
        tell: Notify,
        *,
        sleep: Sleep = asyncio.sleep,
        bleak: Any = None,
    ) -> None:
        self.spec: SourceSpec = parse_source(value)
        self.tell = tell  # the app sets its own once it exists
        self._sleep = sleep
        self._bleak = bleak
        self.watch: HeartWatch | None = None

    @property
    def off(self) -> bool:
        return self.spec.kind == "off"

    def source(self, schedule: Schedule) -> HeartSource | None:
        """The source for a session on `schedule`; HeartUnavailable (one line) when `strap`
        or a file cannot be had."""
        if self.off:
            return None
        try:
            return make_source(self.spec, pacer_for(schedule), sleep=self._sleep, bleak=self._bleak)
        except (RRFileError, StrapError) as exc:
            self._unavailable(exc)
            return None

    def _unavailable(self, exc: Exception) -> None:
        """HeartUnavailable; for `auto`, said once (not before every session), then off."""
        if self.spec.kind != "auto":
            raise HeartUnavailable(str(exc)) from None
        self.tell(f"heart: {exc}; this session runs without heart data")
        self.spec = SourceSpec("off")

    def check(self, schedule: Schedule) -> None:
        """Before anything starts: a bad file, a missing extra or no strap in time ends the
        command here (for `auto`: said once, and the session runs without). The strap is
        looked for in a loop of its own that is closed before any session's loop runs."""
        source = self.source(schedule)
        if not isinstance(source, StrapSource):
            return
        try:
            asyncio.run(source.find())
        except StrapError as exc:
            self._unavailable(exc)

    def listener(self, run: SessionRun) -> HeartWatch | None:
        source = self.source(run.schedule)
        self.watch = None if source is None else HeartWatch(source, lambda line: self.tell(line))
        return self.watch


class HeartWatch(SessionListener):
    """One session's heart: the source run from `starting` to `finished`, each completed
    breath closed on the schedule's own boundaries."""

    def __init__(self, source: HeartSource, tell: Notify) -> None:
        self.source = source
        self._tell = tell
        self.tracker = HeartTracker()
        self.state: HeartState | None = None
        self._lock = threading.Lock()
        self._run: SessionRun | None = None
        self._bounds: list[tuple[float, float]] = []
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False

    @property
    def run(self) -> SessionRun | None:
        """The session it watches, once started (its `result` when finished)."""
        return self._run

    # -- the session's side

    def starting(self, run: SessionRun) -> None:
        self._run = run
        self._bounds = breath_bounds(run.schedule)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain mode: no loop runs here, so one of its own on a thread
            self._thread = threading.Thread(target=self._thread_main, daemon=True)
            self._thread.start()
        else:  # the app: Textual's own loop, never a second one beside it
            self._task = loop.create_task(self._feed())

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        if 0 < breaths <= len(self._bounds):
            start, end = self._bounds[breaths - 1]
            with self._lock:
                self.tracker.end_breath(start, end)

    def resumed(self, run: SessionRun) -> None:
        with self._lock:  # paused time is not session time: anchor the beats again
            self.tracker.resync()

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self.stop()

    def plain_suffix(self) -> str:
        with self._lock:
            return self.tracker.plain_suffix()

    def summary(self) -> str | None:
        """The summary's heart line; None when no beat or reading came at all."""
        with self._lock:
            return self._summary()

    def _summary(self) -> str | None:
        if not self.tracker.beats and self.tracker.last_bpm is None:
            return None
        return self.tracker.summary()

    # -- what the history saves (`history.heart.HeartLog`)

    def beats_since(self, index: int) -> list[tuple[float, float]]:
        with self._lock:
            return [(b.t, b.raw_ms) for b in self.tracker.beats[index:]]

    def figures(self) -> HeartFigures | None:
        with self._lock:
            tracker = self.tracker
            if not tracker.beats and tracker.last_bpm is None:
                return None
            return HeartFigures(
                bpm=tracker.mean_bpm(),
                swing_bpm=tracker.mean_swing(),
                rmssd_ms=rmssd(tracker.beats),
                beats=len(tracker.beats),
            )

    def view(self) -> HeartView:
        with self._lock:
            state = self.state
            waiting = not self.tracker.beats and self.tracker.last_bpm is None
            if state in ("connecting", "lost", "no contact") or (waiting and state is not None):
                line = state_words(state if state != "connected" else "connecting")
            else:
                line = self.tracker.line()
            return HeartView(line, state, tuple(self.tracker.trace()), self._summary())

    # -- the source's side (called in the loop it runs in)

    def on_measurement(self, measurement: Measurement) -> None:
        run = self._run
        now = run.clock.elapsed() if run is not None else None
        with self._lock:
            self.tracker.add_measurement(measurement, now=now)

    def on_state(self, state: HeartState) -> None:
        before, self.state = self.state, state
        if state == before:
            return
        if state == "connected" and before in ("lost", "no contact"):
            with self._lock:
                self.tracker.resync()
            self._tell(state_words(state))
        elif state in ("lost", "no contact"):
            self._tell(state_words(state))

    async def _feed(self) -> None:
        try:
            await self.source.run(self)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a strap not found mid-way: the session goes on without
            self._tell(f"heart: {exc}; the session goes on without heart data")

    def _thread_main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            if self._stopped:
                return
            self._task = loop.create_task(self._feed())
            with contextlib.suppress(asyncio.CancelledError):
                loop.run_until_complete(self._task)
        finally:
            loop.close()

    def stop(self) -> None:
        """Cancel the source; in plain mode wait a little for its thread (it is a daemon)."""
        self._stopped = True
        task, loop, thread = self._task, self._loop, self._thread
        if thread is not None:
            if loop is not None and task is not None:
                with contextlib.suppress(RuntimeError):  # the loop closed: it ended itself
                    loop.call_soon_threadsafe(task.cancel)
            thread.join(STOP_SECONDS)
        elif task is not None:
            task.cancel()
