"""A simulated strap: RR intervals whose heart rate follows breathe's own pacer.

The swing follows a resonance curve over breathing frequency, largest at `resonance`
breaths/min, so a sweep over rates finds it; small noise and the occasional ectopic beat (a
short beat and its compensatory pause) exercise the cleaning. Seeded: same seed, same beats.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Iterator, Sequence
from typing import Protocol

DEFAULT_RESONANCE = 5.5
BASE_BPM = 66.0
PEAK_HALF_SWING = 7.0  # bpm either side of the base at resonance: a swing of ~14
SHARPNESS = 3.0  # the curve's quality factor: how fast the swing falls away from resonance
NOISE_BPM = 0.4


class Pacer(Protocol):
    """Where the breathing stands at time t: `phase_at` in [0, 1) of the current breath (0
    the start of the inhale), `rate_at` in breaths per minute."""

    def phase_at(self, t: float) -> float: ...

    def rate_at(self, t: float) -> float: ...


class SteadyPacer:
    """One rate for ever, from t = 0."""

    def __init__(self, rate: float) -> None:
        self.rate = rate

    def phase_at(self, t: float) -> float:
        return (t * self.rate / 60.0) % 1.0

    def rate_at(self, t: float) -> float:
        return self.rate


class BoundaryPacer:
    """The breaths as (start, end) times: the pacer the session really ran. Before the first
    breath and after the last the rate of the nearest breath continues."""

    def __init__(self, breaths: Sequence[tuple[float, float]]) -> None:
        if not breaths:
            raise ValueError("a pacer needs at least one breath")
        self.breaths = list(breaths)
        self._starts = [start for start, _ in self.breaths]

    def _breath(self, t: float) -> tuple[float, float]:
        i = bisect.bisect_right(self._starts, t) - 1
        return self.breaths[min(max(i, 0), len(self.breaths) - 1)]

    def phase_at(self, t: float) -> float:
        start, end = self._breath(t)
        return ((t - start) / (end - start)) % 1.0

    def rate_at(self, t: float) -> float:
        start, end = self._breath(t)
        return 60.0 / (end - start)


def half_swing(rate: float, resonance: float = DEFAULT_RESONANCE) -> float:
    """Half the heart-rate swing (bpm) when breathing at `rate`: a resonance curve."""
    x = rate / resonance - resonance / rate
    return PEAK_HALF_SWING / math.sqrt(1.0 + (SHARPNESS * x) ** 2)


class SimulatedStrap:
    """Endless RR intervals (ms) for a pacer, starting at t = `start`."""

    def __init__(
        self,
        pacer: Pacer,
        *,
        resonance: float = DEFAULT_RESONANCE,
        seed: int = 0,
        ectopic: float = 0.005,
        start: float = 0.0,
    ) -> None:
        self.pacer = pacer
        self.resonance = resonance
        self.ectopic = ectopic
        self.t = start
        self._random = random.Random(seed)

    def heart_rate_at(self, t: float) -> float:
        """Lowest at the start of the inhale, highest half way through the breath."""
        swing = half_swing(self.pacer.rate_at(t), self.resonance)
        return BASE_BPM - swing * math.cos(2 * math.pi * self.pacer.phase_at(t))

    def intervals(self) -> Iterator[float]:
        rnd = self._random
        while True:
            bpm = self.heart_rate_at(self.t) + rnd.gauss(0.0, NOISE_BPM)
            rr = 60_000.0 / bpm
            # An ectopic beat: premature, then the full compensatory pause (the pair sums to two).
            pair = (rr * 0.6, rr * 1.4) if rnd.random() < self.ectopic else (rr,)
            for value in pair:
                self.t += value / 1000.0
                yield value

    def until(self, end: float) -> list[float]:
        """Every interval whose beat falls before `end` (for pure, non-real-time use)."""
        out: list[float] = []
        for rr in self.intervals():
            out.append(rr)
            if self.t >= end:
                break
        return out
