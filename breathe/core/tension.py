"""The tension rating, before and after a session: a whole number on one scale, defined here
once so the store, the importer, the checks and the command line cannot disagree on it."""

from __future__ import annotations

TENSION_MIN = 0
TENSION_MAX = 10


def is_tension(value: object) -> bool:
    """A whole number on the scale (not a bool, which Python counts as an int)."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and TENSION_MIN <= value <= TENSION_MAX
    )


def checked_tension(value: int | None) -> int | None:
    """None stays None; anything off the scale is a ValueError naming the scale."""
    if value is None:
        return None
    if not is_tension(value):
        raise ValueError(f"tension must be {TENSION_MIN} to {TENSION_MAX}, not {value}")
    return int(value)
