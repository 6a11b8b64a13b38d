"""The pace check after a session: was it too easy, about right or too hard."""

from __future__ import annotations

from typing import Literal

Felt = Literal["easy", "right", "hard"]
FELT_VALUES: tuple[Felt, ...] = ("easy", "right", "hard")
FELT_LABELS: dict[Felt, str] = {"easy": "too easy", "right": "about right", "hard": "too hard"}


def parse_felt(text: str) -> Felt | None:
    """`easy`, `right` or `hard` (or their first letter); None for anything else."""
    word = text.strip().lower()
    for value in FELT_VALUES:
        if word in (value, value[0]):
            return value
    return None


def checked_felt(value: str | None) -> Felt | None:
    if value is None:
        return None
    felt = parse_felt(value)
    if felt is None or felt != value:
        raise ValueError(f"felt must be easy, right or hard, not {value!r}")
    return felt
