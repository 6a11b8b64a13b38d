"""The heart figures, on cleaned beats (see beats.py) and breath boundaries in the same
session clock. Breathe paces the breaths itself, so each breath's swing is measured between its
own known boundaries rather than guessed from the heart-rate curve.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from breathe.core.heart.beats import Beat

LF_BAND = (0.04, 0.15)
RESAMPLE_HZ = 2.0  # well above twice the LF band's top; keeps the pure DFT cheap


def heart_rate_now(beats: Sequence[Beat], window: int = 5) -> float | None:
    """Mean heart rate of the last few beats (one beat alone jitters too much to read)."""
    if not beats:
        return None
    last = beats[-window:]
    return 60_000.0 * len(last) / sum(b.rr_ms for b in last)


def _in_span(beats: Sequence[Beat], start: float, end: float) -> list[Beat]:
    return [b for b in beats if start <= b.t < end]


def breath_swing(beats: Sequence[Beat], start: float, end: float) -> float | None:
    """Max - min instantaneous heart rate (bpm) among the beats of [start, end); None under
    two beats."""
    inside = _in_span(beats, start, end)
    if len(inside) < 2:
        return None
    rates = [b.bpm for b in inside]
    return max(rates) - min(rates)


def swings(beats: Sequence[Beat], breaths: Sequence[tuple[float, float]]) -> list[float]:
    """The swing of every breath that had beats enough to measure one."""
    found = (breath_swing(beats, start, end) for start, end in breaths)
    return [s for s in found if s is not None]


def rmssd(beats: Sequence[Beat]) -> float | None:
    """Root mean square of successive RR differences (ms); None under three beats."""
    if len(beats) < 3:
        return None
    diffs = [(b.rr_ms - a.rr_ms) ** 2 for a, b in itertools.pairwise(beats)]
    return math.sqrt(sum(diffs) / len(diffs))


def rmssd_recent(beats: Sequence[Beat], seconds: float = 60.0) -> float | None:
    """RMSSD over the beats of the last `seconds` before the last beat."""
    if not beats:
        return None
    since = beats[-1].t - seconds
    return rmssd([b for b in beats if b.t >= since])


def peak_phase(beats: Sequence[Beat], start: float, inhale_end: float, end: float) -> float | None:
    """Seconds from the end of the inhale to the breath's heart-rate peak (negative: before
    it). Near 0 at resonance, where heart rate and breathing move in phase."""
    inside = _in_span(beats, start, end)
    if len(inside) < 2:
        return None
    top = max(inside, key=lambda b: b.bpm)
    return top.t - inhale_end


def resample(beats: Sequence[Beat], hz: float = RESAMPLE_HZ) -> list[float]:
    """Instantaneous heart rate at even steps of 1/hz s, linearly interpolated between beats."""
    if len(beats) < 2:
        return []
    out: list[float] = []
    step = 1.0 / hz
    t = beats[0].t
    i = 0
    while t <= beats[-1].t:
        while beats[i + 1].t < t:
            i += 1
        a, b = beats[i], beats[i + 1]
        frac = (t - a.t) / (b.t - a.t) if b.t > a.t else 0.0
        out.append(a.bpm + frac * (b.bpm - a.bpm))
        t += step
    return out


def _detrended(series: Sequence[float]) -> list[float]:
    """The series less its least-squares line, so a slow drift is not counted as LF power."""
    n = len(series)
    mean_x = (n - 1) / 2
    mean_y = sum(series) / n
    sxx = sum((i - mean_x) ** 2 for i in range(n)) or 1.0
    slope = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(series)) / sxx
    return [y - mean_y - slope * (i - mean_x) for i, y in enumerate(series)]


def band_power(
    series: Sequence[float], hz: float, band: tuple[float, float]
) -> tuple[float, float]:
    """(power in `band`, total power) of an evenly sampled series, one-sided, in the series'
    units squared: a sine of amplitude A carries A**2 / 2. A plain DFT on the bins of the
    band; no window, so short records leak a little: the sweep says its LF is rough."""
    n = len(series)
    if n < 4:
        return 0.0, 0.0
    ys = _detrended(series)
    total = sum(y * y for y in ys) / n
    lo = max(1, math.ceil(band[0] * n / hz))
    hi = min(n // 2, math.floor(band[1] * n / hz))
    power = 0.0
    for k in range(lo, hi + 1):
        w = 2 * math.pi * k / n
        re = sum(y * math.cos(w * i) for i, y in enumerate(ys))
        im = sum(y * math.sin(w * i) for i, y in enumerate(ys))
        power += 2 * (re * re + im * im) / (n * n)
    return power, total


def lf_power(beats: Sequence[Beat]) -> float | None:
    """Heart-rate power (bpm²) in 0.04-0.15 Hz, where resonance breathing puts its swing."""
    series = resample(beats)
    if len(series) < 8:
        return None
    return band_power(series, RESAMPLE_HZ, LF_BAND)[0]
