"""Beats from RR intervals: times from the running sum of RR (a strap batches its packets, so
arrival time says little about when a heart beat), and cleaning that counts what it changes.

Cleaning: an interval outside the range gate (a missed or doubled detection) or one that jumps
more than `max_jump` from the median of the recent accepted beats (an ectopic beat; its
compensatory pause is caught with it even when the pause alone jumps less) is replaced by the
last good interval (the nearest in time, so the breath's swing survives) and counted as an
artefact. The time line still advances by the interval as measured, so beats stay where they
happened.
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
        self._premature: float | None = None  # the last flagged short beat, as measured
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
        premature, self._premature = self._premature, None
        if not in_range or abs(rr_ms - median) > self.max_jump * median:
            self.artefacts += 1
            if rr_ms < median:
                self._premature = rr_ms
            return self._recent[-1]  # not added: one artefact must not pull the median
        if premature is not None and rr_ms > median and self._is_pause(premature + rr_ms):
            self.artefacts += 1  # the compensatory pause after a premature beat
            return self._recent[-1]
        self._recent.append(rr_ms)
        return rr_ms

    def _is_pause(self, pair_ms: float) -> bool:
        """A premature beat and the pause after it add up to about two ordinary beats (the
        last good one: the median lags while the heart rate swings)."""
        last = self._recent[-1]
        return abs(pair_ms - 2 * last) <= self.max_jump * last


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
