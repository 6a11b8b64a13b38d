"""The home screen's rules without the screen: every item with what the user set for it,
how a key changes that within the engine's limits, each exercise at its next step, and the
plan Enter would start. Pure, so the rules are tested without Textual; the screen draws it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from breathe.core.catalogue import Catalogue, Exercise, Routine
from breathe.core.engine import ExhaleStyle, ScheduleError
from breathe.core.goal import GOAL_CHOICES, WeeklyGoal
from breathe.core.home_choices import (
    DEFAULT_ROUNDS,
    MAX_EVERY_MINUTES,
    Choice,
    adjust_amount,
    adjust_sets,
    choice_from_state,
    choice_to_state,
    default_choice,
)
from breathe.core.plan import (
    DEFAULT_EVERY_MINUTES,
    MAX_BETWEEN_SETS_ROUNDS,
    SessionPlan,
    plan_session,
)
from breathe.core.progression import NextDose, progressed_catalogue

Knob = Literal["amount", "sets"]  # + and - change the amount, ] and [ the sets


class HomeState:
    """The items of one catalogue, each with its choice; `kept` is what `keep_data` gave
    in an earlier run (routines only; anything unreadable keeps the default)."""

    def __init__(self, catalogue: Catalogue, kept: Mapping[str, object] | None = None) -> None:
        self.base_catalogue = catalogue  # each exercise at its own dose
        self.catalogue = catalogue  # each exercise at its next step, once progression is read
        self.items: dict[str, Exercise | Routine] = {
            **{e.id: e for e in catalogue.exercises},
            **{r.id: r for r in catalogue.routines},
        }
        self.defaults: dict[str, Choice] = {
            id: default_choice(catalogue, item) for id, item in self.items.items()
        }
        self.choices = dict(self.defaults)
        for id, data in (kept or {}).items():
            if isinstance(self.items.get(id), Routine):
                self.choices[id] = choice_from_state(self.defaults[id], data)
        self.next: dict[str, NextDose] = {}

    def is_routine(self, id: str) -> bool:
        return isinstance(self.items[id], Routine)

    def step_names(self, routine: Routine) -> list[str]:
        """Each step's exercise name (its id when the catalogue lacks it)."""
        return [
            (ex.name if (ex := self.catalogue.exercise(s.exercise)) else s.exercise)
            for s in routine.steps
        ]

    # Plans ---------------------------------------------------------------------------------

    def plan_for(self, id: str) -> SessionPlan:
        """What Enter starts for this item; raises ScheduleError when the choice cannot run."""
        item = self.items[id]
        choice = self.choices[id]
        if isinstance(item, Exercise):
            return plan_session(
                self.catalogue, id, dose=choice.dose_choice(item.dose), exhale=choice.exhale
            )
        return plan_session(
            self.catalogue,
            id,
            exhale=choice.exhale,
            step_doses=choice.steps or None,
            rounds=choice.rounds,
            every_minutes=choice.every,
        )

    def take(self, id: str, new: Choice) -> None:
        """Take the new choice if it makes a plan; otherwise raise ScheduleError, keep the old."""
        old = self.choices[id]
        self.choices[id] = new
        try:
            self.plan_for(id)
        except Exception:
            self.choices[id] = old
            raise

    # What the keys change --------------------------------------------------------------------

    def switch_exhale(self, id: str) -> ExhaleStyle | None:
        """Hum to ha or back. Returns the style to remember for this exercise alone (one
        that allows either), None when it is for this run only."""
        choice = self.choices[id]
        other = ExhaleStyle.HA if choice.exhale is ExhaleStyle.HUM else ExhaleStyle.HUM
        self.choices[id] = replace(choice, exhale=other)
        item = self.items[id]
        return other if isinstance(item, Exercise) and item.either_exhale else None

    def needs_step_dialog(self, id: str) -> bool:
        """A sequence (or a routine without steps) is adjusted step by step in a dialog."""
        item = self.items[id]
        return isinstance(item, Routine) and (item.mode == "sequence" or not self.choices[id].steps)

    def adjusted(self, id: str, knob: Knob, step: int) -> Choice | None:
        """The choice after one press, clamped to the engine's limits (None: nothing to
        change). On a routine + and - change the breaths of between-sets and mid-run,
        ] and [ the rounds of between-sets and the minutes between mid-run's resets."""
        item = self.items[id]
        choice = self.choices[id]
        if self.needs_step_dialog(id):
            return None
        if isinstance(item, Exercise):
            if choice.dose is None:
                return None
            change = adjust_amount if knob == "amount" else adjust_sets
            return replace(choice, dose=change(choice.dose, step))
        if knob == "amount":
            return replace(choice, steps=(adjust_amount(choice.steps[0], step), *choice.steps[1:]))
        if item.mode == "between-sets":
            rounds = DEFAULT_ROUNDS if choice.rounds is None else choice.rounds + step
            return replace(choice, rounds=min(MAX_BETWEEN_SETS_ROUNDS, max(1, rounds)))
        every = (choice.every or DEFAULT_EVERY_MINUTES) + step
        return replace(choice, every=min(Fraction(MAX_EVERY_MINUTES), max(Fraction(1), every)))

    def keep_data(self, id: str) -> dict[str, object] | None:
        """A routine's adjustments to keep for the next runs; None when they are back at the
        default (forget them). The exhale style is not kept: it follows the exercise."""
        choice = self.choices[id]
        default = self.defaults[id]
        if replace(choice, exhale=default.exhale) == default:
            return None
        return choice_to_state(choice)

    # Progression -----------------------------------------------------------------------------

    def merge_progress(self, doses: Iterable[NextDose]) -> None:
        """Each of these exercises at its next step, unless the user changed its dose here."""
        doses = list(doses)
        self.next = {d.exercise.id: d for d in doses}
        self.catalogue = progressed_catalogue(self.base_catalogue, doses)
        for dose in doses:
            id = dose.exercise.id
            untouched = self.choices[id].dose == self.defaults[id].dose
            self.items[id] = dose.exercise
            self.defaults[id] = replace(self.defaults[id], dose=dose.exercise.dose)
            if untouched:
                self.choices[id] = replace(self.choices[id], dose=dose.exercise.dose)

    def hold_switch(self, id: str) -> bool | None:
        """`p`: True to hold this exercise at its step, False to let it move again; None
        when it has no next step."""
        dose = self.next.get(id)
        return None if dose is None else dose.advice.move != "held"


def next_weekly_goal(current: WeeklyGoal | None) -> WeeklyGoal | None:
    """`g`: the next of a few weekly goals (sessions, then minutes, then none)."""
    return current.next_choice() if current is not None else WeeklyGoal(*GOAL_CHOICES[0])


# The first-run offer: a built-in for each reason a new user came, short and without holds
# (the coach's before and after the run; a 1:2 long exhale to calm down, no top-up to learn).
FIRST_SESSIONS: tuple[tuple[str, str], ...] = (
    ("Before a run", "pre-run"),
    ("After a run", "post-run"),
    ("To calm down", "long-exhale"),
)


@dataclass(frozen=True)
class FirstSession:
    """One line of the first-run offer: why, what, and how long."""

    purpose: str
    id: str
    name: str
    length: str


def first_sessions(catalogue: Catalogue) -> list[FirstSession]:
    """The first-run offer, in order; an item the catalogue cannot run is left out."""
    out: list[FirstSession] = []
    for purpose, id in FIRST_SESSIONS:
        try:
            plan = plan_session(catalogue, id)
        except ScheduleError:
            continue
        out.append(FirstSession(purpose, id, plan.name, plan.length_text))
    return out
