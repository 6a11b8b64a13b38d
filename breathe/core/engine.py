"""Exact schedules: the segments of a session in active time, and where it is at any instant.

Pure: no I/O, no Textual, no clock of its own. Every boundary is computed from exact
fractions of the pattern's seconds, so a schedule never drifts, whatever the frame rate.
Patterns and doses live in `pattern`, the clock in `clock`; both are re-exported here, so
`from breathe.core.engine import Pattern, SessionClock` keeps working.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from breathe.core.clock import SessionClock
from breathe.core.pattern import (
    MAX_BREATHS,
    MAX_LEAD_IN_SECONDS,
    MAX_PATTERN_CHARS,
    MAX_PHASE_SECONDS,
    MAX_SESSION_SECONDS,
    MAX_SET_REST_SECONDS,
    MAX_SETS,
    MIN_PHASE_SECONDS,
    Dose,
    ExhaleStyle,
    Pattern,
    Phase,
    PhaseKind,
    ScheduleError,
    format_seconds,
    parse_exhale,
)
from breathe.core.text import format_clock

__all__ = [
    "MAX_BREATHS",
    "MAX_LEAD_IN_SECONDS",
    "MAX_PATTERN_CHARS",
    "MAX_PHASE_SECONDS",
    "MAX_SESSION_SECONDS",
    "MAX_SETS",
    "MAX_SET_REST_SECONDS",
    "MIN_PHASE_SECONDS",
    "TOP_UP_HOW",
    "Block",
    "Dose",
    "ExhaleStyle",
    "Pattern",
    "Phase",
    "PhaseKind",
    "Schedule",
    "ScheduleError",
    "Segment",
    "SegmentKind",
    "SessionClock",
    "State",
    "is_top_up",
    "parse_exhale",
    "top_ups",
]


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

    def __init__(
        self,
        blocks: Sequence[Block],
        lead_in: Fraction | float | int = 3,
        *,
        transitions_breathe: bool = True,
    ) -> None:
        """`transitions_breathe=False`: the time between blocks is not breathing time (the
        mid-run routine's minutes of running with the eyes up between its resets)."""
        if not blocks:
            raise ScheduleError("a schedule needs at least one exercise")
        lead = Fraction(lead_in)
        if not 0 <= lead <= MAX_LEAD_IN_SECONDS:
            raise ScheduleError(
                f"lead-in must be 0 to {MAX_LEAD_IN_SECONDS} s, not {format_seconds(lead)}"
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
        # Spans of active time that are not breathing, beyond the count-in, and the idle time
        # before each: `breathing_time` runs every frame, so it only bisects.
        self._idle_spans = tuple(
            (seg.start, seg.end)
            for seg in self.segments
            if not transitions_breathe and seg.kind is SegmentKind.TRANSITION
        )
        self._idle_starts = [start for start, _ in self._idle_spans]
        self._idle_before = [0.0]
        for start, end in self._idle_spans:
            self._idle_before.append(self._idle_before[-1] + end - start)
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
        return self.breathing_time(self.total)

    def breathing_time(self, active: float) -> float:
        """Active time without the count-in (0 during it) and without the time between blocks
        that is not breathing (see `transitions_breathe`)."""
        active = min(active, self.total)
        k = bisect.bisect_right(self._idle_starts, active)
        idle = 0.0
        if k:
            start, end = self._idle_spans[k - 1]
            idle = self._idle_before[k - 1] + min(active, end) - start
        return max(0.0, active - float(self.lead_in) - idle)

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


TOP_UP_HOW = "a short sip more, to full"  # what a top-up asks, in both faces


def is_top_up(segments: Sequence[Segment], index: int) -> bool:
    """The inhale at `index` tops up the one before it in the same breath (`2+0.5`): both
    faces call it TOP UP, not a second inhale."""
    if index <= 0 or index >= len(segments):
        return False
    prev, seg = segments[index - 1], segments[index]
    return (
        seg.kind is SegmentKind.INHALE
        and prev.kind is SegmentKind.INHALE
        and (prev.breath, prev.set, prev.step) == (seg.breath, seg.set, seg.step)
    )


def top_ups(schedule: Schedule) -> frozenset[int]:
    """Indices of the inhales that top up the one before in the same breath."""
    segments = schedule.segments
    return frozenset(seg.index for seg in segments if is_top_up(segments, seg.index))
