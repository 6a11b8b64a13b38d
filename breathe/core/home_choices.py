"""What the user set on the home screen for each exercise or routine (exhale, dose,
rounds), how a key changes it within the engine's limits, and how it is kept between runs
(as plain JSON-ready data: the screen's port stores it)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from breathe.core.catalogue import Catalogue, Exercise, Routine, rest_between_sets
from breathe.core.engine import (
    MAX_BREATHS,
    MAX_SESSION_SECONDS,
    MAX_SETS,
    Dose,
    ExhaleStyle,
    ScheduleError,
)
from breathe.core.plan import DoseChoice

MAX_MINUTES = MAX_SESSION_SECONDS // 60


@dataclass(frozen=True)
class Choice:
    """What the user set for one item before starting it."""

    exhale: ExhaleStyle
    dose: Dose | None  # None for routines: each step has its own, in `steps`
    # Routines, for this app's runs only: each step's dose, between-sets' rounds (None: until
    # the user stops) and mid-run's minutes between resets (None: the default).
    steps: tuple[Dose, ...] = ()
    rounds: int | None = None
    every: Fraction | None = None

    def dose_choice(self, default: Dose | None) -> DoseChoice | None:
        if self.dose is None or self.dose == default:
            return None
        return DoseChoice(breaths=self.dose.breaths, minutes=self.dose.minutes, sets=self.dose.sets)


def default_choice(catalogue: Catalogue, item: Exercise | Routine) -> Choice:
    if isinstance(item, Exercise):
        return Choice(item.exhale, item.dose)
    first = item.steps[0]
    exercise = catalogue.exercise(first.exercise)
    exhale = first.exhale or (exercise.exhale if exercise else ExhaleStyle.HUM)
    try:
        steps = tuple(block.dose for _, block in catalogue.routine_blocks(item))
    except ScheduleError:
        steps = ()
    return Choice(exhale, None, steps=steps)


def choice_to_state(choice: Choice) -> dict[str, object]:
    """A routine's adjustments as JSON-ready values (Fractions as text)."""

    def dose(d: Dose) -> dict[str, object]:
        return {
            "breaths": d.breaths,
            "minutes": None if d.minutes is None else str(d.minutes),
            "sets": d.sets,
            "rest": str(d.rest_seconds),
        }

    return {
        "steps": [dose(d) for d in choice.steps],
        "rounds": choice.rounds,
        "every": None if choice.every is None else str(choice.every),
    }


def choice_from_state(default: Choice, data: object) -> Choice:
    """The kept adjustments over the default; anything unreadable keeps the default."""
    if not isinstance(data, dict):
        return default
    try:
        steps = tuple(
            Dose(
                breaths=s["breaths"],
                minutes=None if s["minutes"] is None else Fraction(s["minutes"]),
                sets=int(s["sets"]),
                rest_seconds=Fraction(s["rest"]),
            )
            for s in data["steps"]
        )
        rounds = data["rounds"]
        every = None if data["every"] is None else Fraction(data["every"])
    except (KeyError, TypeError, ValueError, ZeroDivisionError, ScheduleError):
        return default
    if len(steps) != len(default.steps) or not (rounds is None or isinstance(rounds, int)):
        return default
    return replace(default, steps=steps, rounds=rounds, every=every)


DEFAULT_ROUNDS = 5  # the first ] or [ on between-sets: a usual number of strength sets
MAX_EVERY_MINUTES = 60


def adjust_amount(dose: Dose, step: int) -> Dose:
    """One more or one fewer breath (or minute) per set, within the engine's limits."""
    if dose.breaths is not None:
        return replace(dose, breaths=min(MAX_BREATHS, max(1, dose.breaths + step)))
    minutes = dose.minutes or Fraction(1)
    return replace(dose, minutes=min(Fraction(MAX_MINUTES), max(Fraction(1), minutes + step)))


def adjust_sets(dose: Dose, step: int) -> Dose:
    sets = min(MAX_SETS, max(1, dose.sets + step))
    return replace(dose, sets=sets, rest_seconds=rest_between_sets(sets, dose.rest_seconds))
