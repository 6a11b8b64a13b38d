"""The session clock: active time from an injected monotonic clock, pauses left out."""

from __future__ import annotations

from collections.abc import Callable


class SessionClock:
    """Active time since start, from an injected monotonic clock; pauses excluded."""

    def __init__(self, get_time: Callable[[], float]) -> None:
        self._get_time = get_time
        self._start: float | None = None
        self._paused_at: float | None = None
        self._paused_total = 0.0

    def start(self) -> None:
        self._start = self._get_time()

    @property
    def started(self) -> bool:
        return self._start is not None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def pause(self) -> None:
        if self._start is not None and self._paused_at is None:
            self._paused_at = self._get_time()

    def pause_at(self, active_t: float) -> None:
        """Pause as if exactly at active time active_t (already passed), for exact waits."""
        if self._start is not None and self._paused_at is None:
            self._paused_at = min(self._get_time(), self.instant_of(active_t))

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self._get_time() - self._paused_at
            self._paused_at = None

    def toggle(self) -> bool:
        """Pause or resume; True when now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def elapsed(self) -> float:
        if self._start is None:
            return 0.0
        now = self._paused_at if self._paused_at is not None else self._get_time()
        return now - self._start - self._paused_total

    def current_pause(self) -> float:
        return self._get_time() - self._paused_at if self._paused_at is not None else 0.0

    def paused_seconds(self) -> float:
        extra = self._get_time() - self._paused_at if self._paused_at is not None else 0.0
        return self._paused_total + extra

    def instant_of(self, active_t: float) -> float:
        """The clock reading at which active time reaches active_t, if no pause intervenes."""
        if self._start is None:
            raise RuntimeError("clock not started")
        return self._start + self._paused_total + active_t
