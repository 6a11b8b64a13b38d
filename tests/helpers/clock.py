"""One injectable monotonic clock for every test: exact, and moved only by the test."""

from __future__ import annotations


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.start = start
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def at(self, seconds: float) -> None:
        """Move to `seconds` after the start."""
        self.now = self.start + seconds

    def sleep(self, seconds: float) -> None:
        """A sleep that takes no real time (pass it where the code under test sleeps)."""
        self.sleeps.append(seconds)
        self.now += seconds
