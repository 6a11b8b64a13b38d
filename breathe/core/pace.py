"""The pace check after a session: was it too easy, about right or too hard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from breathe.core.session import SessionResult

Felt = Literal["easy", "right", "hard"]
FELT_VALUES: tuple[Felt, ...] = ("easy", "right", "hard")
FELT_LABELS: dict[Felt, str] = {"easy": "too easy", "right": "about right", "hard": "too hard"}
# Digits, not letters: no other screen gives 1, 2 or 3 a meaning, while a letter (h, e, r)
# pressed by reflex from the home screen's habits would step an exercise back.
FELT_DIGITS: dict[str, Felt] = {"1": "easy", "2": "right", "3": "hard"}
PACE_CHOICES = "1 too easy, 2 about right, 3 too hard"


def parse_felt(text: str) -> Felt | None:
    """`easy`, `right` or `hard` (or 1, 2, 3); None for anything else, a lone letter too."""
    word = text.strip().lower()
    if word in FELT_DIGITS:
        return FELT_DIGITS[word]
    return next((value for value in FELT_VALUES if word == value), None)


def asks_pace(result: SessionResult) -> bool:
    """Only a session that counts toward a step is asked: an exercise at a step of its
    ladder (a routine, a sweep or a dose typed off the ladder moves none), with at least one
    whole breath (one ended in its first breath says nothing)."""
    return result.plan.on_ladder and result.plan.routine is None and result.breaths >= 1


def checked_felt(value: str | None) -> Felt | None:
    if value is None:
        return None
    felt = parse_felt(value)
    if felt is None or felt != value:
        raise ValueError(f"felt must be easy, right or hard, not {value!r}")
    return felt
