"""The built-in exercises and routines, as plain data, with their cues and sources.

The doses of wall, goal-post, wall-sit and run-reset are starting points, not published
cadences; the README says so and every dose can be changed on the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from fractions import Fraction
from typing import Literal

from breathe.core.engine import Block, Dose, ExhaleStyle, Pattern, ScheduleError
from breathe.core.text import nearest, quoted


class RoutineMode(str, Enum):
    """How a routine runs: its steps once each, or open-ended (between strength sets, or
    reset breaths during a run)."""

    SEQUENCE = "sequence"
    BETWEEN_SETS = "between-sets"
    MID_RUN = "mid-run"


# What a ladder may change, and a ladder's steps per knob (custom ones come from the config).
Knob = Literal["inhale", "hold", "exhale", "rest", "breaths", "minutes"]
LadderSteps = tuple[tuple[Knob, tuple[Fraction, ...]], ...]

DEFAULT_TRANSITION_SECONDS = Fraction(10)
# Rest between sets when a user adds sets to an exercise whose default has only one.
DEFAULT_SET_REST_SECONDS = Fraction(15)


def rest_between_sets(sets: int, rest: Fraction | None) -> Fraction:
    """The rest between sets: the one given, else the default once there is a second set."""
    if rest:
        return rest
    return DEFAULT_SET_REST_SECONDS if sets > 1 else Fraction(0)


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    cue: str
    pattern: Pattern
    dose: Dose
    exhale: ExhaleStyle
    why: str = ""
    either_exhale: bool = False  # the source allows hum or ha; `exhale` is our default

    def block(
        self,
        dose: Dose | None = None,
        exhale: ExhaleStyle | None = None,
        pattern: Pattern | None = None,
        transition_seconds: Fraction = Fraction(0),
    ) -> Block:
        return Block(
            pattern=pattern or self.pattern,
            dose=dose or self.dose,
            exhale=exhale or self.exhale,
            transition_seconds=transition_seconds,
        )


@dataclass(frozen=True)
class RoutineStep:
    exercise: str
    dose: Dose | None = None  # None: the exercise's own dose
    exhale: ExhaleStyle | None = None


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    steps: tuple[RoutineStep, ...]
    why: str = ""
    mode: RoutineMode = RoutineMode.SEQUENCE
    transition_seconds: Fraction = DEFAULT_TRANSITION_SECONDS


def _ex(
    id: str,
    name: str,
    cue: str,
    pattern: str,
    dose: Dose,
    exhale: str,
    why: str,
    either: bool = False,
) -> Exercise:
    return Exercise(
        id=id,
        name=name,
        cue=cue,
        pattern=Pattern.parse(pattern),
        dose=dose,
        exhale=ExhaleStyle(exhale),
        why=why,
        either_exhale=either,
    )


EXERCISES: tuple[Exercise, ...] = (
    _ex(
        "wall",
        "Wall breathing",
        "Stand, hands on the wall, soft knees. Breathe all the way out and let the low ribs "
        "drop; pause; breathe in through the nose into the back.",
        "3-0-6-3",
        Dose(breaths=4, sets=3, rest_seconds=Fraction(15)),
        "ha",
        "Before a run: low ribs down and deep core on, so the run starts from a stacked trunk.",
    ),
    _ex(
        "goal-post",
        "Goal-post arms",
        "Elbows bent at shoulder height like a goal post. Breathe into the upper front chest "
        "while the low ribs stay down.",
        "4-0-6-2",
        Dose(breaths=5, sets=2, rest_seconds=Fraction(15)),
        "ha",
        "Lifts the upper front ribs that late-run hunching squashes.",
        either=True,
    ),
    _ex(
        "hooklying",
        "Hooklying reset",
        "On your back, knees bent, feet flat, arms out to the side. Relaxed nose inhale, long "
        "slow exhale. (To hum seated instead, sit tall with the hands on the low ribs.)",
        "4-0-8-2",
        Dose(minutes=Fraction(5)),
        "hum",
        "After a run: a long slow hum calms the nervous system and lets the neck let go.",
    ),
    _ex(
        "wall-sit",
        "Mini wall sit, chest expansion",
        "Back flat on the wall in a shallow squat. Longest easy exhale through the mouth, "
        "inhale into the back and ribs.",
        "4-0-7-2",
        Dose(breaths=5),
        "ha",
        "Between sets of front squats: open the chest wall while the legs recover.",
    ),
    _ex(
        "run-reset",
        "Mid-run reset",
        "Eyes 5-6 m (15-20 ft) ahead, shoulders soft. Double inhale through the nose, long exhale.",
        "2+0.5-0-5-0",
        Dose(breaths=3),
        "ha",
        "During a run: lift the gaze and take a few deep diaphragmatic breaths.",
        either=True,
    ),
    _ex(
        "resonance",
        "Resonance breathing",
        "Seated or lying; gentle, not maximal breaths. About 6 breaths a minute.",
        "4-0-6-0",
        Dose(minutes=Fraction(10)),
        "hum",
        "Near 6 breaths a minute strengthens the baroreflex (Lehrer & Gevirtz 2014).",
        either=True,
    ),
    _ex(
        "long-exhale",
        "Long exhale 1:2",
        "Any calm position.",
        "3-0-7-0",
        Dose(minutes=Fraction(5)),
        "hum",
        "A longer exhale than inhale raises vagal heart-rate variability (Van Diest 2014).",
    ),
    _ex(
        "sigh",
        "Cyclic sighing",
        "Two inhales through the nose (the second a short top-up), slow exhale through the mouth.",
        "2+0.5-0-5-0",
        Dose(minutes=Fraction(5)),
        "ha",
        "5 min a day beat mindfulness on mood over a month (Balban et al. 2023).",
    ),
    _ex(
        "box",
        "Box breathing",
        "Seated. Equal sides.",
        "4-4-4-4",
        Dose(minutes=Fraction(5)),
        "hum",
        "Equal sides give a steady, simple rhythm to settle into.",
        either=True,
    ),
    _ex(
        "4-7-8",
        "4-7-8",
        "Tongue behind the upper teeth; exhale through the mouth with a whoosh.",
        "4-7-8-0",
        Dose(breaths=4),
        "ha",
        "A long hold and a longer exhale; keep it to a few breaths.",
    ),
)

ROUTINES: tuple[Routine, ...] = (
    Routine(
        "pre-run",
        "Before the run",
        (RoutineStep("wall"), RoutineStep("goal-post")),
        "Wall breathing, then goal-post arms: ribs down, then the upper chest open.",
    ),
    Routine(
        "post-run",
        "After the run",
        (RoutineStep("hooklying", exhale=ExhaleStyle.HUM),),
        "Hooklying with a long hum, 5 minutes.",
    ),
    Routine(
        "between-sets",
        "Between strength sets",
        (RoutineStep("wall-sit"),),
        "Five wall-sit breaths, then wait for the next set; counts the sets.",
        mode=RoutineMode.BETWEEN_SETS,
    ),
    Routine(
        "mid-run",
        "During the run",
        (RoutineStep("run-reset"),),
        "Three reset breaths every few minutes, led by sound so the eyes stay on the road.",
        mode=RoutineMode.MID_RUN,
    ),
)

SAFETY_TEXT = (
    "Breathe gently: slow does not mean maximal. If you feel dizzy or light-headed, or notice "
    "tingling, numbness around the mouth, chest discomfort or air hunger, stop and breathe "
    "normally. Holds are optional; never force one. If you are pregnant, or have heart disease, "
    "uncontrolled blood pressure, epilepsy or a serious lung condition, skip holds and very long "
    "exhales and ask your clinician. Never practise breath holds in or near water or while "
    "driving. During lifts, breathe out as you push. After the first trimester of pregnancy, do "
    "lying exercises on your side or seated. This is not medical advice. Heart-rate figures "
    "come from a training aid, not a medical device."
)


@dataclass(frozen=True)
class Catalogue:
    """Exercises and routines by id, built-ins first; user entries join through `extended`,
    and the config's ladders (custom exercises' steps) through `with_ladders`."""

    exercises: tuple[Exercise, ...] = EXERCISES
    routines: tuple[Routine, ...] = ROUTINES
    ladders: Mapping[str, LadderSteps] = field(default_factory=dict, hash=False)
    # Exercises moved to their next step by progression, at their own dose: what routines
    # and ladders use, so every face builds a routine's plan from the routine's own doses.
    own_doses: Mapping[str, Exercise] = field(default_factory=dict, hash=False)

    def with_ladders(self, ladders: Mapping[str, LadderSteps]) -> Catalogue:
        return replace(self, ladders={**self.ladders, **ladders})

    def ids(self) -> list[str]:
        return [e.id for e in self.exercises] + [r.id for r in self.routines]

    def exercise(self, id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == id), None)

    def own_exercise(self, id: str) -> Exercise | None:
        """The exercise at its own dose, whatever step progression has it at."""
        return self.own_doses.get(id) or self.exercise(id)

    def routine(self, id: str) -> Routine | None:
        return next((r for r in self.routines if r.id == id), None)

    def require(self, id: str) -> Exercise | Routine:
        found: Exercise | Routine | None = self.exercise(id) or self.routine(id)
        if found is None:
            raise _unknown(id, self.ids())
        return found

    def require_exercise(self, id: str) -> Exercise:
        """An exercise, not a routine (progression is per exercise): only exercises suggested."""
        found = self.exercise(id)
        if found is None:
            if self.routine(id) is not None:
                raise ScheduleError(f"{id!r} is a routine; progression is per exercise")
            raise _unknown(id, [e.id for e in self.exercises])
        return found

    def extended(
        self, exercises: Iterable[Exercise] = (), routines: Iterable[Routine] = ()
    ) -> Catalogue:
        return replace(
            self,
            exercises=self.exercises + tuple(exercises),
            routines=self.routines + tuple(routines),
        )

    def routine_blocks(
        self, routine: Routine, exhale: ExhaleStyle | None = None
    ) -> list[tuple[Exercise, Block]]:
        out: list[tuple[Exercise, Block]] = []
        for i, step in enumerate(routine.steps):
            ex = self.own_exercise(step.exercise)  # routines keep their own doses
            if ex is None:
                raise ScheduleError(
                    f"routine {routine.id!r} names unknown exercise {step.exercise!r}"
                )
            out.append(
                (
                    ex,
                    ex.block(
                        dose=step.dose,
                        exhale=exhale or step.exhale,
                        transition_seconds=routine.transition_seconds if i else Fraction(0),
                    ),
                )
            )
        return out


def _unknown(id: str, ids: list[str]) -> ScheduleError:
    guess = nearest(id, ids)
    if guess is not None:
        return ScheduleError(
            f"unknown exercise {quoted(id)}; did you mean {guess!r}? "
            "('breathe list' shows them all)"
        )
    return ScheduleError(f"unknown exercise {quoted(id)}; try: {', '.join(ids)}")
