"""Listener helpers for front ends: one failing listener never stops a session, and
listeners made late still hear everything in order.

Both wrappers forward every hook named in `session.HOOKS` (made from that one list, so a
hook added to `SessionListener` cannot be left out here; a test walks them all).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from breathe.core.session import HOOKS, SessionListener, SessionRun

ListenersFactory = Callable[[SessionRun], Sequence[SessionListener]]

_Wrapper = TypeVar("_Wrapper", bound=type[SessionListener])


def _forwards_every_hook(cls: _Wrapper) -> _Wrapper:
    """Gives the class one method per hook, each calling `self._forward(name, *args)`."""

    def forwarder(name: str) -> Callable[..., None]:
        def forward(self: Any, *args: Any) -> None:
            self._forward(name, *args)

        forward.__name__ = name
        forward.__doc__ = f"Passes `{name}` on."
        return forward

    for name in HOOKS:
        setattr(cls, name, forwarder(name))
    return cls


@_forwards_every_hook
class GuardedListener(SessionListener):
    """Passes events on to a listener; its first error becomes a notification, not a crash."""

    def __init__(self, listener: SessionListener, report: Callable[[Exception], None]) -> None:
        self.listener = listener
        self.report = report
        self.failed = False

    def _forward(self, name: str, *args: Any) -> None:
        try:
            getattr(self.listener, name)(*args)
        except Exception as exc:
            if not self.failed:
                self.failed = True
                self.report(exc)


@_forwards_every_hook
class LateListeners(SessionListener):
    """A session's listeners, made when `ready()` is called (the app: once the first frame is
    on screen), so opening the history file, the sound device and keep-awake never delays
    the paint. What they missed by then is handed on in order; a session ending first makes
    them at once, so it is still saved."""

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
            self._forward(name, *args)

    def _forward(self, name: str, *args: Any) -> None:
        if self._listeners is None:
            self._missed.append((name, args))
            if name == "finished":
                self.ready()
            return
        for listener in self._listeners:
            getattr(listener, name)(*args)
