"""Breathing patterns and doses: parsed and checked from what a user types, exactly.

Pure. Seconds are fractions, so a schedule built from them never drifts; every limit a user
can hit is a `ScheduleError` whose message is one sentence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

from breathe.core.numbers import exact_number
from breathe.core.text import plural

MAX_PHASE_SECONDS = 120
MIN_PHASE_SECONDS = Fraction(1, 100)  # shorter is no breath; it only makes huge schedules
MAX_SESSION_SECONDS = 4 * 60 * 60
MAX_LEAD_IN_SECONDS = 60
MAX_SET_REST_SECONDS = 600
MAX_BREATHS = 1000
MAX_SETS = 50
MAX_PATTERN_CHARS = 100


class ScheduleError(ValueError):
    """Input a user can get wrong: the message is one sentence, fit to show as is."""


class PhaseKind(Enum):
    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"
    REST = "rest"


_KIND_ORDER = (PhaseKind.INHALE, PhaseKind.HOLD, PhaseKind.EXHALE, PhaseKind.REST)


class ExhaleStyle(Enum):
    HUM = "hum"
    HA = "ha"

    @property
    def instruction(self) -> str:
        return "hum, lips closed" if self is ExhaleStyle.HUM else "haaa, mouth open"

    @property
    def how(self) -> str:
        """The instruction without the style, for under a word that already names it."""
        return "lips closed" if self is ExhaleStyle.HUM else "mouth open"


def parse_exhale(text: str) -> ExhaleStyle:
    try:
        return ExhaleStyle(text.strip().lower())
    except ValueError:
        raise ScheduleError(f"exhale style must be 'hum' or 'ha', not {text!r}") from None


@dataclass(frozen=True)
class Phase:
    kind: PhaseKind
    seconds: Fraction


def _parse_seconds(token: str, text: str) -> Fraction:
    token = token.strip()
    if not token:
        raise ScheduleError(
            f"malformed pattern {text!r}: an empty part; expected e.g. 4-7-8-0 "
            "(inhale-hold-exhale-rest) or 2+0.5-0-5-0"
        )
    value = None if token.startswith(("+", "-")) else exact_number(token)
    if value is None:
        raise ScheduleError(
            f"malformed pattern {text!r}: {token!r} is not a number of seconds; "
            "expected e.g. 4-7-8-0 (inhale-hold-exhale-rest) or 2+0.5-0-5-0"
        ) from None
    if 0 < value < MIN_PHASE_SECONDS:
        raise ScheduleError(
            f"pattern {text!r}: a phase of {float(value):g} s is shorter than "
            f"{float(MIN_PHASE_SECONDS):g} s; use 0 to leave a phase out"
        )
    if value > MAX_PHASE_SECONDS:
        raise ScheduleError(
            f"pattern {text!r}: a phase of {format_seconds(value)} s is longer than "
            f"the {MAX_PHASE_SECONDS} s limit"
        )
    return value


@dataclass(frozen=True)
class Pattern:
    """A breath as a sequence of phases; zero-length phases are already dropped."""

    phases: tuple[Phase, ...]
    groups: tuple[tuple[Fraction, ...], ...] = field(compare=False)

    @classmethod
    def parse(cls, text: str) -> Pattern:
        """Parse `in-hold-out-rest`; each part may be `a+b` for phases in a row.

        Two parts mean inhale-exhale, three inhale-hold-exhale.
        """
        raw = text.strip()
        if len(raw) > MAX_PATTERN_CHARS:
            raise ScheduleError(
                f"malformed pattern {raw[:20]!r}...: longer than {MAX_PATTERN_CHARS} characters; "
                "expected e.g. 4-7-8-0 (inhale-hold-exhale-rest)"
            )
        if raw.startswith("-"):
            raise ScheduleError(
                f"malformed pattern {text!r}: seconds cannot be negative; "
                "expected e.g. 4-7-8-0 (inhale-hold-exhale-rest)"
            )
        parts = raw.split("-")
        if len(parts) not in (2, 3, 4):
            raise ScheduleError(
                f"malformed pattern {text!r}: expected 2 to 4 parts separated by '-', "
                "e.g. 4-7-8-0 (inhale-hold-exhale-rest)"
            )
        if len(parts) == 2:
            parts = [parts[0], "0", parts[1], "0"]
        elif len(parts) == 3:
            parts = [*parts, "0"]
        groups = tuple(
            tuple(_parse_seconds(tok, text) for tok in part.split("+")) for part in parts
        )
        pattern = cls.from_groups(groups)
        if not any(p.kind is PhaseKind.INHALE for p in pattern.phases) or not any(
            p.kind is PhaseKind.EXHALE for p in pattern.phases
        ):
            raise ScheduleError(f"pattern {text!r} needs an inhale and an exhale longer than 0 s")
        return pattern

    @classmethod
    def from_groups(cls, groups: Sequence[Sequence[Fraction | int | float | str]]) -> Pattern:
        exact = tuple(tuple(Fraction(s) for s in g) for g in groups)
        phases = tuple(
            Phase(kind, s)
            for kind, group in zip(_KIND_ORDER, exact, strict=False)
            for s in group
            if s > 0
        )
        return cls(phases=phases, groups=exact)

    @property
    def cycle_seconds(self) -> Fraction:
        return sum((p.seconds for p in self.phases), Fraction(0))

    @property
    def text(self) -> str:
        """The canonical text form, e.g. `2+0.5-0-5-0`."""
        return "-".join("+".join(format_seconds(s) for s in g) for g in self.groups)

    @property
    def cadence(self) -> str:
        """A friendlier form for screens, e.g. `3 · 0 · 6 · 3`."""
        return " · ".join("+".join(format_seconds(s) for s in g) for g in self.groups)


def format_seconds(value: Fraction) -> str:
    if value.denominator == 1 and abs(value.numerator) < 10**9:
        return str(value.numerator)
    try:
        return f"{float(value):g}"
    except OverflowError:
        return "a huge number"


@dataclass(frozen=True)
class Dose:
    """How much to breathe: whole breaths or minutes per set, and sets with rests between."""

    breaths: int | None = None
    minutes: Fraction | None = None
    sets: int = 1
    rest_seconds: Fraction = Fraction(0)

    def __post_init__(self) -> None:
        if (self.breaths is None) == (self.minutes is None):
            raise ScheduleError("a dose is either breaths or minutes, not both or neither")
        if self.breaths is not None and not 1 <= self.breaths <= MAX_BREATHS:
            raise ScheduleError(f"breaths must be 1 to {MAX_BREATHS}, not {self.breaths}")
        if self.minutes is not None and not 0 < self.minutes <= MAX_SESSION_SECONDS / 60:
            raise ScheduleError(
                f"minutes must be more than 0 and at most {MAX_SESSION_SECONDS // 60}, "
                f"not {format_seconds(self.minutes)}"
            )
        if not 1 <= self.sets <= MAX_SETS:
            raise ScheduleError(f"sets must be 1 to {MAX_SETS}, not {self.sets}")
        if not 0 <= self.rest_seconds <= MAX_SET_REST_SECONDS:
            raise ScheduleError(
                f"rest between sets must be 0 to {MAX_SET_REST_SECONDS} s, "
                f"not {format_seconds(self.rest_seconds)}"
            )

    def breaths_per_set(self, pattern: Pattern) -> int:
        if self.breaths is not None:
            return self.breaths
        assert self.minutes is not None
        # Whole breaths only: a minutes dose ends at the end of the breath in progress.
        breaths = max(1, math.ceil(self.minutes * 60 / pattern.cycle_seconds))
        if breaths > MAX_BREATHS:
            raise ScheduleError(
                f"{format_seconds(self.minutes)} min of {pattern.text} is {breaths} breaths a set; "
                f"at most {MAX_BREATHS}"
            )
        return breaths

    def describe(self) -> str:
        each = (
            plural(self.breaths, "breath")
            if self.breaths is not None
            else f"{format_seconds(self.minutes or Fraction(0))} min"
        )
        return each if self.sets == 1 else f"{each} x {self.sets}"
