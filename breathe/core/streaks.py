"""Streaks: runs of consecutive local days with at least one breath. Pure: the days come in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Streaks:
    """Runs of consecutive local days with at least one breath; today unpractised keeps it."""

    current: int
    longest: int


def streaks_of(days: Sequence[date], today: date) -> Streaks:
    """Current streak ends today, or yesterday while today is still open; days sorted."""
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if previous is not None and today - previous <= timedelta(days=1) and previous <= today:
        current = run
    return Streaks(current=current, longest=longest)
