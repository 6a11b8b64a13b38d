"""Gentle progression: each exercise's ladder of small steps toward a safe ceiling, and the
rules that pick the next step from the sessions already done.

Pure: the history comes in as a list of `Outcome`s in the order they were recorded (never
sorted by clock time, so a clock set wrong or a time-zone change cannot reorder them).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from breathe.core.catalogue import Catalogue, Exercise, LadderSteps
from breathe.core.catalogue import Knob as Knob  # defined with the catalogue's ladders
from breathe.core.engine import MAX_PHASE_SECONDS, Dose, Pattern, ScheduleError
from breathe.core.text import plural

KNOBS: tuple[Knob, ...] = ("inhale", "hold", "exhale", "rest", "breaths", "minutes")
_PART: dict[str, int] = {"inhale": 0, "hold": 1, "exhale": 2, "rest": 3}

STEP_UP_AFTER = 3  # completed sessions in a row rated "about right" or "easy"
STEP_BACK_AFTER_ENDED_EARLY = 2  # sessions in a row ended early
# Holds grow last and stay gentle: never past the longest hold of the catalogue (4-7-8's 7 s);
# the safety text says holds are optional and never forced.
MAX_HOLD_SECONDS = Fraction(7)


class LadderError(ValueError):
    """A ladder that cannot be climbed: not increasing, a zero step, past a limit."""


@dataclass(frozen=True)
class Rung:
    """One step of a ladder: the pattern and dose breathed at it."""

    pattern: Pattern
    dose: Dose

    @property
    def key(self) -> tuple[str, str]:
        """What a saved session records of it: pattern text and planned dose."""
        return (self.pattern.text, self.dose.describe())


@dataclass(frozen=True)
class Ladder:
    """Rungs from the easiest to the ceiling; `start` is the exercise's own dose."""

    exercise: str
    steps: tuple[tuple[Knob, tuple[Fraction, ...]], ...]
    rungs: tuple[Rung, ...]
    start: int

    @property
    def top(self) -> int:
        return len(self.rungs) - 1

    def index_of(self, pattern: str, planned: str) -> int | None:
        key = (pattern, planned)
        return next((i for i, r in enumerate(self.rungs) if r.key == key), None)

    def describe(self, index: int) -> str:
        """The value of the knob that moved last to reach this rung, e.g. `9 s`."""
        return _knob_text(*self._setting(index))

    def _setting(self, index: int) -> tuple[Knob, Fraction]:
        # Rungs climb the steps in order: the first knobs are full before the next one moves.
        i = index
        for knob, values in self.steps:
            if i < len(values):
                return knob, values[i]
            i -= len(values) - 1
        knob, values = self.steps[-1]
        return knob, values[-1]

    def changed_knob(self, a: int, b: int) -> Knob:
        return self._setting(max(a, b))[0]


def _knob_text(knob: Knob, value: Fraction) -> str:
    number = f"{float(value):g}"
    if knob == "breaths":
        return plural(int(value), "breath")
    if knob == "minutes":
        return f"{number} min"
    return f"{number} s"


def _with(rung: Rung, knob: Knob, value: Fraction) -> Rung:
    if knob in _PART:
        groups = [list(g) for g in rung.pattern.groups]
        part = groups[_PART[knob]]
        if len(part) != 1:
            raise LadderError(f"the {knob} has several phases; a ladder cannot grow it")
        part[0] = value
        return replace(rung, pattern=Pattern.from_groups(groups))
    if knob == "breaths":
        return replace(rung, dose=replace(rung.dose, breaths=int(value), minutes=None))
    return replace(rung, dose=replace(rung.dose, minutes=value, breaths=None))


def _current(exercise: Exercise, knob: Knob) -> Fraction | None:
    if knob in _PART:
        part = exercise.pattern.groups[_PART[knob]]
        return part[0] if len(part) == 1 else None
    value = exercise.dose.breaths if knob == "breaths" else exercise.dose.minutes
    return Fraction(value) if value is not None else None


# A ladder is climbed one step per few sessions: more values than this is a typo (a step of
# 1e-300), and building it would take the machine's memory.
MAX_RUNGS = 40


def build_ladder(
    exercise: Exercise, steps: Sequence[tuple[Knob, Sequence[Fraction | int | float]]]
) -> Ladder:
    """A ladder over `steps` (each a knob and its increasing values, climbed in turn). The
    exercise's own value of each knob must be on it; holds may only be the last step."""
    if not steps:
        raise LadderError("a ladder needs at least one step")
    clean = [
        (knob, _checked_values(knob, raw, last=n == len(steps) - 1))
        for n, (knob, raw) in enumerate(steps)
    ]
    start = _start_index(exercise, clean)
    rungs = _rungs(Rung(exercise.pattern, exercise.dose), clean)
    return Ladder(exercise.id, tuple(clean), tuple(rungs), start)


def _checked_values(
    knob: Knob, raw: Sequence[Fraction | int | float], *, last: bool
) -> tuple[Fraction, ...]:
    """One step's values, exact, once they are a ladder a session can climb."""
    if knob not in KNOBS:
        raise LadderError(f"{knob!r} cannot grow; expected one of {', '.join(KNOBS)}")
    if len(raw) > MAX_RUNGS:
        raise LadderError(f"the {knob} ladder has {len(raw)} values; at most {MAX_RUNGS}")
    values = tuple(Fraction(v) for v in raw)
    if len(values) < 2:
        raise LadderError(f"the {knob} ladder needs at least two values")
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise LadderError(f"the {knob} ladder must go up at every step")
    if values[0] <= 0:
        raise LadderError(f"the {knob} ladder must start above 0")
    if knob in _PART and values[-1] > MAX_PHASE_SECONDS:
        raise LadderError(f"the {knob} ladder goes past the {MAX_PHASE_SECONDS} s limit of a phase")
    if knob == "hold":
        if not last:
            raise LadderError("holds grow last: the hold must be the ladder's last step")
        if values[-1] > MAX_HOLD_SECONDS:
            raise LadderError(
                f"the hold ladder goes past {float(MAX_HOLD_SECONDS):g} s; "
                "holds stay gentle and are never forced"
            )
    if knob == "breaths" and any(v.denominator != 1 for v in values):
        raise LadderError("the breaths ladder must be whole numbers")
    return values


def _start_index(exercise: Exercise, clean: Sequence[tuple[Knob, tuple[Fraction, ...]]]) -> int:
    """Where the exercise's own dose sits on the first step; every later step starts there."""
    start = 0
    for i, (knob, values) in enumerate(clean):
        own = _current(exercise, knob)
        if own is None or own not in values:
            raise LadderError(
                f"the {knob} ladder must include the exercise's own "
                f"{_knob_text(knob, own) if own is not None else knob}"
            )
        if i == 0:
            start = values.index(own)
        elif own != values[0]:
            raise LadderError(f"the {knob} ladder must start at the exercise's own value")
    return start


def _rungs(base: Rung, clean: Sequence[tuple[Knob, tuple[Fraction, ...]]]) -> list[Rung]:
    """Every rung, each knob climbed in turn from where the previous one ended; a rung that
    would make an impossible dose or schedule fails the whole ladder."""
    rungs: list[Rung] = []
    current = base
    for i, (knob, values) in enumerate(clean):
        for j, value in enumerate(values):
            if i > 0 and j == 0:
                continue  # the last rung of the previous knob already has it
            rung = _with(current, knob, value)
            try:
                Dose(
                    breaths=rung.dose.breaths,
                    minutes=rung.dose.minutes,
                    sets=rung.dose.sets,
                    rest_seconds=rung.dose.rest_seconds,
                )
                rung.dose.breaths_per_set(rung.pattern)
            except ScheduleError as exc:
                raise LadderError(str(exc)) from None
            rungs.append(rung)
        current = rungs[-1]
    return rungs


# The built-in ladders: small steps from a little below each exercise's own dose (so a step
# back has somewhere to go) up to a ceiling that stays well inside the safety text.
BUILT_IN_STEPS: dict[str, tuple[tuple[Knob, tuple[int | float, ...]], ...]] = {
    "wall": (("exhale", (5, 6, 7, 8)),),
    "goal-post": (("exhale", (5, 6, 7, 8)),),
    "hooklying": (("exhale", (7, 8, 9, 10, 12)),),
    "wall-sit": (("breaths", (4, 5, 6, 7, 8)),),
    "run-reset": (("breaths", (2, 3, 4, 5)),),
    "resonance": (("minutes", (5, 10, 15)),),
    "long-exhale": (("exhale", (6, 7, 8, 9)),),
    "sigh": (("minutes", (3, 4, 5)),),  # 5 min is the studied dose: no further
    "box": (("minutes", (3, 5, 7, 10)), ("hold", (4, 5))),
    "4-7-8": (("breaths", (2, 3, 4)),),  # "keep it to a few breaths"
}


def ladder_for(
    catalogue: Catalogue,
    exercise_id: str,
    custom: Mapping[str, LadderSteps] | None = None,
) -> Ladder | None:
    """The ladder of an exercise: a custom one (given, else the catalogue's, from the
    config), else the built-in one."""
    exercise = catalogue.own_exercise(exercise_id)  # the ladder starts at its own dose
    if exercise is None:
        return None
    steps = (custom or catalogue.ladders).get(exercise_id) or BUILT_IN_STEPS.get(exercise_id)
    if steps is None:
        return None
    try:
        return build_ladder(exercise, steps)
    except LadderError:
        return None  # a built-in exercise changed in the config: it runs as it is


@dataclass(frozen=True)
class Outcome:
    """What the progression needs of one saved session of the exercise."""

    status: str  # completed, ended_early, interrupted (or running)
    felt: str | None
    pattern: str
    planned: str
    breaths: int | None = None  # whole breaths done (None: not known)

    @property
    def before_first_breath(self) -> bool:
        """Ended before its first breath (a Ctrl-C in the count-in): it says nothing of the
        step, so it neither steps back nor breaks a run."""
        return self.status != "completed" and self.breaths == 0


def counts_toward_step(catalogue: Catalogue, exercise_id: str, pattern: str, planned: str) -> bool:
    """A session of this exercise, breathed at this pattern and dose, is on its ladder: the
    one rule for which sessions progression reads (and so which are asked the pace check)."""
    ladder = ladder_for(catalogue, exercise_id)
    return ladder is not None and ladder.index_of(pattern, planned) is not None


@dataclass(frozen=True)
class Advice:
    """The next session's rung and the one-line reason for it."""

    rung: int
    previous: int | None  # the rung of the last session on the ladder
    move: Literal["up", "back", "stay", "start", "held"]
    reason: str


def _streak(outcomes: Sequence[tuple[int, Outcome]], rung: int) -> list[Outcome]:
    """The latest sessions, newest first, while they were at `rung`."""
    out: list[Outcome] = []
    for index, outcome in reversed(outcomes):
        if index != rung:
            break
        out.append(outcome)
    return out


def _comfortable(o: Outcome) -> bool:
    return o.status == "completed" and o.felt in ("easy", "right")


def _ended_early(o: Outcome) -> bool:
    return o.status == "ended_early"


def _leading(streak: Sequence[Outcome], test: Callable[[Outcome], bool]) -> int:
    """How many of the newest sessions in a row pass `test`."""
    return next((n for n, o in enumerate(streak) if not test(o)), len(streak))


def _on_ladder(ladder: Ladder, history: Iterable[Outcome]) -> list[tuple[int, Outcome]]:
    """The finished sessions breathed on the ladder, each with its rung, oldest first."""
    out: list[tuple[int, Outcome]] = []
    for outcome in history:
        if outcome.status == "running" or outcome.before_first_breath:
            continue
        index = ladder.index_of(outcome.pattern, outcome.planned)
        if index is not None:
            out.append((index, outcome))
    return out


def advise(
    ladder: Ladder,
    history: Iterable[Outcome],
    *,
    held: bool = False,
    held_at: int | None = None,
) -> Advice:
    """The next rung from the sessions of this exercise, in the order they were recorded.

    Sessions breathed off the ladder (an explicit pattern or dose) do not count. From the
    rung of the last session on the ladder it steps up after `STEP_UP_AFTER` comfortable
    sessions in a row there, back after one "too hard" or two ended early in a row there,
    and never by more than one rung. Held, it stays at `held_at` (the rung that was shown
    when the user held it), or at the last session's rung when that is not known.
    """
    on_ladder = _on_ladder(ladder, history)
    if held and held_at is not None and 0 <= held_at <= ladder.top:
        previous = on_ladder[-1][0] if on_ladder else None
        return Advice(held_at, previous, "held", f"held at {ladder.describe(held_at)}")
    if not on_ladder:
        if held:
            return Advice(ladder.start, None, "held", f"held at {ladder.describe(ladder.start)}")
        return Advice(ladder.start, None, "start", "the starting step")
    last = on_ladder[-1][0]
    here = ladder.describe(last)
    if held:
        return Advice(last, last, "held", f"held at {here}")
    streak = _streak(on_ladder, last)
    newest = streak[0]
    if newest.felt == "hard" and last > 0:
        return Advice(
            last - 1, last, "back", f"back from {here} after a session that felt too hard"
        )
    if _leading(streak, _ended_early) >= STEP_BACK_AFTER_ENDED_EARLY and last > 0:
        return Advice(last - 1, last, "back", f"back from {here} after 2 sessions ended early")
    comfortable = _leading(streak, _comfortable)
    if comfortable >= STEP_UP_AFTER:
        if last < ladder.top:
            return Advice(
                last + 1,
                last,
                "up",
                f"up from {here} after {STEP_UP_AFTER} comfortable sessions",
            )
        return Advice(last, last, "stay", f"the top of its ladder ({here}): it goes no further")
    return Advice(
        last,
        last,
        "stay",
        f"{comfortable} of {STEP_UP_AFTER} comfortable sessions at {here}",
    )


def progressed(exercise: Exercise, ladder: Ladder, advice: Advice) -> Exercise:
    """The exercise at the advised rung (the same exercise at its own dose)."""
    rung = ladder.rungs[advice.rung]
    return replace(exercise, pattern=rung.pattern, dose=rung.dose)


@dataclass(frozen=True)
class NextDose:
    """What home and `breathe run` use: the exercise at its next rung, and why."""

    exercise: Exercise
    ladder: Ladder
    advice: Advice

    @property
    def rung(self) -> Rung:
        return self.ladder.rungs[self.advice.rung]

    @property
    def what(self) -> str:
        """The moving part as the user sees it: a cadence, or a dose for breaths/minutes."""
        knob = self.ladder.changed_knob(self.advice.previous or 0, self.advice.rung)
        if knob in ("breaths", "minutes"):
            return self.rung.dose.describe()
        return self.rung.pattern.cadence

    def line(self) -> str:
        """`next: 4 · 0 · 9 · 2, up from 8 s after 3 comfortable sessions`."""
        return f"next: {self.what}, {self.advice.reason}"


def next_dose(
    exercise: Exercise,
    ladder: Ladder,
    history: Iterable[Outcome],
    *,
    held: bool = False,
    held_at: int | None = None,
) -> NextDose:
    advice = advise(ladder, history, held=held, held_at=held_at)
    return NextDose(progressed(exercise, ladder, advice), ladder, advice)


def progressed_catalogue(catalogue: Catalogue, doses: Iterable[NextDose]) -> Catalogue:
    """The catalogue with each of these exercises at its next rung; routines keep using
    each at its own dose."""
    by_id = {d.exercise.id: d.exercise for d in doses}
    own = {**{e.id: e for e in catalogue.exercises if e.id in by_id}, **catalogue.own_doses}
    exercises = tuple(by_id.get(e.id, e) for e in catalogue.exercises)
    return replace(catalogue, exercises=exercises, own_doses=own)
