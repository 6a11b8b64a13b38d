"""Listener helpers for front ends: one failing listener never stops a session, and
listeners made late (after the first frame) still hear everything in order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from breathe.core.engine import Segment, State
from breathe.core.session import SessionListener, SessionResult, SessionRun

ListenersFactory = Callable[[SessionRun], Sequence[SessionListener]]


class GuardedListener:
    """Passes events on to a listener; its first error becomes a notification, not a crash."""

    def __init__(self, listener: SessionListener, report: Callable[[Exception], None]) -> None:
        self.listener = listener
        self.report = report
        self.failed = False

    def _call(self, method: Callable[..., None], *args: Any) -> None:
        try:
            method(*args)
        except Exception as exc:
            if not self.failed:
                self.failed = True
                self.report(exc)

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        self._call(self.listener.segment_started, run, segment, state)

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        self._call(self.listener.breath_completed, run, breaths, state)

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self._call(self.listener.finished, run, result)


class LateListeners:
    """A session's listeners, made once its first frame is on screen, so opening the history
    file, the sound device and keep-awake never delays the paint. What they missed by then
    (the count-in starting) is handed on in order; a session ending first makes them at once,
    so it is still saved."""

    def __init__(
        self, run: SessionRun, factory: ListenersFactory, report: Callable[[Exception], None]
    ) -> None:
        self._run = run
        self._factory = factory
        self._report = report
        self._listeners: list[SessionListener] | None = None
        self._missed: list[tuple[str, tuple[Any, ...]]] = []

    def ready(self) -> None:
        if self._listeners is not None:
            return
        try:
            made = list(self._factory(self._run))
        except Exception as exc:
            self._report(exc)
            made = []
        self._listeners = [GuardedListener(listener, self._report) for listener in made]
        missed, self._missed = self._missed, []
        for name, args in missed:
            self._send(name, *args)

    def _send(self, name: str, *args: Any) -> None:
        if self._listeners is None:
            self._missed.append((name, args))
            if name == "finished":
                self.ready()
            return
        for listener in self._listeners:
            getattr(listener, name)(*args)

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        self._send("segment_started", run, segment, state)

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        self._send("breath_completed", run, breaths, state)

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self._send("finished", run, result)
