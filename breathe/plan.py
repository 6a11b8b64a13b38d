"""Turn what a user chose (an id, dose options, exhale, pattern) into one session plan.

Shared by the command line, plain mode and the app so that all three agree exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from breathe.catalogue import DEFAULT_SET_REST_SECONDS, Catalogue, Exercise, Routine
from breathe.engine import (
    Block,
    Dose,
    ExhaleStyle,
    Pattern,
    Schedule,
    ScheduleError,
    Segment,
)


@dataclass(frozen=True)
class DoseChoice:
    """Dose options as typed; None means "keep the exercise's default"."""

    breaths: int | None = None
    minutes: Fraction | None = None
    sets: int | None = None

    def __post_init__(self) -> None:
        if self.breaths is not None and self.minutes is not None:
            raise ScheduleError("give either --breaths or --minutes, not both")

    @property
    def empty(self) -> bool:
        return self.breaths is None and self.minutes is None and self.sets is None

    def apply(self, exercise: Exercise, default: Dose | None = None) -> Dose:
        """Options replace the whole default dose; --sets alone multiplies the default's set."""
        base = default or exercise.dose
        if self.empty:
            return base
        rest = base.rest_seconds or DEFAULT_SET_REST_SECONDS
        if self.breaths is None and self.minutes is None:
            return Dose(
                breaths=base.breaths,
                minutes=base.minutes,
                sets=self.sets or 1,
                rest_seconds=rest,
            )
        return Dose(
            breaths=self.breaths,
            minutes=self.minutes,
            sets=self.sets or 1,
            rest_seconds=rest,
        )


@dataclass(frozen=True)
class SessionPlan:
    """Everything a runner of a session needs: what is breathed, and its exact schedule."""

    id: str
    name: str
    exercises: tuple[Exercise, ...]  # one per block
    schedule: Schedule
    routine: Routine | None = None

    def exercise_for(self, segment: Segment) -> Exercise:
        return self.exercises[segment.step]

    def block_for(self, segment: Segment) -> Block:
        return self.schedule.blocks[segment.step]

    @property
    def exhale(self) -> ExhaleStyle:
        return self.schedule.blocks[0].exhale

    @property
    def pattern_text(self) -> str:
        return " then ".join(dict.fromkeys(b.pattern.text for b in self.schedule.blocks))

    @property
    def planned(self) -> str:
        return " then ".join(b.dose.describe() for b in self.schedule.blocks)


def plan_session(
    catalogue: Catalogue,
    id: str,
    dose: DoseChoice | None = None,
    exhale: ExhaleStyle | None = None,
    pattern: str | None = None,
    lead_in: Fraction | float | int = 3,
) -> SessionPlan:
    dose = dose or DoseChoice()
    found = catalogue.require(id)
    if isinstance(found, Exercise):
        pat = Pattern.parse(pattern) if pattern is not None else None
        block = found.block(dose=dose.apply(found), exhale=exhale, pattern=pat)
        schedule = Schedule([block], lead_in=lead_in)
        return SessionPlan(found.id, found.name, (found,), schedule)
    if pattern is not None:
        raise ScheduleError(f"--pattern applies to a single exercise, not the routine {found.id!r}")
    pairs = catalogue.routine_blocks(found, exhale=exhale)
    blocks = []
    for ex, block in pairs:
        if not dose.empty:
            block = Block(
                block.pattern, dose.apply(ex, block.dose), block.exhale, block.transition_seconds
            )
        blocks.append(block)
    schedule = Schedule(blocks, lead_in=lead_in)
    return SessionPlan(found.id, found.name, tuple(ex for ex, _ in pairs), schedule, routine=found)
