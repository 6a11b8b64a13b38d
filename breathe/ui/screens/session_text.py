"""What the session screen says, worked out from the run and its state: the phase word and
its shorter forms, the detail and stats lines, and where the hold/rest marker stands."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable

from textual.geometry import Size

from breathe.audio.status import NO_DEVICE
from breathe.core.catalogue import RoutineMode
from breathe.core.engine import TOP_UP_HOW, SegmentKind, State
from breathe.core.session import SessionRun
from breathe.core.text import format_clock, plural

# The progress marker in holds and rests moves in steps of about this long. Each step is a
# frame where the bar would otherwise be still, and every other one lands on the countdown's
# own frame: 0.25 s steps cost 0.2 points of CPU in box 2-2-2-2, a frame per cell more.
MARKER_STEP_SECONDS = 0.5


def seconds_left(value: float) -> int:
    """Whole seconds as a countdown shows them: 2.2 s left reads 3, exactly 3.0 reads 3."""
    return max(0, math.ceil(round(value, 6)))


def marker_step(segment_seconds: float) -> float:
    """Seconds between the marker's steps: the phase in equal steps of about 0.5 s."""
    return segment_seconds / max(1, round(segment_seconds / MARKER_STEP_SECONDS))


def marker_at(state: State) -> float:
    """Where the marker stands, 0..1: the start of the current step."""
    seconds = state.segment.seconds
    if seconds <= 0:
        return 0.0
    step = marker_step(seconds)
    into = seconds - state.phase_left
    return min(1.0, math.floor(round(into / step, 6)) * step / seconds)


def phase_word(run: SessionRun, state: State, *, top_up: bool = False) -> str:
    return word_forms(run, state, top_up=top_up)[0]


def word_forms(run: SessionRun, state: State, *, top_up: bool = False) -> tuple[str, ...]:
    """The phase word, then shorter forms of it for narrow screens."""
    kind = state.kind
    if run.awaiting:
        return (f"SET {run.rounds_done} DONE", f"{run.rounds_done} DONE")
    if kind is SegmentKind.EXHALE:
        return (f"EXHALE · {run.plan.block_for(state.segment).exhale.value}", "EXHALE")
    if kind is SegmentKind.LEAD_IN and not run.awaiting:
        left = seconds_left(state.phase_left)
        return (f"GET READY {left}", f"READY {left}")
    if kind is SegmentKind.SET_REST and not run.awaiting:
        return ("REST BETWEEN SETS", "SET REST", "REST")
    if kind is SegmentKind.TRANSITION and not run.awaiting and run.plan.mode != RoutineMode.MID_RUN:
        return (_phase_word(run, state, top_up=top_up), "NEXT")
    return (_phase_word(run, state, top_up=top_up),)


def _phase_word(run: SessionRun, state: State, *, top_up: bool = False) -> str:
    kind = state.kind
    if run.awaiting:
        return f"SET {run.rounds_done} DONE"
    if kind is SegmentKind.LEAD_IN:
        return f"GET READY {seconds_left(state.phase_left)}"
    if kind is SegmentKind.INHALE:
        return "TOP UP" if top_up else "INHALE"
    if kind is SegmentKind.HOLD:
        return "HOLD"
    if kind is SegmentKind.EXHALE:
        return f"EXHALE · {run.plan.block_for(state.segment).exhale.value}"
    if kind is SegmentKind.REST:
        return "REST"
    if kind is SegmentKind.SET_REST:
        return "REST BETWEEN SETS"
    if run.plan.mode == RoutineMode.MID_RUN:
        return "EYES UP"
    return f"NEXT: {run.plan.exercise_for(state.segment).name}"


def big_count(run: SessionRun, state: State, *, top_up: bool = False) -> str:
    """Seconds left, drawn after the phase word in a breath's phases (the count-in has its
    own in the word; a 0.5 s top-up none, as "1" would be wrong)."""
    if run.awaiting or run.paused or not state.kind.is_breath or state.segment.seconds < 1:
        return ""
    return str(seconds_left(state.phase_left))


def phase_detail(
    run: SessionRun, state: State, *, top_up: bool = False, word_says_style: bool = True
) -> str:
    """The line under the word: seconds left, and what to do. `word_says_style` is False when
    a narrow screen draws only EXHALE: then this line names hum or ha itself."""
    left = seconds_left(state.phase_left)
    kind = state.kind
    if run.awaiting:
        rested = format_clock(run.waited_seconds())
        # The rest's clock first: on a narrow screen it is what is cut last.
        return f"resting {rested}  ·  press space after your next set  ·  q ends"
    if kind is SegmentKind.TRANSITION and run.plan.mode == RoutineMode.MID_RUN:
        return f"next reset in {format_clock(left)}  ·  gaze 5-6 m ahead, shoulders soft"
    if kind is SegmentKind.LEAD_IN:
        return f"{run.plan.exercise_for(state.segment).name}: first breath in {left} s"
    if state.segment.seconds < 1:  # a 0.5 s top-up never shows "1 s"
        left_text = f"{float(state.segment.seconds):.1f} s"
    else:
        left_text = f"{left} s"
    if kind is SegmentKind.EXHALE:
        style = run.plan.block_for(state.segment).exhale
        return f"{left_text}  ·  {style.how if word_says_style else style.instruction}"
    if kind is SegmentKind.INHALE and top_up:
        return f"{left_text}  ·  {TOP_UP_HOW}"
    if kind is SegmentKind.HOLD:
        return f"{left_text}  ·  gently; never force a hold"
    if kind is SegmentKind.SET_REST:
        return f"{left} s  ·  set {state.set} of {state.sets} done"
    if kind is SegmentKind.TRANSITION:
        return f"{left} s  ·  get into position"
    return left_text


def breathing_clock(run: SessionRun, state: State) -> str:
    """Time breathed so far, without the count-in: the one clock the summary and the
    history show too."""
    return format_clock(run.plan.schedule.breathing_time(state.elapsed))


def stats_line(state: State, *, compact: bool, run: SessionRun) -> str:
    """Breath k of N, set k of S, elapsed and remaining time (open-ended modes: no end)."""
    if run.plan.open_ended:
        return open_ended_stats(run, state, compact=compact)
    elapsed = breathing_clock(run, state)
    remaining = format_clock(seconds_left(state.total_left))
    if state.breath:
        breath = (
            f"{state.breath}/{state.breaths_per_set}"
            if compact
            else f"breath {state.breath} of {state.breaths_per_set}"
        )
    else:
        breath = (
            f"0/{state.breaths_per_set}" if compact else plural(state.breaths_per_set, "breath")
        )
    parts = [breath]
    if state.sets > 1:
        parts.append(
            f"set {state.set}/{state.sets}" if compact else f"set {state.set} of {state.sets}"
        )
    if compact:
        parts.append(f"{elapsed} -{remaining}")
    else:
        parts += [f"{elapsed} elapsed", f"{remaining} left"]
    return "  ·  ".join(parts)


def open_ended_stats(run: SessionRun, state: State, *, compact: bool) -> str:
    """Between sets and mid-run last until the user stops: count what was done instead."""
    parts = []
    if state.breath and state.kind.is_breath and not run.awaiting:  # no stale breath 1 of 1
        parts.append(
            f"{state.breath}/{state.breaths_per_set}"
            if compact
            else f"breath {state.breath} of {state.breaths_per_set}"
        )
    if run.plan.mode == RoutineMode.BETWEEN_SETS:
        sets = plural(run.rounds_done, "set")
        parts.append(sets if compact else f"{sets} done")
    else:
        resets = state.segment.step + (1 if state.kind.is_breath else 0)
        parts.append(plural(resets, "reset"))
    elapsed = breathing_clock(run, state)
    parts.append(elapsed if compact else f"{elapsed} breathing")
    return "  ·  ".join(parts)


def status_line(status: str, has_sound: bool, volume: int, reduced_motion: bool) -> str:
    """The header's right side: the sound state, what to do about it, the motion setting."""
    parts = [status]
    if has_sound and status == NO_DEVICE:
        parts.append("b: terminal bell instead")
    if has_sound and status.startswith("sound on"):
        parts.append(f"volume {volume}")
    if reduced_motion:
        parts.append("reduced motion")
    return "  ·  ".join(parts)


# How long a notice stands in the header (in turn, one after another) before the sound state
# comes back: a toast would cover the bar, the countdown or a dialog for as long.
NOTICE_SECONDS = 5.0


class HeaderNotices:
    """Notices that arrive during a session, said one at a time in its header."""

    def __init__(self, get_time: Callable[[], float] = time.monotonic) -> None:
        self._get_time = get_time
        self._waiting: list[str] = []
        self._until = 0.0

    def add(self, message: str) -> None:
        if message in self._waiting:
            return
        self._waiting.append(message)
        if len(self._waiting) == 1:
            self._until = self._get_time() + NOTICE_SECONDS

    def now(self) -> str | None:
        """The notice to say now; None once each has had its turn."""
        while self._waiting and self._get_time() >= self._until:
            self._waiting.pop(0)
            self._until = self._get_time() + NOTICE_SECONDS
        return self._waiting[0] if self._waiting else None


def fitted(notice: str, size: Size) -> str:
    """A notice for the header line: whole where it fits, else its first clause ("The
    screen may go dark during the session", "no audio device found")."""
    room = size.width - 4  # the header's padding and the label's
    if len(notice) <= room:
        return notice
    clause = re.split(r"[:;] ", notice, maxsplit=1)[0]
    if len(clause) <= room:
        return clause
    cut = clause[: max(1, room - 1)]
    words = cut.rsplit(" ", 1)[0] if " " in cut else cut  # whole words: "…the s…" reads as noise
    return words.rstrip(" ,") + "…"
