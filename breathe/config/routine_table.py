"""[routines.*]: custom routines, steps naming exercises with their own doses."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, cast

from breathe.config.collector import Collector, Skip
from breathe.config.model import (
    MAX_TRANSITION_SECONDS,
    ROUTINE_KEYS,
    STEP_KEYS,
)
from breathe.config.values import (
    as_exhale,
    as_seconds,
    as_text,
    found,
    key_path,
)
from breathe.core.catalogue import (
    DEFAULT_TRANSITION_SECONDS,
    Catalogue,
    Exercise,
    Routine,
    RoutineStep,
)
from breathe.core.stored import MAX_ROUTINE_STEPS


class RoutineTable(Collector):
    def routines(
        self,
        data: Mapping[str, object],
        taken: dict[str, str],
        catalogue: Catalogue,
        broken_exercises: set[str],
    ) -> list[Routine]:
        raw = self.table(data.get("routines", {}), "routines", "[routines.morning]")
        good: list[Routine] = []
        for id, value in (raw or {}).items():
            at = key_path("routines", id)
            entry = self.table(value, at, f"[{at}] with steps")
            if entry is None or not self.check_id("routines", id, taken):
                continue
            taken[id] = "a custom routine"
            try:
                good.append(self.routine(id, entry, at, catalogue, broken_exercises))
            except Skip:
                continue
        return good

    def routine(
        self,
        id: str,
        entry: Mapping[str, object],
        at: str,
        catalogue: Catalogue,
        broken_exercises: set[str],
    ) -> Routine:
        self.unknown_keys(entry, ROUTINE_KEYS, at)
        failed = False
        fields: dict[str, Any] = {}
        for key, parse in (
            ("name", as_text),
            ("why", lambda v: as_text(v, empty_ok=True)),
            ("transition", lambda v: as_seconds(v, MAX_TRANSITION_SECONDS)),
        ):
            try:
                fields[key] = self.get(entry, key, at, parse)
            except Skip:
                failed = True
        raw_steps = entry.get("steps")
        example = '[ { exercise = "wall", breaths = 4 } ]'
        steps: list[RoutineStep] = []
        if not isinstance(raw_steps, list) or not raw_steps:
            what = "nothing" if raw_steps is None else found(raw_steps)
            self.error(f"{at}.steps", f"expected a list of steps such as {example}, found {what}")
            failed = True
            raw_steps = []
        if len(raw_steps) > MAX_ROUTINE_STEPS:  # a saved session names each step's exercise
            self.error(
                f"{at}.steps", f"expected at most {MAX_ROUTINE_STEPS} steps, found {len(raw_steps)}"
            )
            failed = True
        for n, raw_step in enumerate(raw_steps, start=1):
            try:
                steps.append(self.step(raw_step, f"{at}.steps[{n}]", catalogue, broken_exercises))
            except Skip:
                failed = True
        if failed:
            raise Skip
        transition = fields["transition"]
        routine = Routine(
            id=id,
            name=fields["name"] or id,
            steps=tuple(steps),
            why=fields["why"] or "",
            transition_seconds=(
                DEFAULT_TRANSITION_SECONDS if transition is None else cast(Fraction, transition)
            ),
        )
        self.fits(at, [block for _, block in catalogue.routine_blocks(routine)])
        return routine

    def step(
        self, raw: object, at: str, catalogue: Catalogue, broken_exercises: set[str]
    ) -> RoutineStep:
        entry = self.table(raw, at, '{ exercise = "wall", breaths = 4 }')
        if entry is None:
            raise Skip
        self.unknown_keys(entry, STEP_KEYS, at)
        name = entry.get("exercise")
        exercise: Exercise | None = None
        failed = False
        if name is None:
            self.error(f"{at}.exercise", 'missing; expected an exercise id such as "wall"')
            failed = True
        elif not isinstance(name, str):
            self.error(
                f"{at}.exercise", f'expected an exercise id such as "wall", found {found(name)}'
            )
            failed = True
        elif catalogue.exercise(name) is not None:
            exercise = catalogue.exercise(name)
        elif name in broken_exercises:
            self.error(
                f"{at}.exercise",
                f"exercise {found(name)} has errors of its own (see exercises.{name}); "
                "expected a usable exercise",
            )
            failed = True
        else:
            ids = ", ".join(e.id for e in catalogue.exercises)
            extra = " (that is a routine; steps name exercises)" if catalogue.routine(name) else ""
            self.error(
                f"{at}.exercise",
                f"unknown exercise {found(name)}{extra}; expected one of {ids}",
            )
            failed = True
        try:
            exhale = self.get(entry, "exhale", at, as_exhale)
        except Skip:
            failed = True
        try:
            dose = self.dose(entry, at, base=exercise.dose if exercise else None, required=False)
        except Skip:
            failed = True
        if failed or exercise is None:
            raise Skip
        return RoutineStep(exercise.id, dose=dose, exhale=exhale)
