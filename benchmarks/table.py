"""The benchmark table: one line per figure, its baseline from the same run, the ratio and the
goal, ok or MISS. Pure (no measuring), so a fast test can hold the goal checks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    figure: float
    unit: str
    baseline: float | None
    goal: str
    ok: bool

    def line(self) -> str:
        base = f"{self.baseline:10.3f}" if self.baseline is not None else " " * 10
        ratio = (
            f"{self.figure / self.baseline:6.2f}x" if self.baseline not in (None, 0) else " " * 7
        )
        mark = "ok  " if self.ok else "MISS"
        return (
            f"{mark} {self.name:<40} {self.figure:10.3f} {self.unit:<4} {base} {ratio}  {self.goal}"
        )


def header() -> str:
    return (
        f"{'':4} {'benchmark':<40} {'figure':>10} {'unit':<4} {'baseline':>10} {'ratio':>7}  goal"
    )


def at_most_ratio(figure: float, baseline: float, ratio: float) -> bool:
    """figure <= ratio x baseline; a figure that could not be measured (NaN) misses."""
    return not (math.isnan(figure) or math.isnan(baseline)) and figure <= ratio * baseline


def at_most(figure: float, limit: float) -> bool:
    return not math.isnan(figure) and figure <= limit


def at_least(figure: float, limit: float) -> bool:
    return not math.isnan(figure) and figure >= limit


def ratio_result(
    name: str, figure: float, unit: str, baseline: float, ratio: float, what: str = "floor"
) -> Result:
    """A figure against `ratio` times its baseline (the floor, unless `what` says otherwise)."""
    return Result(
        name,
        figure,
        unit,
        baseline,
        f"<= {ratio:g}x {what}",
        at_most_ratio(figure, baseline, ratio),
    )


def cpu_result(
    name: str, percent: float, floor: float | None, limit: float, floor_ratio: float | None = None
) -> Result:
    """Steady CPU (% of a core) against a limit, and against a ratio of the floor if given."""
    ok = at_most(percent, limit)
    goal = f"<= {limit:g}% of a core"
    if floor_ratio is not None and floor is not None:
        ok = ok and at_most_ratio(percent, floor, floor_ratio)
        goal += f" and <= {floor_ratio:g}x floor"
    return Result(name, percent, "%", floor, goal, ok)


def render(results: Sequence[Result], notes: Sequence[str] = ()) -> str:
    return "\n".join([header(), *(r.line() for r in results), *notes])


def exit_status(results: Sequence[Result]) -> int:
    """1 when any goal is missed (or nothing was measured)."""
    return 0 if results and all(r.ok for r in results) else 1
