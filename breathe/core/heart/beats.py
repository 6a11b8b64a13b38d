"""Beats from RR intervals: times from the running sum of RR (a strap batches its packets, so
arrival time says little about when a heart beat), and cleaning that counts what it changes.

Cleaning: an interval outside the range gate (a missed or doubled detection) or one that jumps
more than `max_jump` from the median of the recent accepted beats (an ectopic beat and its
compensatory pause) is replaced by that median and counted as an artefact; the time line still
advances by the interval as measured, so beats stay where they happened.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass

MIN_RR_MS = 270.0  # 222 bpm
MAX_RR_MS = 2000.0  # 30 bpm
MAX_JUMP = 0.25
MEDIAN_WINDOW = 9


@dataclass(frozen=True)
class Beat:
    """One heart beat at `t` seconds on the session clock: `rr_ms` as cleaned (what the
    figures use), `raw_ms` as measured, `artefact` when the two differ."""

    t: float
    rr_ms: float
    raw_ms: float
    artefact: bool = False

    @property
    def bpm(self) -> float:
        return 60_000.0 / self.rr_ms


class RRCleaner:
    """Range gate plus running-median jump check; `artefacts` counts every replaced interval."""

    def __init__(
        self,
        *,
        min_ms: float = MIN_RR_MS,
        max_ms: float = MAX_RR_MS,
        max_jump: float = MAX_JUMP,
        window: int = MEDIAN_WINDOW,
    ) -> None:
        self.min_ms = min_ms
        self.max_ms = max_ms
        self.max_jump = max_jump
        self._recent: deque[float] = deque(maxlen=window)
        self.artefacts = 0

    def clean(self, rr_ms: float) -> float | None:
        """The interval to use, or None when it is out of range and there is no history to
        replace it from yet (still counted)."""
        in_range = self.min_ms <= rr_ms <= self.max_ms
        if not self._recent:
            if not in_range:
                self.artefacts += 1
                return None
            self._recent.append(rr_ms)
            return rr_ms
        median = statistics.median(self._recent)
        if not in_range or abs(rr_ms - median) > self.max_jump * median:
            self.artefacts += 1
            return median  # not added to the window: one artefact must not pull the median
        self._recent.append(rr_ms)
        return rr_ms


class BeatClock:
    """Turns RR intervals into timed, cleaned beats, starting at `start` seconds."""

    def __init__(self, start: float = 0.0, cleaner: RRCleaner | None = None) -> None:
        self.t = start
        self.cleaner = cleaner or RRCleaner()

    def add(self, rr_ms: float) -> Beat | None:
        """The beat that ends this interval; None for an unusable first interval (its time
        still counts, so later beats stay where they were)."""
        self.t += rr_ms / 1000.0
        used = self.cleaner.clean(rr_ms)
        if used is None:
            return None
        return Beat(t=self.t, rr_ms=used, raw_ms=rr_ms, artefact=used != rr_ms)

    def add_all(self, rr_ms: list[float] | tuple[float, ...]) -> list[Beat]:
        beats = (self.add(rr) for rr in rr_ms)
        return [b for b in beats if b is not None]

    @property
    def artefacts(self) -> int:
        return self.cleaner.artefacts
