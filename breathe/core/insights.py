"""What helps you: per exercise and per routine, the mean tension change (after - before) over
the sessions rated both times, with n and a 95 % t interval; below 5 rated sessions, no
number at all ("needs more data").

The store sums in one pass (n, sum, sum of squares per group); the rest is arithmetic here,
in core because it is pure: no file, no clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

MIN_RATED = 5

# Two-sided 95 % critical values of Student's t for 1 to 30 degrees of freedom.
_T95 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip
_Z975 = 1.959963984540054


def t_critical(df: int) -> float:
    """t(0.975, df): the table up to 30, then the Cornish-Fisher expansion (error < 0.001)."""
    if df < 1:
        raise ValueError("at least one degree of freedom")
    if df <= len(_T95):
        return _T95[df - 1]
    z = _Z975
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


@dataclass(frozen=True)
class Insight:
    """One exercise's or routine's tension change; `mean` is None below MIN_RATED."""

    key: str  # the exercise id, or the routine id
    kind: str  # "exercise" or "routine"
    name: str
    n: int
    mean: float | None
    low: float | None
    high: float | None

    @classmethod
    def of(cls, key: str, kind: str, name: str, n: int, total: float, squares: float) -> Insight:
        if n < MIN_RATED:
            return cls(key, kind, name, n, None, None, None)
        mean = total / n
        # The sample variance from the sums; never below 0 from rounding.
        variance = max(0.0, (squares - n * mean * mean) / (n - 1))
        half = t_critical(n - 1) * math.sqrt(variance / n)
        return cls(key, kind, name, n, mean, mean - half, mean + half)

    @property
    def enough(self) -> bool:
        return self.mean is not None

    def sentence(self) -> str:
        """`Hooklying: -2.1 points on average (n = 12, 95 % interval -2.8 to -1.4)`."""
        if self.mean is None or self.low is None or self.high is None:
            return (
                f"{self.name}: needs more data ({self.n} of {MIN_RATED} sessions rated "
                "before and after)"
            )
        return (
            f"{self.name}: {_signed(self.mean)} points on average (n = {self.n}, 95 % interval "
            f"{_signed(self.low)} to {_signed(self.high)})"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "kind": self.kind,
            "name": self.name,
            "n": self.n,
            "mean_change": _round(self.mean),
            "interval_95": None if self.low is None else [_round(self.low), _round(self.high)],
            "enough_data": self.enough,
        }


def _signed(value: float) -> str:
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def order(insights: list[Insight]) -> list[Insight]:
    """Those with a number first, most helpful (most negative) first; then by n."""
    return sorted(
        insights, key=lambda i: (i.mean is None, i.mean if i.mean is not None else -i.n, i.name)
    )


class Keyed(Protocol):
    """An insight line: what it is about (an exercise's or a routine's id) and its name."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...


KeyedLine = TypeVar("KeyedLine", bound=Keyed)


def named(insights: Iterable[KeyedLine], routines: Mapping[str, str]) -> list[KeyedLine]:
    """Each routine's line under the routine's name (its id once it is no longer defined),
    never under the exercises it ran; the exercises' lines as they were."""
    return [
        replace(i, name=routines.get(i.key, i.key)) if i.kind == "routine" else i  # type: ignore[type-var]
        for i in insights
    ]


# The heart (`--hr`): per exercise and routine, over the sessions with heart data, the mean
# swing per breath (larger is nearer one's resonance) and the heart-rate change over the
# session (the last minute's mean heart rate - the first minute's; negative: the heart
# slowed). Ranked by swing, beside tension's change.

CHANGE_SPAN_S = 60.0


def rate_change(beats: Sequence[tuple[float, float]], span: float = CHANGE_SPAN_S) -> float | None:
    """Last `span` seconds' mean heart rate - the first's, in bpm, from (time s, RR ms) beats
    in time order; None when the beats cover less than twice `span` (the two would overlap).
    A mean heart rate is beats per minute over the span's beats: 60,000 x n / sum of RR."""
    if len(beats) < 2 or beats[-1][0] - beats[0][0] < 2 * span:
        return None
    first = [rr for t, rr in beats if t <= beats[0][0] + span]
    last = [rr for t, rr in beats if t >= beats[-1][0] - span]
    return 60_000.0 * len(last) / sum(last) - 60_000.0 * len(first) / sum(first)


@dataclass(frozen=True)
class HeartSession:
    """One session's heart, as the insights group it."""

    key: str  # the exercise id, or the routine id
    kind: str  # "exercise" or "routine"
    name: str
    swing: float | None  # its mean swing per breath, bpm
    change: float | None  # its `rate_change`, bpm


@dataclass(frozen=True)
class HeartInsight:
    """One exercise's or routine's heart: means over its sessions with heart data; a mean is
    None when none of them had that figure."""

    key: str
    kind: str
    name: str
    n: int
    swing: float | None
    change: float | None

    def sentence(self) -> str:
        """`Hooklying: swing 8.2 bpm, heart rate -3.1 bpm (n = 4)`."""
        swing = "swing -" if self.swing is None else f"swing {self.swing:.1f} bpm"
        change = "" if self.change is None else f", heart rate {_signed(self.change)} bpm"
        return f"{self.name}: {swing}{change} (n = {self.n})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "mean_swing_bpm": _round(self.swing),
            "heart_rate_change_bpm": _round(self.change),
            "heart_sessions": self.n,
        }


def heart_insights(sessions: Iterable[HeartSession]) -> list[HeartInsight]:
    """Grouped per exercise and routine; the largest mean swing first, those without one
    last, then by name."""
    groups: dict[tuple[str, str], list[HeartSession]] = {}
    for s in sessions:
        groups.setdefault((s.key, s.kind), []).append(s)
    out = [
        HeartInsight(
            key,
            kind,
            group[-1].name,
            len(group),
            _mean(s.swing for s in group),
            _mean(s.change for s in group),
        )
        for (key, kind), group in groups.items()
    ]
    return sorted(out, key=lambda h: (h.swing is None, -(h.swing or 0.0), h.name))


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
