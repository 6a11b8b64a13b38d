"""Turn what a user chose (an id, dose options, exhale, pattern) into one session plan.

Shared by the command line, plain mode and the app so that all three agree exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from breathe.core.catalogue import Catalogue, Exercise, Routine, RoutineMode, rest_between_sets
from breathe.core.engine import (
    MAX_SESSION_SECONDS,
    Block,
    Dose,
    ExhaleStyle,
    Pattern,
    Schedule,
    ScheduleError,
    Segment,
)
from breathe.core.progression import counts_toward_step
from breathe.core.stored import planned_text
from breathe.core.text import format_clock


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
        sets = self.sets or 1
        rest = rest_between_sets(sets, base.rest_seconds)
        if self.breaths is None and self.minutes is None:
            return Dose(breaths=base.breaths, minutes=base.minutes, sets=sets, rest_seconds=rest)
        return Dose(breaths=self.breaths, minutes=self.minutes, sets=sets, rest_seconds=rest)


@dataclass(frozen=True)
class SessionPlan:
    """Everything a runner of a session needs: what is breathed, and its exact schedule."""

    id: str
    name: str
    exercises: tuple[Exercise, ...]  # one per block
    schedule: Schedule
    routine: Routine | None = None
    # Breathed at a step of its exercise's ladder: it counts toward the next step, so the
    # pace check is asked after it (never for a routine, a sweep or a dose typed off it).
    on_ladder: bool = False

    def exercise_for(self, segment: Segment) -> Exercise:
        return self.exercises[segment.step]

    def block_for(self, segment: Segment) -> Block:
        return self.schedule.blocks[segment.step]

    @property
    def open_ended(self) -> bool:
        """Modes the user ends when done (between sets, mid-run): stopping is completing."""
        return self.routine is not None and self.routine.mode != RoutineMode.SEQUENCE

    @property
    def mode(self) -> RoutineMode:
        return self.routine.mode if self.routine is not None else RoutineMode.SEQUENCE

    @property
    def length_text(self) -> str:
        """How long it lasts, as a person would say it (open-ended modes have no end)."""
        first = self.schedule.blocks[0]
        if self.mode == RoutineMode.BETWEEN_SETS:
            return f"{first.dose.describe()} after each set"
        if self.mode == RoutineMode.MID_RUN and len(self.schedule.blocks) > 1:
            period = self.schedule.blocks[1].transition_seconds + _breathing_seconds(first)
            return f"{first.dose.describe()} every {float(period / 60):g} min"
        return f"about {format_clock(self.schedule.total)}"

    @property
    def exhale(self) -> ExhaleStyle:
        return self.schedule.blocks[0].exhale

    @property
    def pattern_text(self) -> str:
        return " then ".join(dict.fromkeys(b.pattern.text for b in self.schedule.blocks))

    @property
    def planned(self) -> str:
        return planned_text(b.dose.describe() for b in self.schedule.blocks)


MAX_BETWEEN_SETS_ROUNDS = 30
DEFAULT_EVERY_MINUTES = Fraction(5)


def plan_session(
    catalogue: Catalogue,
    id: str,
    dose: DoseChoice | None = None,
    exhale: ExhaleStyle | None = None,
    pattern: str | None = None,
    lead_in: Fraction | float | int = 3,
    every_minutes: Fraction | None = None,
    step_doses: Sequence[Dose | None] | None = None,
    rounds: int | None = None,
) -> SessionPlan:
    """`step_doses` replaces a routine's steps' doses (None keeps one); `rounds` caps the
    rounds of between-sets (by default as many as fit, until the user stops)."""
    dose = dose or DoseChoice()
    found = catalogue.require(id)
    if every_minutes is not None and not (
        isinstance(found, Routine) and found.mode == RoutineMode.MID_RUN
    ):
        raise ScheduleError("--every applies only to the mid-run routine")
    if isinstance(found, Exercise):
        pat = Pattern.parse(pattern) if pattern is not None else None
        block = found.block(dose=dose.apply(found), exhale=exhale, pattern=pat)
        schedule = Schedule([block], lead_in=lead_in)
        planned = block.dose.describe()
        on_ladder = counts_toward_step(catalogue, found.id, block.pattern.text, planned)
        return SessionPlan(found.id, found.name, (found,), schedule, on_ladder=on_ladder)
    if pattern is not None:
        raise ScheduleError(f"--pattern applies to a single exercise, not the routine {found.id!r}")
    pairs = catalogue.routine_blocks(found, exhale=exhale)
    if rounds is not None and found.mode != RoutineMode.BETWEEN_SETS:
        raise ScheduleError("rounds apply only to the between-sets routine")
    blocks = []
    for i, (ex, block) in enumerate(pairs):
        own = step_doses[i] if step_doses is not None and i < len(step_doses) else None
        if own is not None:
            block = replace(block, dose=own)
        if not dose.empty:
            block = replace(block, dose=dose.apply(ex, block.dose))
        blocks.append(block)
    if found.mode == RoutineMode.BETWEEN_SETS:
        pairs, blocks = _between_sets(pairs, blocks, lead_in, rounds)
    elif found.mode == RoutineMode.MID_RUN:
        pairs, blocks = _mid_run(pairs, blocks, every_minutes or DEFAULT_EVERY_MINUTES, lead_in)
    # Mid-run: the minutes between resets are running with the eyes up, not breathing time.
    running = found.mode == RoutineMode.MID_RUN
    schedule = Schedule(blocks, lead_in=lead_in, transitions_breathe=not running)
    return SessionPlan(found.id, found.name, tuple(ex for ex, _ in pairs), schedule, routine=found)


Pairs = list[tuple[Exercise, Block]]


def _between_sets(
    pairs: Pairs, blocks: list[Block], lead_in: Fraction | float | int, wanted: int | None
) -> tuple[Pairs, list[Block]]:
    """The same breaths after every strength set, each round waiting for the user; as many
    rounds as asked, or as fit in the session limit (waits do not count: they are rest, not
    breathing)."""
    round_seconds = _breathing_seconds(blocks[0])
    fits = int((Fraction(MAX_SESSION_SECONDS) - Fraction(lead_in)) // round_seconds)
    most = max(1, min(MAX_BETWEEN_SETS_ROUNDS, fits))
    if wanted is not None and not 1 <= wanted <= most:
        raise ScheduleError(f"rounds must be 1 to {most}, not {wanted}")
    rounds = [
        replace(blocks[0], transition_seconds=Fraction(0), await_before=i > 0)
        for i in range(wanted or most)
    ]
    return [pairs[0]] * len(rounds), rounds


def _mid_run(
    pairs: Pairs, blocks: list[Block], every: Fraction, lead_in: Fraction | float | int
) -> tuple[Pairs, list[Block]]:
    """Reset breaths every N minutes, for as long as a run can last within the session limit."""
    block = blocks[0]
    breathing = _breathing_seconds(block)
    if every * 60 <= breathing:
        raise ScheduleError(
            f"--every must be more than the {float(breathing):g} s the reset breaths take"
        )
    if every > 60:
        raise ScheduleError("--every must be at most 60 minutes")
    room = Fraction(MAX_SESSION_SECONDS) - Fraction(lead_in) - breathing
    count = 1 + int(room // (every * 60))
    gap = every * 60 - breathing
    rounds = [replace(block, transition_seconds=gap if i else Fraction(0)) for i in range(count)]
    return [pairs[0]] * count, rounds


def _breathing_seconds(block: Block) -> Fraction:
    per_set = block.dose.breaths_per_set(block.pattern)
    sets = block.dose.sets
    return sets * per_set * block.pattern.cycle_seconds + (sets - 1) * block.dose.rest_seconds
