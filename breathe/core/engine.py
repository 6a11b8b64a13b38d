"""Breathing patterns, doses and exact schedules.

Pure: no I/O, no Textual, no clock of its own. Every boundary is computed from exact
fractions of the pattern's seconds, so a schedule never drifts, whatever the frame rate.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

from breathe.core.numbers import exact_number
from breathe.core.text import format_clock, plural

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


class SegmentKind(Enum):
    """Everything a schedule can be doing at a given instant."""

    LEAD_IN = "lead-in"
    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"
    REST = "rest"
    SET_REST = "set-rest"
    TRANSITION = "transition"

    @property
    def is_breath(self) -> bool:
        return self in _BREATH_KINDS


_BREATH_KINDS = frozenset(
    {SegmentKind.INHALE, SegmentKind.HOLD, SegmentKind.EXHALE, SegmentKind.REST}
)


class ExhaleStyle(Enum):
    HUM = "hum"
    HA = "ha"

    @property
    def instruction(self) -> str:
        return "hum, lips closed" if self is ExhaleStyle.HUM else "haaa, mouth open"


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
            f"pattern {text!r}: a phase of {_fmt_seconds(value)} s is longer than "
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
        return "-".join("+".join(_fmt_seconds(s) for s in g) for g in self.groups)

    @property
    def cadence(self) -> str:
        """A friendlier form for screens, e.g. `3 · 0 · 6 · 3`."""
        return " · ".join("+".join(_fmt_seconds(s) for s in g) for g in self.groups)


def _fmt_seconds(value: Fraction) -> str:
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
                f"not {_fmt_seconds(self.minutes)}"
            )
        if not 1 <= self.sets <= MAX_SETS:
            raise ScheduleError(f"sets must be 1 to {MAX_SETS}, not {self.sets}")
        if not 0 <= self.rest_seconds <= MAX_SET_REST_SECONDS:
            raise ScheduleError(
                f"rest between sets must be 0 to {MAX_SET_REST_SECONDS} s, "
                f"not {_fmt_seconds(self.rest_seconds)}"
            )

    def breaths_per_set(self, pattern: Pattern) -> int:
        if self.breaths is not None:
            return self.breaths
        assert self.minutes is not None
        # Whole breaths only: a minutes dose ends at the end of the breath in progress.
        breaths = max(1, math.ceil(self.minutes * 60 / pattern.cycle_seconds))
        if breaths > MAX_BREATHS:
            raise ScheduleError(
                f"{_fmt_seconds(self.minutes)} min of {pattern.text} is {breaths} breaths a set; "
                f"at most {MAX_BREATHS}"
            )
        return breaths

    def describe(self) -> str:
        each = (
            plural(self.breaths, "breath")
            if self.breaths is not None
            else f"{_fmt_seconds(self.minutes or Fraction(0))} min"
        )
        return each if self.sets == 1 else f"{each} x {self.sets}"


@dataclass(frozen=True)
class Segment:
    """One interval of a schedule, in seconds of active time from the session start."""

    index: int
    kind: SegmentKind
    start: float
    end: float
    breath: int  # 1-based within its set; 0 before the first breath
    set: int  # 1-based
    step: int = 0  # 0-based step of a routine

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Block:
    """One exercise's part of a schedule: a pattern breathed for a dose."""

    pattern: Pattern
    dose: Dose
    exhale: ExhaleStyle
    transition_seconds: Fraction = Fraction(0)  # before this block, after the previous one
    # Wait for the user before this block (between strength sets): the clock pauses there.
    await_before: bool = False


@dataclass(frozen=True)
class State:
    """Where a schedule is at one instant of active time."""

    segment: Segment
    progress: float  # 0..1 through the segment
    phase_left: float
    elapsed: float
    total_left: float
    breaths_per_set: int
    sets: int
    done: bool
    breaths_completed: int

    @property
    def kind(self) -> SegmentKind:
        return self.segment.kind

    @property
    def breath(self) -> int:
        return self.segment.breath

    @property
    def set(self) -> int:
        return self.segment.set


class Schedule:
    """Exact phase intervals for blocks of breathing, answering `at(t)` for any t."""

    def __init__(self, blocks: Sequence[Block], lead_in: Fraction | float | int = 3) -> None:
        if not blocks:
            raise ScheduleError("a schedule needs at least one exercise")
        lead = Fraction(lead_in)
        if not 0 <= lead <= MAX_LEAD_IN_SECONDS:
            raise ScheduleError(
                f"lead-in must be 0 to {MAX_LEAD_IN_SECONDS} s, not {_fmt_seconds(lead)}"
            )
        self.blocks = tuple(blocks)
        self.lead_in = lead
        exact_total = lead + sum(
            (_block_seconds(b, first=i == 0) for i, b in enumerate(self.blocks)), Fraction(0)
        )
        if exact_total > MAX_SESSION_SECONDS:
            raise ScheduleError(
                f"that session would last {format_clock(float(exact_total))}, "
                f"over the {MAX_SESSION_SECONDS // 3600} hour limit"
            )
        self._block_starts: list[float] = []
        self.segments: tuple[Segment, ...] = tuple(self._build())
        # Active-time instants where the session waits for the user to go on.
        self.await_points: tuple[float, ...] = tuple(
            start
            for block, start in zip(self.blocks, self._block_starts, strict=True)
            if block.await_before and start > 0
        )
        self._starts = [s.start for s in self.segments]
        self.total = float(exact_total)
        # Breaths done by the end of each segment, one count for summaries, plain mode and
        # history alike: a breath is done at the end of its exhale (its rest is not needed).
        done = 0
        self._completed_after: list[int] = []
        for seg in self.segments:
            if self.ends_breath(seg):
                done += 1
            self._completed_after.append(done)
        self.total_breaths = done
        # Derived once: `at(t)` runs every frame and must not redo Fraction arithmetic.
        self._per_set = tuple(b.dose.breaths_per_set(b.pattern) for b in self.blocks)

    def ends_breath(self, seg: Segment) -> bool:
        """True for the last exhale phase of a breath: the breath is done when it ends."""
        if seg.kind is not SegmentKind.EXHALE:
            return False
        nxt = seg.index + 1
        if nxt >= len(self.segments):
            return True
        other = self.segments[nxt]
        return other.kind is not SegmentKind.EXHALE or (other.breath, other.set, other.step) != (
            seg.breath,
            seg.set,
            seg.step,
        )

    @property
    def breathing_seconds(self) -> float:
        """The whole schedule without its count-in: the time a summary calls the session's."""
        return self.total - float(self.lead_in)

    def breathing_time(self, active: float) -> float:
        """Active time without the count-in (0 during it)."""
        return max(0.0, min(active, self.total) - float(self.lead_in))

    def _build(self) -> list[Segment]:
        out: list[Segment] = []
        t = Fraction(0)

        def add(kind: SegmentKind, seconds: Fraction, breath: int, set_: int, step: int) -> None:
            nonlocal t
            if seconds <= 0:
                return
            out.append(Segment(len(out), kind, float(t), float(t + seconds), breath, set_, step))
            t += seconds

        add(SegmentKind.LEAD_IN, self.lead_in, 0, 1, 0)
        for step, block in enumerate(self.blocks):
            self._block_starts.append(float(t))
            if step > 0:
                add(SegmentKind.TRANSITION, block.transition_seconds, 0, 1, step)
            per_set = block.dose.breaths_per_set(block.pattern)
            for set_ in range(1, block.dose.sets + 1):
                if set_ > 1:
                    add(SegmentKind.SET_REST, block.dose.rest_seconds, per_set, set_ - 1, step)
                for breath in range(1, per_set + 1):
                    for phase in block.pattern.phases:
                        add(SegmentKind(phase.kind.value), phase.seconds, breath, set_, step)
        return out

    def at(self, t: float) -> State:
        """The state after t seconds of active time (pauses already taken out)."""
        t = max(0.0, t)
        if t >= self.total:
            seg = self.segments[-1]
            return self._state(seg, 1.0, 0.0, self.total, done=True)
        i = bisect.bisect_right(self._starts, t) - 1
        seg = self.segments[i]
        span = seg.end - seg.start
        progress = min(1.0, max(0.0, (t - seg.start) / span))
        return self._state(seg, progress, seg.end - t, t, done=False)

    def _state(self, seg: Segment, progress: float, left: float, t: float, *, done: bool) -> State:
        block = self.blocks[seg.step]
        completed = self._completed_after[seg.index - 1] if seg.index > 0 else 0
        if done:
            completed = self.total_breaths
        return State(
            segment=seg,
            progress=progress,
            phase_left=left,
            elapsed=t,
            total_left=max(0.0, self.total - t),
            breaths_per_set=self._per_set[seg.step],
            sets=block.dose.sets,
            done=done,
            breaths_completed=completed,
        )

    def next_boundary(self, t: float) -> float | None:
        """Active time of the first segment start after t, or the end; None when done."""
        if t >= self.total:
            return None
        i = bisect.bisect_right(self._starts, t)
        return self._starts[i] if i < len(self._starts) else self.total


def _block_seconds(block: Block, *, first: bool) -> Fraction:
    """A block's length; the first block has no transition before it."""
    per_set = block.dose.breaths_per_set(block.pattern)
    sets = block.dose.sets
    return (
        (0 if first else block.transition_seconds)
        + sets * per_set * block.pattern.cycle_seconds
        + (sets - 1) * block.dose.rest_seconds
    )


class SessionClock:
    """Active time since start, from an injected monotonic clock; pauses excluded."""

    def __init__(self, get_time: Callable[[], float]) -> None:
        self._get_time = get_time
        self._start: float | None = None
        self._paused_at: float | None = None
        self._paused_total = 0.0

    def start(self) -> None:
        self._start = self._get_time()

    @property
    def started(self) -> bool:
        return self._start is not None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def pause(self) -> None:
        if self._start is not None and self._paused_at is None:
            self._paused_at = self._get_time()

    def pause_at(self, active_t: float) -> None:
        """Pause as if exactly at active time active_t (already passed), for exact waits."""
        if self._start is not None and self._paused_at is None:
            self._paused_at = min(self._get_time(), self.instant_of(active_t))

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self._get_time() - self._paused_at
            self._paused_at = None

    def toggle(self) -> bool:
        """Pause or resume; True when now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def elapsed(self) -> float:
        if self._start is None:
            return 0.0
        now = self._paused_at if self._paused_at is not None else self._get_time()
        return now - self._start - self._paused_total

    def current_pause(self) -> float:
        return self._get_time() - self._paused_at if self._paused_at is not None else 0.0

    def paused_seconds(self) -> float:
        extra = self._get_time() - self._paused_at if self._paused_at is not None else 0.0
        return self._paused_total + extra

    def instant_of(self, active_t: float) -> float:
        """The clock reading at which active time reaches active_t, if no pause intervenes."""
        if self._start is None:
            raise RuntimeError("clock not started")
        return self._start + self._paused_total + active_t
