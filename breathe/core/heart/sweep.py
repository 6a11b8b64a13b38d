"""The resonance sweep's maths: breathe at each rate in turn, leave out the first quarter of
each (the heart takes a while to settle into a new rate), and pick the rate whose breaths
swing the heart rate most, LF power breaking ties (Lehrer and Vaschillo's stepped protocol).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from breathe.core.heart import figures
from breathe.core.heart.beats import Beat

SWEEP_RATES = (6.5, 6.0, 5.5, 5.0, 4.5)
SKIP_FRACTION = 0.25
INHALE_FRACTION = 0.4  # hooklying: a longer exhale
ROUGH_LF_SECONDS = 120.0  # under this much kept per rate the LF band has few DFT bins


@dataclass(frozen=True)
class Stage:
    """One rate of the sweep: its breaths as (start, end) on the session clock."""

    rate: float
    breaths: tuple[tuple[float, float], ...]
    inhale_fraction: float = INHALE_FRACTION

    @property
    def start(self) -> float:
        return self.breaths[0][0]

    @property
    def end(self) -> float:
        return self.breaths[-1][1]


@dataclass(frozen=True)
class RateFigures:
    """What one rate gave, over the breaths kept (the first quarter left out)."""

    rate: float
    swings: tuple[float, ...]
    lf_power: float | None
    rmssd_ms: float | None
    peak_phase_s: float | None
    kept_seconds: float

    @property
    def mean_swing(self) -> float | None:
        return statistics.fmean(self.swings) if self.swings else None


def sweep_stages(
    rates: Sequence[float] = SWEEP_RATES, seconds_each: float = 120.0, start: float = 0.0
) -> list[Stage]:
    """Whole breaths at each rate filling about `seconds_each` (at least two per rate)."""
    stages = []
    t = start
    for rate in rates:
        period = 60.0 / rate
        count = max(2, round(seconds_each / period))
        breaths = tuple((t + i * period, t + (i + 1) * period) for i in range(count))
        stages.append(Stage(rate, breaths))
        t = breaths[-1][1]
    return stages


def rate_figures(stage: Stage, beats: Sequence[Beat], skip: float = SKIP_FRACTION) -> RateFigures:
    """The figures of one stage from the session's cleaned beats."""
    settle = stage.start + skip * (stage.end - stage.start)
    kept = [b for b in stage.breaths if b[0] >= settle]
    span = [b for b in beats if kept and kept[0][0] <= b.t < kept[-1][1]]
    phases = [figures.peak_phase(span, s, s + stage.inhale_fraction * (e - s), e) for s, e in kept]
    found = [p for p in phases if p is not None]
    return RateFigures(
        rate=stage.rate,
        swings=tuple(figures.swings(span, kept)),
        lf_power=figures.lf_power(span),
        rmssd_ms=figures.rmssd(span),
        peak_phase_s=statistics.fmean(found) if found else None,
        kept_seconds=(kept[-1][1] - kept[0][0]) if kept else 0.0,
    )


def sweep_figures(stages: Sequence[Stage], beats: Sequence[Beat]) -> list[RateFigures]:
    return [rate_figures(stage, beats) for stage in stages]


def choose_rate(results: Sequence[RateFigures]) -> float | None:
    """The rate with the largest mean swing per breath (to 0.1 bpm, as shown); LF power
    breaks ties. None when no rate had a measurable breath."""
    scored = [r for r in results if r.mean_swing is not None]
    if not scored:
        return None
    best = max(scored, key=lambda r: (round(r.mean_swing or 0.0, 1), r.lf_power or 0.0))
    return best.rate


def _cell(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def sweep_table(results: Sequence[RateFigures]) -> list[str]:
    """The table the sweep prints: rate, swing, LF power, RMSSD, peak phase; a note when the
    stages were too short for a trustworthy LF figure."""
    lines = [f"{'rate':>5}  {'swing':>6}  {'LF power':>9}  {'RMSSD':>6}  {'peak phase':>10}"]
    for r in results:
        lines.append(
            f"{r.rate:>5.1f}  {_cell(r.mean_swing, '.1f'):>6}  {_cell(r.lf_power, '.1f'):>9}"
            f"  {_cell(r.rmssd_ms, '.0f'):>6}  {_cell(r.peak_phase_s, '+.1f') + ' s':>10}"
        )
    lines.append("rate in breaths/min, swing in bpm per breath, LF power in bpm², RMSSD in ms;")
    lines.append("peak phase: seconds from the end of the inhale to the heart-rate peak")
    if any(r.kept_seconds < ROUGH_LF_SECONDS for r in results):
        lines.append("short stages give rough LF power figures; the choice rests on the swing")
    return lines


def resonance_line(rate: float) -> str:
    return f"your resonance rate: {rate:.1f} breaths/min"


def resonance_source_line(rate: float, swept_on: str) -> str:
    """What the `resonance` exercise says while it paces at the swept rate (date ISO)."""
    return f"{rate:.1f} breaths/min, from your sweep of {swept_on}"
