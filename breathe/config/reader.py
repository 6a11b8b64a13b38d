"""The user's config file: settings, custom exercises and routines (TOML).

Reading never raises: every mistake becomes a `Problem` naming the file and the line or key
path, and whatever is valid is still used. Writing (`save_settings`) round-trips the file
with tomlkit so the user's comments and unknown keys survive.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, TextIO, TypeVar, cast

from breathe.core.catalogue import (
    DEFAULT_SET_REST_SECONDS,
    DEFAULT_TRANSITION_SECONDS,
    Catalogue,
    Exercise,
    Routine,
    RoutineStep,
)
from breathe.core.engine import (
    MAX_BREATHS,
    MAX_LEAD_IN_SECONDS,
    MAX_SESSION_SECONDS,
    MAX_SET_REST_SECONDS,
    MAX_SETS,
    Dose,
    ExhaleStyle,
    Pattern,
    Schedule,
    ScheduleError,
)
from breathe.system import paths

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised by CI on 3.10
    import tomli as tomllib

Level = Literal["error", "warning"]
AudioChoice = Literal["auto", "miniaudio", "simpleaudio", "bell", "off"]
AUDIO_CHOICES: tuple[AudioChoice, ...] = ("auto", "miniaudio", "simpleaudio", "bell", "off")

MAX_VOLUME = 100
DEFAULT_VOLUME = 40
DEFAULT_LEAD_IN = Fraction(3)
MAX_TRANSITION_SECONDS = MAX_SET_REST_SECONDS

# Textual's built-in themes (textual.theme.BUILTIN_THEMES), listed here so that reading the
# config does not import Textual; a test keeps the two in step.
TEXTUAL_THEMES: tuple[str, ...] = (
    "ansi-dark",
    "ansi-light",
    "atom-one-dark",
    "atom-one-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")

SETTINGS_KEYS = ("exhale", "sound", "volume", "lead_in", "theme", "reduced_motion", "audio")
EXERCISE_KEYS = ("name", "cue", "pattern", "breaths", "minutes", "sets", "rest", "exhale", "why")
ROUTINE_KEYS = ("name", "steps", "transition", "why")
STEP_KEYS = ("exercise", "breaths", "minutes", "sets", "rest", "exhale")
TOP_KEYS = ("settings", "exercises", "routines")


class ConfigError(Exception):
    """The config cannot be changed as asked: the message is one sentence, fit to show as is."""


@dataclass(frozen=True)
class Settings:
    """Effective settings; `exhale` None means each exercise keeps its own default."""

    exhale: ExhaleStyle | None = None
    sound: bool = True
    volume: int = DEFAULT_VOLUME
    lead_in: Fraction = DEFAULT_LEAD_IN
    theme: str | None = None  # None: the app's default theme
    reduced_motion: bool = False
    audio: AudioChoice = "auto"


@dataclass(frozen=True)
class Problem:
    """One mistake in the config, located by line (syntax) or key path (everything else)."""

    level: Level
    where: str  # key path such as `exercises.stairs.pattern`; "" for the whole file
    message: str
    file: Path | None = None
    line: int | None = None

    def format(self) -> str:
        """`path:line: message` or `path: key.path: message`; warnings say so."""
        text = f"warning: {self.message}" if self.level == "warning" else self.message
        loc = str(self.file) if self.file is not None else "config"
        if self.line is not None:
            return f"{loc}:{self.line}: {text}"
        if self.where:
            return f"{loc}: {self.where}: {text}"
        return f"{loc}: {text}"


@dataclass(frozen=True)
class LoadedConfig:
    settings: Settings = field(default_factory=Settings)
    exercises: tuple[Exercise, ...] = ()
    routines: tuple[Routine, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    path: Path | None = None
    found: bool = False  # False: no file, defaults in use

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def catalogue(self, base: Catalogue | None = None) -> Catalogue:
        """Built-ins plus the user's entries, with the default exhale style applied."""
        cat = (base or Catalogue()).extended(self.exercises, self.routines)
        return apply_exhale_setting(cat, self.settings.exhale)


def apply_exhale_setting(catalogue: Catalogue, exhale: ExhaleStyle | None) -> Catalogue:
    """The preferred style replaces the default only where an exercise allows either."""
    if exhale is None:
        return catalogue
    exercises = tuple(
        replace(ex, exhale=exhale) if ex.either_exhale else ex for ex in catalogue.exercises
    )
    return replace(catalogue, exercises=exercises)


# --- validation helpers -----------------------------------------------------------------


class _Invalid(Exception):
    """A value is wrong; carries the `expected ..., found ...` sentence."""


def _found(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(text, ensure_ascii=False)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _key_path(at: str, key: str) -> str:
    """`at.key`, quoting a key that TOML could not write bare (so it stays on one line)."""
    shown = key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)
    return f"{at}.{shown}" if at else shown


def _expected(what: str, value: object) -> _Invalid:
    return _Invalid(f"expected {what}, found {_found(value)}")


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise _expected("true or false", value)
    return value


def _text(value: object, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str) or (not empty_ok and not value.strip()):
        raise _expected("some text in quotes" if empty_ok else "a non-empty text in quotes", value)
    return value.strip()


def _whole(value: object, lo: int, hi: int) -> int:
    what = f"a whole number from {lo} to {hi}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _expected(what, value)
    if isinstance(value, float) and not value.is_integer():
        raise _expected(what, value)
    number = int(value)
    if not lo <= number <= hi:
        raise _expected(what, value)
    return number


def _number(value: object, what: str, lo: Fraction, hi: Fraction, *, lo_open: bool) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise _expected(what, value)
    if isinstance(value, float) and not math.isfinite(value):
        raise _expected(what, value)
    # repr: 0.1 means a tenth, not the binary float nearest to it.
    number = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    if number < lo or number > hi or (lo_open and number == lo):
        raise _expected(what, value)
    return number


def _seconds(value: object, hi: int) -> Fraction:
    return _number(
        value, f"a number of seconds from 0 to {hi}", Fraction(0), Fraction(hi), lo_open=False
    )


def _minutes(value: object) -> Fraction:
    hi = MAX_SESSION_SECONDS // 60
    return _number(
        value,
        f"a number of minutes above 0 and at most {hi}",
        Fraction(0),
        Fraction(hi),
        lo_open=True,
    )


def _exhale(value: object) -> ExhaleStyle:
    if isinstance(value, ExhaleStyle):
        return value
    if isinstance(value, str):
        try:
            return ExhaleStyle(value.strip().lower())
        except ValueError:
            pass
    raise _expected('"hum" or "ha"', value)


def _pattern(value: object) -> Pattern:
    if not isinstance(value, str):
        raise _expected('a pattern in quotes such as "4-0-6-2" (inhale-hold-exhale-rest)', value)
    try:
        return Pattern.parse(value)
    except ScheduleError as exc:
        raise _Invalid(str(exc)) from None


def _audio(value: object) -> AudioChoice:
    if isinstance(value, str) and value in AUDIO_CHOICES:
        return value
    raise _expected(_one_of(AUDIO_CHOICES), value)


def _theme(value: object) -> str:
    return _text(value)


def _one_of(choices: tuple[str, ...]) -> str:
    quoted = [json.dumps(c) for c in choices]
    return "one of " + ", ".join(quoted[:-1]) + " or " + quoted[-1]


_SETTING_PARSERS: dict[str, Callable[[object], object]] = {
    "exhale": _exhale,
    "sound": _bool,
    "volume": lambda v: _whole(v, 0, MAX_VOLUME),
    "lead_in": lambda v: _seconds(v, MAX_LEAD_IN_SECONDS),
    "theme": _theme,
    "reduced_motion": _bool,
    "audio": _audio,
}


def parse_setting(key: str, value: object) -> object:
    """Validate one setting as the file would; raises ConfigError with a one-sentence reason."""
    parser = _SETTING_PARSERS.get(key)
    if parser is None:
        raise ConfigError(f"settings.{key}: unknown setting; expected {_one_of(SETTINGS_KEYS)}")
    try:
        return parser(value)
    except _Invalid as exc:
        raise ConfigError(f"settings.{key}: {exc}") from None


# --- reading ------------------------------------------------------------------------------

T = TypeVar("T")


class _Reader:
    """Collects problems while turning the parsed TOML into settings and catalogue entries."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem("error", where, message, self.file))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem("warning", where, message, self.file))

    def unknown_keys(self, table: Mapping[str, object], known: tuple[str, ...], at: str) -> None:
        for key in table:
            if key not in known:
                self.warn(_key_path(at, key), f"unknown key, ignored; expected {_one_of(known)}")

    def get(
        self, table: Mapping[str, object], key: str, at: str, parse: Callable[[object], T]
    ) -> T | None:
        """The parsed value, or None when absent; a bad value is reported and counts as bad."""
        if key not in table:
            return None
        try:
            return parse(table[key])
        except _Invalid as exc:
            self.error(f"{at}.{key}", str(exc))
            raise _Skip from None

    def table(self, value: object, at: str, example: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(at, f"expected a table such as {example}, found {_found(value)}")
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
                values[key] = _SETTING_PARSERS[key](raw[key])
            except _Invalid as exc:
                self.error(f"settings.{key}", f"{exc}; the default is used")
                continue
            if key == "theme" and values[key] not in TEXTUAL_THEMES:
                self.warn(
                    "settings.theme",
                    f"unknown theme {_found(values[key])}, the app's default may be used "
                    'instead; expected a built-in Textual theme such as "textual-dark", '
                    '"nord", "gruvbox" or "tokyo-night"',
                )
        return Settings(**values)  # type: ignore[arg-type]

    # ids

    def check_id(self, kind: str, id: str, taken: dict[str, str]) -> bool:
        at = _key_path(kind, id)
        if not _ID.fullmatch(id):
            self.error(
                at,
                "expected an id of lowercase words joined by dashes, such as "
                f'"stairs" or "hill-repeats", found {_found(id)}',
            )
            return False
        if id in taken:
            self.error(
                at,
                f"{_found(id)} is already {taken[id]}; expected a new id "
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
            at = _key_path("exercises", id)
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
            ("name", _text),
            ("cue", lambda v: _text(v, empty_ok=True)),
            ("why", lambda v: _text(v, empty_ok=True)),
            ("pattern", _pattern),
            ("exhale", _exhale),
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
        return ex

    def dose(
        self, entry: Mapping[str, object], at: str, base: Dose | None, *, required: bool
    ) -> Dose | None:
        """The dose an entry asks for; None when a step keeps the exercise's own."""
        failed = False
        values: dict[str, Any] = {}
        for key, parse in (
            ("breaths", lambda v: _whole(v, 1, MAX_BREATHS)),
            ("minutes", _minutes),
            ("sets", lambda v: _whole(v, 1, MAX_SETS)),
            ("rest", lambda v: _seconds(v, MAX_SET_REST_SECONDS)),
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
                rest = base.rest_seconds or (DEFAULT_SET_REST_SECONDS if sets > 1 else Fraction(0))
        sets = sets or 1
        if rest is None:
            base_rest = base.rest_seconds if base is not None else Fraction(0)
            rest = base_rest or (DEFAULT_SET_REST_SECONDS if sets > 1 else Fraction(0))
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
            at = _key_path("routines", id)
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
            ("name", _text),
            ("why", lambda v: _text(v, empty_ok=True)),
            ("transition", lambda v: _seconds(v, MAX_TRANSITION_SECONDS)),
        ):
            try:
                fields[key] = self.get(entry, key, at, parse)
            except _Skip:
                failed = True
        raw_steps = entry.get("steps")
        example = '[ { exercise = "wall", breaths = 4 } ]'
        steps: list[RoutineStep] = []
        if not isinstance(raw_steps, list) or not raw_steps:
            found = "nothing" if raw_steps is None else _found(raw_steps)
            self.error(f"{at}.steps", f"expected a list of steps such as {example}, found {found}")
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
                f"{at}.exercise", f'expected an exercise id such as "wall", found {_found(name)}'
            )
            failed = True
        elif catalogue.exercise(name) is not None:
            exercise = catalogue.exercise(name)
        elif name in broken_exercises:
            self.error(
                f"{at}.exercise",
                f"exercise {_found(name)} has errors of its own (see exercises.{name}); "
                "expected a usable exercise",
            )
            failed = True
        else:
            ids = ", ".join(e.id for e in catalogue.exercises)
            extra = " (that is a routine; steps name exercises)" if catalogue.routine(name) else ""
            self.error(
                f"{at}.exercise",
                f"unknown exercise {_found(name)}{extra}; expected one of {ids}",
            )
            failed = True
        try:
            exhale = self.get(entry, "exhale", at, _exhale)
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


def _syntax_problem(file: Path, text: str, exc: Exception) -> Problem:
    message = str(exc)
    line: int | None = getattr(exc, "lineno", None)
    column: int | None = getattr(exc, "colno", None)
    found = _TOML_POSITION.search(message)
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        message = message[: found.start()]
    elif _TOML_AT_END.search(message):
        message = _TOML_AT_END.sub("", message) + " at the end of the file"
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        column = None
    message = message.rstrip(". ")
    where = f" (column {column})" if column else ""
    return Problem(
        "error",
        "",
        f"TOML syntax error: {message}{where}; the file is ignored until this is fixed",
        file,
        line or 1,
    )


def read_text(file: Path) -> str:
    """The file's text; OSError and UnicodeDecodeError are the caller's to report."""
    return file.read_bytes().decode("utf-8-sig")


def load(file: Path | None = None) -> LoadedConfig:
    """Read the config; never raises for anything in or about the file."""
    file = file if file is not None else paths.config_file()
    try:
        text = read_text(file)
    except FileNotFoundError:
        return LoadedConfig(path=file)
    except (OSError, UnicodeDecodeError) as exc:
        reason = (
            f"not UTF-8 text ({exc.reason} at byte {exc.start})"
            if isinstance(exc, UnicodeDecodeError)
            else exc.strerror or str(exc)
        )
        problem = Problem("error", "", f"cannot read the file: {reason}; defaults are used", file)
        return LoadedConfig(problems=[problem], path=file, found=True)
    return loads(text, file)


def loads(text: str, file: Path) -> LoadedConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return LoadedConfig(problems=[_syntax_problem(file, text, exc)], path=file, found=True)
    reader = _Reader(file)
    reader.unknown_keys(data, TOP_KEYS, "")
    settings = reader.settings(data)
    base = Catalogue()
    taken = {e.id: "a built-in exercise" for e in base.exercises}
    taken.update({r.id: "a built-in routine" for r in base.routines})
    exercises, broken = reader.exercises(data, taken, settings.exhale)
    routines = reader.routines(data, taken, base.extended(exercises), broken)
    return LoadedConfig(
        settings=settings,
        exercises=tuple(exercises),
        routines=tuple(routines),
        problems=reader.problems,
        path=file,
        found=True,
    )


def catalogue_with_user_entries(loaded: LoadedConfig | None = None) -> Catalogue:
    """Built-ins plus the user's valid exercises and routines (problems are not shown here)."""
    return (loaded or load()).catalogue()


# --- writing ------------------------------------------------------------------------------


def _toml_value(key: str, value: object) -> object:
    if isinstance(value, ExhaleStyle):
        return value.value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def atomic_write(file: Path, data: str | bytes) -> None:
    """A reader sees the old file or the new; symlinks stay links (see breathe.system.atomic)."""
    from breathe.system.atomic import write_atomic

    write_atomic(file, data, make_dirs=True)


def _set_keeping_layout(table: Any, key: str, value: object) -> None:
    """Replace in place, or add a new key right after the table's last key.

    A plain append would land after the blank line and comment that introduce the next
    table, so the user's comment would seem to describe the new key.
    """
    if key not in table:
        with contextlib.suppress(AttributeError, TypeError, IndexError):
            body = table.value.body
            last = max((i for i, (k, _) in enumerate(body) if k is not None), default=-1)
            if 0 <= last < len(body) - 1:
                table.value._insert_at(last + 1, key, value)  # tomlkit has no public insert
                return
    table[key] = value


def save_settings(changes: Mapping[str, object], file: Path | None = None) -> None:
    """Set (or with None, remove) keys under [settings], keeping every comment and unknown key.

    Raises ConfigError with one sentence when a value is invalid or the file cannot be
    read, parsed or written; a broken file is never overwritten.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    file = file if file is not None else paths.config_file()
    checked = {
        key: None if value is None else _toml_value(key, parse_setting(key, value))
        for key, value in changes.items()
    }
    try:
        text = read_text(file)
    except FileNotFoundError:
        text = "# breathe settings; see 'breathe config --init' for an example.\n"
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {file}: {exc}") from None
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(
            f"cannot save settings: {file} has a TOML syntax error ({exc}); fix it first"
        ) from None
    settings = doc.get("settings")
    if settings is None:
        settings = tomlkit.table()
        doc["settings"] = settings
    elif not isinstance(settings, dict):
        raise ConfigError(f"cannot save settings: 'settings' in {file} is not a table")
    for key, value in checked.items():
        if value is None:
            settings.pop(key, None)
        else:
            _set_keeping_layout(settings, key, value)
    try:
        atomic_write(file, tomlkit.dumps(doc))
    except OSError as exc:
        raise ConfigError(f"cannot write {file}: {exc.strerror or exc}") from None


# --- the command line ---------------------------------------------------------------------

EXAMPLE_CONFIG = """\
# breathe config: settings, your own exercises and routines.
# Check it with `breathe config --check`; `breathe list` shows what you added.

[settings]
exhale = "hum"          # or "ha"
sound = true
volume = 40             # 0-100
lead_in = 3             # seconds
reduced_motion = false
# theme = "nord"        # any Textual theme, e.g. textual-dark, nord, gruvbox, dracula
# audio = "auto"        # auto, miniaudio, simpleaudio, bell or off

[exercises.stairs]      # the id is the table name
name = "Stair breathing"
cue = "Stand tall at the bottom of the stairs."
pattern = "2-0-3-0"     # same syntax as --pattern
breaths = 6             # or minutes = 5; sets = 3 with breaths per set; rest = 20 between sets
exhale = "ha"
# why = "A short reminder of what it is for."

[routines.morning]
name = "Morning"
steps = [ { exercise = "wall", breaths = 4 }, { exercise = "stairs", minutes = 2 } ]
# transition = 10       # seconds to get into position between steps
"""


def report(loaded: LoadedConfig, err: TextIO) -> None:
    """Problems on stderr, one line each, for commands that carry on regardless."""
    for problem in loaded.problems:
        print(f"breathe: {problem.format()}", file=err)


def load_for_cli(err: TextIO) -> LoadedConfig:
    loaded = load()
    report(loaded, err)
    return loaded


def fill_run_defaults(args: argparse.Namespace, settings: Settings) -> None:
    """Settings fill in what the command line left open; flags always win."""
    if hasattr(args, "lead_in") and args.lead_in is None:
        args.lead_in = settings.lead_in
    chose_sound = getattr(args, "no_sound", False) or getattr(args, "audio", None) is not None
    if hasattr(args, "no_sound") and not settings.sound and not chose_sound:
        args.no_sound = True
    if hasattr(args, "audio") and args.audio is None:
        args.audio = settings.audio
    if hasattr(args, "volume") and args.volume is None:
        args.volume = settings.volume


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, ExhaleStyle):
        return value.value
    if isinstance(value, Fraction):
        return str(_toml_value("", value))
    return str(value)


def describe_settings(loaded: LoadedConfig) -> Iterator[str]:
    s = loaded.settings
    rows = [
        ("exhale", _fmt(s.exhale) if s.exhale else "each exercise's own"),
        ("sound", _fmt(s.sound)),
        ("volume", _fmt(s.volume)),
        ("lead_in", f"{_fmt(s.lead_in)} s"),
        ("theme", s.theme or "the app's default"),
        ("reduced_motion", _fmt(s.reduced_motion)),
        ("audio", s.audio),
        ("exercises", ", ".join(e.id for e in loaded.exercises) or "none of your own"),
        ("routines", ", ".join(r.id for r in loaded.routines) or "none of your own"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        yield f"{key.ljust(width)}  {value}"


def cmd_config(init: bool, check: bool, force: bool, out: TextIO, err: TextIO) -> int:
    """`breathe config [--init [--force] | --check]`; returns the exit status."""
    file = paths.config_file()
    if force and not init:
        print("breathe: --force only goes with --init", file=err)
        return 2
    if init:
        return _init(file, force, out, err)
    loaded = load(file)
    if check:
        for problem in loaded.problems:
            print(problem.format(), file=out)
        if not loaded.found:
            print(f"no config file at {file}; defaults in use ('breathe config --init')", file=out)
            return 0
        counts = (
            f"{_plural(len(loaded.exercises), 'exercise')}, "
            f"{_plural(len(loaded.routines), 'routine')}"
        )
        if loaded.errors:
            print(f"config has {_plural(len(loaded.errors), 'error')}; usable: {counts}", file=out)
            return 1
        warned = f" ({_plural(len(loaded.warnings), 'warning')})" if loaded.warnings else ""
        print(f"config OK: {counts}{warned}", file=out)
        return 0
    report(loaded, err)
    state = "" if loaded.found else " (no file yet: defaults; 'breathe config --init' makes one)"
    print(f"config  {file}{state}", file=out)
    for line in describe_settings(loaded):
        print(f"  {line}", file=out)
    return 1 if loaded.errors else 0


def _init(file: Path, force: bool, out: TextIO, err: TextIO) -> int:
    exists = file.exists()
    if exists and not force:
        print(f"breathe: {file} already exists; use --init --force to replace it", file=err)
        return 1
    try:
        if exists:
            backup = file.with_name(file.name + ".bak")
            atomic_write(backup, file.read_bytes())
        atomic_write(file, EXAMPLE_CONFIG)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"breathe: cannot write {file}: {reason}", file=err)
        return 1
    note = f" (the old one is in {file.name}.bak)" if exists else ""
    print(f"wrote an example config to {file}{note}", file=out)
    return 0
