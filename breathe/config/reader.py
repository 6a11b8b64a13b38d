"""Reading the user's config file (TOML): settings, custom exercises and routines.

Reading never raises: every mistake becomes a `Problem` naming the file and the line or key
path, and whatever is valid is still used.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar, cast

from breathe.config.model import (
    EXERCISE_KEYS,
    MAX_TRANSITION_SECONDS,
    ROUTINE_KEYS,
    SETTINGS_KEYS,
    STEP_KEYS,
    TEXTUAL_THEMES,
    TOP_KEYS,
    LoadedConfig,
    Problem,
    Settings,
)
from breathe.config.source import MAX_TOML_DEPTH, read_text, syntax_problem, too_deep
from breathe.config.values import (
    SETTING_PARSERS,
    Invalid,
    as_exhale,
    as_minutes,
    as_number,
    as_pattern,
    as_seconds,
    as_text,
    as_whole,
    found,
    key_path,
    one_of,
)
from breathe.core.catalogue import (
    DEFAULT_TRANSITION_SECONDS,
    Catalogue,
    Exercise,
    Routine,
    RoutineStep,
    rest_between_sets,
)
from breathe.core.engine import (
    MAX_BREATHS,
    MAX_SET_REST_SECONDS,
    MAX_SETS,
    Dose,
    ExhaleStyle,
    Schedule,
    ScheduleError,
)
from breathe.core.progression import KNOBS, Knob, LadderError, build_ladder
from breathe.system import paths
from breathe.system.files import UnreadableFile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised by CI on 3.10
    import tomli as tomllib

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


T = TypeVar("T")


class _Reader:
    """Collects problems while turning the parsed TOML into settings and catalogue entries."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.ladders: dict[str, tuple[tuple[Knob, tuple[Fraction, ...]], ...]] = {}

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem("error", where, message, self.file))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem("warning", where, message, self.file))

    def unknown_keys(self, table: Mapping[str, object], known: tuple[str, ...], at: str) -> None:
        for key in table:
            if key not in known:
                self.warn(key_path(at, key), f"unknown key, ignored; expected {one_of(known)}")

    def get(
        self, table: Mapping[str, object], key: str, at: str, parse: Callable[[object], T]
    ) -> T | None:
        """The parsed value, or None when absent; a bad value is reported and counts as bad."""
        if key not in table:
            return None
        try:
            return parse(table[key])
        except Invalid as exc:
            self.error(f"{at}.{key}", str(exc))
            raise _Skip from None

    def table(self, value: object, at: str, example: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(at, f"expected a table such as {example}, found {found(value)}")
        return None

    # settings

    def settings(self, data: Mapping[str, object]) -> Settings:
        raw = self.table(data.get("settings", {}), "settings", "[settings]")
        if raw is None:
            return Settings()
        self.unknown_keys(raw, SETTINGS_KEYS, "settings")
        values: dict[str, object] = {}
        for key in SETTINGS_KEYS:
            if key not in raw:
                continue
            try:
                values[key] = SETTING_PARSERS[key](raw[key])
            except Invalid as exc:
                self.error(f"settings.{key}", f"{exc}; the default is used")
                continue
            if key == "theme" and values[key] not in TEXTUAL_THEMES:
                self.warn(
                    "settings.theme",
                    f"unknown theme {found(values[key])}, the app's default may be used "
                    'instead; expected a built-in Textual theme such as "textual-dark", '
                    '"nord", "gruvbox" or "tokyo-night"',
                )
        return Settings(**values)  # type: ignore[arg-type]

    def exhale_for(self, data: Mapping[str, object], known: Catalogue) -> dict[str, ExhaleStyle]:
        """[exhale]: `goal-post = "hum"`, one exercise's own style (set by `e` in the app)."""
        raw = self.table(data.get("exhale", {}), "exhale", '[exhale] goal-post = "hum"')
        if raw is None:
            return {}
        out: dict[str, ExhaleStyle] = {}
        for id, value in raw.items():
            at = key_path("exhale", id)
            exercise = known.exercise(id)
            if exercise is None:
                self.warn(at, f"no exercise {found(id)}; ignored")
                continue
            try:
                style = as_exhale(value)
            except Invalid as exc:
                self.error(at, f"{exc}; the exercise's own style is used")
                continue
            if not exercise.either_exhale:
                self.warn(at, f"{exercise.name} is always {exercise.exhale.value}; ignored")
                continue
            out[id] = style
        return out

    # ids

    def check_id(self, kind: str, id: str, taken: dict[str, str]) -> bool:
        at = key_path(kind, id)
        if not _ID.fullmatch(id):
            self.error(
                at,
                "expected an id of lowercase words joined by dashes, such as "
                f'"stairs" or "hill-repeats", found {found(id)}',
            )
            return False
        if id in taken:
            self.error(
                at,
                f"{found(id)} is already {taken[id]}; expected a new id "
                "(a custom entry may not shadow a built-in or another entry)",
            )
            return False
        return True

    # exercises

    def exercises(
        self, data: Mapping[str, object], taken: dict[str, str], exhale: ExhaleStyle | None
    ) -> tuple[list[Exercise], set[str]]:
        """Valid exercises, and the ids of the invalid ones (so routines can say why)."""
        raw = self.table(data.get("exercises", {}), "exercises", "[exercises.stairs]")
        good: list[Exercise] = []
        bad: set[str] = set()
        for id, value in (raw or {}).items():
            at = key_path("exercises", id)
            entry = self.table(value, at, f"[{at}] with a pattern and breaths or minutes")
            if entry is None or not self.check_id("exercises", id, taken):
                bad.add(id)
                continue
            taken[id] = "a custom exercise"
            try:
                good.append(self.exercise(id, entry, at, exhale))
            except _Skip:
                bad.add(id)
        return good, bad

    def exercise(
        self, id: str, entry: Mapping[str, object], at: str, exhale: ExhaleStyle | None
    ) -> Exercise:
        self.unknown_keys(entry, EXERCISE_KEYS, at)
        failed = False
        fields: dict[str, Any] = {}
        for key, parse in (
            ("name", as_text),
            ("cue", lambda v: as_text(v, empty_ok=True)),
            ("why", lambda v: as_text(v, empty_ok=True)),
            ("pattern", as_pattern),
            ("exhale", as_exhale),
        ):
            try:
                fields[key] = self.get(entry, key, at, parse)
            except _Skip:
                failed = True
        if "pattern" not in entry:
            self.error(
                f"{at}.pattern",
                'missing; expected a pattern such as "4-0-6-2" (inhale-hold-exhale-rest)',
            )
            failed = True
        dose = self.dose(entry, at, base=None, required=True)
        if failed or dose is None:
            raise _Skip
        own_exhale: ExhaleStyle | None = fields["exhale"]
        ex = Exercise(
            id=id,
            name=fields["name"] or id,
            cue=fields["cue"] or "",
            pattern=fields["pattern"],
            dose=dose,
            exhale=own_exhale or exhale or ExhaleStyle.HUM,
            why=fields["why"] or "",
            either_exhale=own_exhale is None,
        )
        self.fits(at, [ex.block()])
        if "progress" in entry:
            self.ladder(ex, entry["progress"], f"{at}.progress")
        return ex

    def ladder(self, ex: Exercise, value: object, at: str) -> None:
        """`progress = { exhale = [8, 12], step = 1 }`: one located error for a ladder that
        cannot be climbed, and the exercise still runs at its own dose."""
        example = "{ exhale = [8, 12], step = 1 }"
        raw = self.table(value, at, example)
        if raw is None:
            return
        self.unknown_keys(raw, (*KNOBS, "step"), at)
        step: Fraction | None = None
        if "step" in raw:
            try:
                step = as_number(
                    raw["step"], "a step above 0", Fraction(0), Fraction(3600), lo_open=True
                )
            except Invalid as exc:
                self.error(f"{at}.step", f"{exc}; {ex.id} runs at its own dose")
                return
        steps: list[tuple[Knob, tuple[Fraction, ...]]] = []
        for knob in KNOBS:
            if knob not in raw:
                continue
            values = raw[knob]
            numbers: list[Fraction] = []
            if isinstance(values, list):
                for v in values:
                    try:
                        numbers.append(
                            as_number(v, "numbers", Fraction(0), Fraction(10**6), lo_open=False)
                        )
                    except Invalid:
                        break
            if not isinstance(values, list) or len(numbers) != len(values) or len(values) < 2:
                self.error(
                    f"{at}.{knob}",
                    f"expected a list of at least two numbers such as [8, 12], found "
                    f"{found(values)}; {ex.id} runs at its own dose",
                )
                return
            if step is not None and len(numbers) == 2 and numbers[1] > numbers[0]:
                low, high = numbers
                count = int((high - low) / step)
                numbers = [low + i * step for i in range(count + 1)]
                if numbers[-1] != high:
                    numbers.append(high)
            steps.append((knob, tuple(numbers)))
        if not steps:
            self.error(at, f"expected what grows, such as {example}; {ex.id} runs at its own dose")
            return
        steps.sort(key=lambda s: s[0] == "hold")  # holds grow last
        try:
            build_ladder(ex, steps)
        except LadderError as exc:
            self.error(at, f"{exc}; {ex.id} runs at its own dose")
            return
        self.ladders[ex.id] = tuple(steps)

    def dose(
        self, entry: Mapping[str, object], at: str, base: Dose | None, *, required: bool
    ) -> Dose | None:
        """The dose an entry asks for; None when a step keeps the exercise's own."""
        failed = False
        values: dict[str, Any] = {}
        for key, parse in (
            ("breaths", lambda v: as_whole(v, 1, MAX_BREATHS)),
            ("minutes", as_minutes),
            ("sets", lambda v: as_whole(v, 1, MAX_SETS)),
            ("rest", lambda v: as_seconds(v, MAX_SET_REST_SECONDS)),
        ):
            try:
                values[key] = self.get(entry, key, at, parse)
            except _Skip:
                failed = True
        if "breaths" in entry and "minutes" in entry:
            self.error(at, "expected either breaths or minutes, found both")
            raise _Skip
        if failed:
            raise _Skip
        breaths, minutes, sets, rest = (values[k] for k in ("breaths", "minutes", "sets", "rest"))
        if breaths is None and minutes is None:
            if required:
                self.error(
                    at,
                    "expected breaths = N or minutes = M (per set), found neither",
                )
                raise _Skip
            if base is None or (sets is None and rest is None):
                return None
            breaths, minutes = base.breaths, base.minutes
            sets = sets or base.sets
            if rest is None:
                rest = rest_between_sets(sets, base.rest_seconds)
        sets = sets or 1
        if rest is None:
            rest = rest_between_sets(sets, base.rest_seconds if base is not None else None)
        try:
            return Dose(breaths=breaths, minutes=minutes, sets=sets, rest_seconds=rest)
        except ScheduleError as exc:  # pragma: no cover - the checks above are the same
            self.error(at, str(exc))
            raise _Skip from None

    def fits(self, at: str, blocks: list[Any]) -> None:
        try:
            Schedule(blocks, lead_in=0)
        except ScheduleError as exc:
            self.error(at, str(exc))
            raise _Skip from None

    # routines

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
            except _Skip:
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
            except _Skip:
                failed = True
        raw_steps = entry.get("steps")
        example = '[ { exercise = "wall", breaths = 4 } ]'
        steps: list[RoutineStep] = []
        if not isinstance(raw_steps, list) or not raw_steps:
            what = "nothing" if raw_steps is None else found(raw_steps)
            self.error(f"{at}.steps", f"expected a list of steps such as {example}, found {what}")
            failed = True
            raw_steps = []
        for n, raw_step in enumerate(raw_steps, start=1):
            try:
                steps.append(self.step(raw_step, f"{at}.steps[{n}]", catalogue, broken_exercises))
            except _Skip:
                failed = True
        if failed:
            raise _Skip
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
            raise _Skip
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
        except _Skip:
            failed = True
        try:
            dose = self.dose(entry, at, base=exercise.dose if exercise else None, required=False)
        except _Skip:
            failed = True
        if failed or exercise is None:
            raise _Skip
        return RoutineStep(exercise.id, dose=dose, exhale=exhale)


class _Skip(Exception):
    """This entry has an error (already reported); leave it out."""


def load(file: Path | None = None) -> LoadedConfig:
    """Read the config; never raises for anything in or about the file."""
    file = file if file is not None else paths.config_file()
    try:
        text = read_text(file)
    except FileNotFoundError:
        return LoadedConfig(path=file)
    except (OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            reason = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        elif isinstance(exc, UnreadableFile):
            reason = f"it {exc.reason}"
        else:
            reason = exc.strerror or str(exc)
        problem = Problem("error", "", f"cannot read the file: {reason}; defaults are used", file)
        return LoadedConfig(problems=[problem], path=file, found=True)
    return loads(text, file)


def loads(text: str, file: Path) -> LoadedConfig:
    deep = too_deep(text)
    if deep is not None:
        problem = Problem(
            "error",
            "",
            f"arrays or tables nested more than {MAX_TOML_DEPTH} deep (column {deep[1]}); "
            "the file is ignored until this is fixed",
            file,
            deep[0],
        )
        return LoadedConfig(problems=[problem], path=file, found=True)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return LoadedConfig(problems=[syntax_problem(file, text, exc)], path=file, found=True)
    except (ValueError, RecursionError) as exc:  # a 5,000-digit integer, say
        problem = Problem(
            "error",
            "",
            f"cannot read a value: {str(exc).split(';')[0]}; "
            "the file is ignored until this is fixed",
            file,
        )
        return LoadedConfig(problems=[problem], path=file, found=True)
    reader = _Reader(file)
    reader.unknown_keys(data, TOP_KEYS, "")
    settings = reader.settings(data)
    base = Catalogue()
    taken = {e.id: "a built-in exercise" for e in base.exercises}
    taken.update({r.id: "a built-in routine" for r in base.routines})
    exercises, broken = reader.exercises(data, taken, settings.exhale)
    routines = reader.routines(data, taken, base.extended(exercises), broken)
    exhale_for = reader.exhale_for(data, base.extended(exercises))
    return LoadedConfig(
        settings=settings,
        exercises=tuple(exercises),
        routines=tuple(routines),
        problems=reader.problems,
        path=file,
        found=True,
        exhale_for=exhale_for,
        ladders=reader.ladders,
    )
