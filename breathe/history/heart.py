"""The heart saved with a session (`--hr`): its figures as shown in the summary, and its
beats, the intervals as measured, so an export carries them and an import restores them.

Kept apart from `records` so the session record's reads and checks call one function each
for the five heart fields; the figures are plain numbers, None without heart data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

MAX_RR = 50_000  # beats kept per session: about 11 hours at 75 bpm
MAX_RR_MS = 64_000.0  # the longest interval a strap can send (uint16 of 1/1024 s)
HEART_FIELDS = ("heart_bpm", "heart_swing_bpm", "heart_rmssd_ms", "heart_beats", "heart_rr_ms")
# The stored column of each heart field: the intervals are the session's rows of `beats`,
# in beat order, as one text of comma-separated numbers.
RR_COLUMN = (
    "(SELECT group_concat(rr_ms) FROM "
    "(SELECT rr_ms FROM beats WHERE session_id = sessions.id ORDER BY t_s))"
)
_LIMITS = {"heart_bpm": 300.0, "heart_swing_bpm": 300.0, "heart_rmssd_ms": 10_000.0}


class HeartProblem(ValueError):
    """One impossible heart value in an imported session, named with its field."""


@dataclass(frozen=True)
class HeartFigures:
    """What a session's heart came to: mean heart rate, mean swing per breath, RMSSD and
    the number of beats (0 for a sensor that sends no intervals)."""

    bpm: float | None
    swing_bpm: float | None
    rmssd_ms: float | None
    beats: int

    def columns(self) -> tuple[float | None, float | None, float | None, int]:
        return (_round(self.bpm), _round(self.swing_bpm), _round(self.rmssd_ms), self.beats)


class HeartLog(Protocol):
    """A running session's heart, as the recorder reads it (services' HeartWatch)."""

    def beats_since(self, index: int) -> list[tuple[float, float]]:
        """(time on the session clock, interval as measured) of every beat from `index`."""
        ...

    def figures(self) -> HeartFigures | None:
        """The figures so far; None when no beat or reading came at all."""
        ...


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)  # as shown, and a little finer


def rr_ms(value: float) -> float:
    """An interval as stored: to the microsecond (1/1024 s needs more, nobody needs that)."""
    return round(float(value), 3)


def rr_text(values: Sequence[float]) -> str:
    """Intervals as the CSV export writes them: space-separated, whole ones without `.0`."""
    return " ".join(_number(v) for v in values)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def beat_rows(values: Sequence[float]) -> list[tuple[float, float]]:
    """The beats of imported intervals: times rebuilt from their running sum (from 0)."""
    out: list[tuple[float, float]] = []
    t = 0.0
    for rr in values:
        t += rr / 1000.0
        out.append((round(t, 3), rr))
    return out


def lenient_heart(values: Sequence[object], odd: list[str]) -> dict[str, Any]:
    """The heart fields of a stored row (figures, beats, intervals' text), each checked;
    an odd value becomes None (or no intervals) and is named in `odd`."""
    if not any(v is not None for v in values):  # no heart data: most rows, read fast
        return {name: None for name in HEART_FIELDS[:4]} | {"heart_rr_ms": ()}
    out: dict[str, Any] = {}
    for name, value in zip(HEART_FIELDS[:4], values, strict=False):
        whole = name == "heart_beats"
        number = finite_number(value) if not isinstance(value, str) else None
        high = float(10**9) if whole else _LIMITS[name]
        if number is None or not 0 <= number <= high or (whole and not number.is_integer()):
            if value is not None:
                odd.append(f"{name}={value!r:.30}")
            out[name] = None
        else:
            out[name] = int(number) if whole else number
    text = values[4] if len(values) > 4 else None
    try:
        out["heart_rr_ms"] = _parse_rr(text)
    except (ValueError, TypeError):
        odd.append(f"heart_rr_ms={text!r:.30}")
        out["heart_rr_ms"] = ()
    return out


def finite_number(value: object) -> float | None:
    """A finite number from a number or its text; None for anything else."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    return number if number is not None and math.isfinite(number) else None


def _parse_rr(value: object) -> tuple[float, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        raise TypeError(value)
    return tuple(float(part) for part in value.split(","))


def strict_heart(item: Mapping[str, Any]) -> dict[str, Any]:
    """The heart fields of an imported session, all None (no intervals) when absent;
    HeartProblem names the first impossible one."""
    out: dict[str, Any] = {}
    for name, high in _LIMITS.items():
        out[name] = _figure(item.get(name), name, high)
    beats = _figure(item.get("heart_beats"), "heart_beats", float(10**9))
    if beats is not None and not beats.is_integer():
        raise HeartProblem(f"heart_beats is {item.get('heart_beats')!r}; expected a whole number")
    out["heart_beats"] = None if beats is None else int(beats)
    out["heart_rr_ms"] = _strict_rr(item.get("heart_rr_ms"))
    return out


def _figure(value: object, name: str, high: float) -> float | None:
    if value is None or value == "":
        return None
    number = finite_number(value)
    if number is None or not 0 <= number <= high:
        raise HeartProblem(f"{name} is {value!r:.30}; expected a number 0 to {high:,.0f}")
    return number


def _strict_rr(value: object) -> tuple[float, ...]:
    """Intervals in ms: a JSON list of numbers or the CSV's space-separated text."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        parts: list[object] = list(value.split())
    elif isinstance(value, list):
        parts = value
    else:
        raise HeartProblem(
            f"heart_rr_ms is {value!r:.30}; expected intervals in ms (a list, or "
            "space-separated in CSV)"
        )
    if len(parts) > MAX_RR:
        raise HeartProblem(f"heart_rr_ms has {len(parts):,} intervals; at most {MAX_RR:,}")
    out: list[float] = []
    for n, part in enumerate(parts, 1):
        number = finite_number(part)
        if number is None or not 0 < number <= MAX_RR_MS:
            raise HeartProblem(
                f"heart_rr_ms interval {n} is {part!r:.30}; expected ms above 0, at most "
                f"{MAX_RR_MS:,.0f}"
            )
        out.append(rr_ms(number))
    return tuple(out)
