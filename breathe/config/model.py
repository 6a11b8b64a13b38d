"""The config as breathe uses it: effective settings, the user's entries, and each problem
found on the way, located by line or key path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Literal

from breathe.core.catalogue import Catalogue, Exercise, Routine
from breathe.core.defaults import DEFAULT_LEAD_IN, DEFAULT_VOLUME, AudioChoice
from breathe.core.engine import MAX_SET_REST_SECONDS, ExhaleStyle
from breathe.core.goal import WeeklyGoal
from breathe.core.progression import Knob

Level = Literal["error", "warning"]
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

SETTINGS_KEYS = (
    "exhale",
    "sound",
    "volume",
    "lead_in",
    "theme",
    "reduced_motion",
    "audio",
    "guide",
    "voice",
    "progress",
    "weekly_goal",
    "hr",
)
EXERCISE_KEYS = (
    *("name", "cue", "pattern", "breaths", "minutes", "sets", "rest", "exhale", "why"),
    "progress",
)
ROUTINE_KEYS = ("name", "steps", "transition", "why")
STEP_KEYS = ("exercise", "breaths", "minutes", "sets", "rest", "exhale")
TOP_KEYS = ("settings", "exhale", "exercises", "routines")


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
    guide: bool | None = None  # None: on, unless BREATHE_GUIDE says off
    voice: bool | None = None  # None: off, unless BREATHE_VOICE says on
    progress: bool = True  # each exercise's dose follows its ladder (`--no-progress` for one run)
    weekly_goal: WeeklyGoal | None = None  # sessions or minutes a week
    hr: str = "auto"  # the heart source (`--hr`): off, auto, strap, sim, sim:RATE or a file


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

    def brief(self) -> str:
        """Without the file's path, for a one-line banner: `exercises.x.pattern: message`."""
        text = f"warning: {self.message}" if self.level == "warning" else self.message
        if self.line is not None:
            return f"line {self.line}: {text}"
        return f"{self.where}: {text}" if self.where else text


@dataclass(frozen=True)
class LoadedConfig:
    settings: Settings = field(default_factory=Settings)
    exercises: tuple[Exercise, ...] = ()
    routines: tuple[Routine, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    path: Path | None = None
    found: bool = False  # False: no file, defaults in use
    # [exhale]: the style chosen for one exercise (`e` in the app), over the global default.
    exhale_for: Mapping[str, ExhaleStyle] = field(default_factory=dict)
    # `progress = {...}` of custom exercises: their ladders' steps, already checked.
    ladders: Mapping[str, tuple[tuple[Knob, tuple[Fraction, ...]], ...]] = field(
        default_factory=dict
    )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def catalogue(self, base: Catalogue | None = None) -> Catalogue:
        """Built-ins plus the user's entries, with the default exhale style applied."""
        cat = (base or Catalogue()).extended(self.exercises, self.routines)
        return apply_exhale_setting(cat, self.settings.exhale, self.exhale_for)


def apply_exhale_setting(
    catalogue: Catalogue,
    exhale: ExhaleStyle | None,
    exhale_for: Mapping[str, ExhaleStyle] | None = None,
) -> Catalogue:
    """The preferred style replaces the default only where an exercise allows either: one
    exercise's own choice first, then the global default."""
    per = exhale_for or {}
    if exhale is None and not per:
        return catalogue
    exercises = tuple(
        replace(ex, exhale=per.get(ex.id) or exhale or ex.exhale) if ex.either_exhale else ex
        for ex in catalogue.exercises
    )
    return replace(catalogue, exercises=exercises)
