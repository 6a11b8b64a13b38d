"""One config value at a time: each parser returns the value or raises `Invalid` with the
"expected ..., found ..." half of the sentence the user will read."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from fractions import Fraction

from breathe.config.model import SETTINGS_KEYS, ConfigError
from breathe.core.defaults import AUDIO_CHOICES, MAX_VOLUME, AudioChoice
from breathe.core.engine import (
    MAX_LEAD_IN_SECONDS,
    MAX_SESSION_SECONDS,
    ExhaleStyle,
    Pattern,
    ScheduleError,
)
from breathe.core.goal import MAX_GOAL, WeeklyGoal

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class Invalid(Exception):
    """A value is wrong; carries the `expected ..., found ...` sentence."""


def found(value: object) -> str:
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


def key_path(at: str, key: str) -> str:
    """`at.key`, quoting a key that TOML could not write bare (so it stays on one line)."""
    shown = key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)
    return f"{at}.{shown}" if at else shown


def expected(what: str, value: object) -> Invalid:
    return Invalid(f"expected {what}, found {found(value)}")


def as_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise expected("true or false", value)
    return value


def as_text(value: object, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str) or (not empty_ok and not value.strip()):
        raise expected("some text in quotes" if empty_ok else "a non-empty text in quotes", value)
    return value.strip()


def as_whole(value: object, lo: int, hi: int) -> int:
    what = f"a whole number from {lo} to {hi}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise expected(what, value)
    if isinstance(value, float) and not value.is_integer():
        raise expected(what, value)
    number = int(value)
    if not lo <= number <= hi:
        raise expected(what, value)
    return number


def as_number(value: object, what: str, lo: Fraction, hi: Fraction, *, lo_open: bool) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise expected(what, value)
    if isinstance(value, float) and not math.isfinite(value):
        raise expected(what, value)
    # repr: 0.1 means a tenth, not the binary float nearest to it.
    number = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    if number < lo or number > hi or (lo_open and number == lo):
        raise expected(what, value)
    return number


def as_seconds(value: object, hi: int) -> Fraction:
    return as_number(
        value, f"a number of seconds from 0 to {hi}", Fraction(0), Fraction(hi), lo_open=False
    )


def as_minutes(value: object) -> Fraction:
    hi = MAX_SESSION_SECONDS // 60
    return as_number(
        value,
        f"a number of minutes above 0 and at most {hi}",
        Fraction(0),
        Fraction(hi),
        lo_open=True,
    )


def as_exhale(value: object) -> ExhaleStyle:
    if isinstance(value, ExhaleStyle):
        return value
    if isinstance(value, str):
        try:
            return ExhaleStyle(value.strip().lower())
        except ValueError:
            pass
    raise expected('"hum" or "ha"', value)


def as_pattern(value: object) -> Pattern:
    if not isinstance(value, str):
        raise expected('a pattern in quotes such as "4-0-6-2" (inhale-hold-exhale-rest)', value)
    try:
        return Pattern.parse(value)
    except ScheduleError as exc:
        raise Invalid(str(exc)) from None


def as_audio(value: object) -> AudioChoice:
    if isinstance(value, str) and value in AUDIO_CHOICES:
        return value
    raise expected(one_of(AUDIO_CHOICES), value)


def as_hr(value: object) -> str:
    """A heart source as `--hr` takes it; a file is only read when a session starts."""
    from breathe.core.heart.spec import parse_source

    text = as_text(value)
    try:
        parse_source(text)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    return text.strip()


def as_theme(value: object) -> str:
    return as_text(value)


def one_of(choices: tuple[str, ...]) -> str:
    quoted = [json.dumps(c) for c in choices]
    return "one of " + ", ".join(quoted[:-1]) + " or " + quoted[-1]


def as_weekly_goal(value: object) -> WeeklyGoal:
    what = "a table such as { sessions = 4 } or { minutes = 60 }"
    if isinstance(value, WeeklyGoal):
        return value
    if not isinstance(value, dict) or len(value) != 1:
        raise expected(what, value)
    ((kind, target),) = value.items()
    if kind not in MAX_GOAL:
        raise expected(what, value)
    try:
        number = as_whole(target, 1, MAX_GOAL[kind])
    except Invalid:
        raise expected(f"{kind} as a whole number from 1 to {MAX_GOAL[kind]}", target) from None
    return WeeklyGoal(kind, number)


SETTING_PARSERS: dict[str, Callable[[object], object]] = {
    "exhale": as_exhale,
    "sound": as_bool,
    "volume": lambda v: as_whole(v, 0, MAX_VOLUME),
    "lead_in": lambda v: as_seconds(v, MAX_LEAD_IN_SECONDS),
    "theme": as_theme,
    "reduced_motion": as_bool,
    "guide": as_bool,
    "voice": as_bool,
    "progress": as_bool,
    "weekly_goal": as_weekly_goal,
    "audio": as_audio,
    "hr": as_hr,
}


def parse_setting(key: str, value: object) -> object:
    """Validate one setting as the file would; raises ConfigError with a one-sentence reason."""
    parser = SETTING_PARSERS.get(key)
    if parser is None:
        raise ConfigError(f"settings.{key}: unknown setting; expected {one_of(SETTINGS_KEYS)}")
    try:
        return parser(value)
    except Invalid as exc:
        raise ConfigError(f"settings.{key}: {exc}") from None


def toml_value(key: str, value: object) -> object:
    """A parsed value as TOML writes it: `3` not `Fraction(3, 1)`, `"hum"` not an enum."""
    if isinstance(value, ExhaleStyle):
        return value.value
    if isinstance(value, WeeklyGoal):
        return value.as_table()
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value
