"""Plain mode: one line per phase, for screen readers, pipes, logs and `TERM=dumb`."""

from __future__ import annotations

import contextlib
import math
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TextIO

from breathe.cli.errors import OutputLost as OutputLost
from breathe.core.catalogue import RoutineMode
from breathe.core.engine import TOP_UP_HOW, Segment, SegmentKind, State, is_top_up
from breathe.core.pace import FELT_LABELS, PACE_CHOICES, Felt, asks_pace, parse_felt
from breathe.core.plan import SessionPlan
from breathe.core.session import SessionListener, SessionResult, SessionRun, Status
from breathe.core.tension import TENSION_MAX, TENSION_MIN, is_tension
from breathe.core.text import format_clock, printable
from breathe.system.exits import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, signal_exit_status
from breathe.system.signals import SessionTerminated, on_end_signals

if TYPE_CHECKING:
    from breathe.history.records import SessionRecord
    from breathe.services.kit import SessionKit


def _secs(value: float) -> str:
    return f"{value:g}s" if value != int(value) else f"{int(value)}s"


def describe_segment(run: SessionRun, segment: Segment, state: State) -> str:
    """The line printed when a segment starts, e.g. `00:03 inhale 3s  breath 1/4  set 1/3`."""
    plan = run.plan
    block = plan.block_for(segment)
    stamp = format_clock(segment.start)
    length = _secs(round(segment.seconds, 3))
    kind = segment.kind
    if kind is SegmentKind.LEAD_IN:
        ex = plan.exercise_for(segment)
        return f"{stamp} get ready {length}  {ex.name}: {ex.cue}"
    if kind is SegmentKind.TRANSITION and plan.mode == RoutineMode.MID_RUN:
        wait = format_clock(math.ceil(segment.seconds))
        return f"{stamp} eyes up, run easy; next reset in {wait}"
    if kind is SegmentKind.TRANSITION:
        ex = plan.exercise_for(segment)
        return f"{stamp} next: {ex.name} {length}  {ex.cue}"
    if kind is SegmentKind.SET_REST:
        return f"{stamp} rest between sets {length}  set {segment.set}/{state.sets} done"
    top_up = is_top_up(plan.schedule.segments, segment.index)
    name = "top up" if top_up else kind.value  # `2+0.5`: not heard as a second inhale
    parts = [f"{stamp} {name} {length}", f"breath {segment.breath}/{state.breaths_per_set}"]
    if state.sets > 1:
        parts.append(f"set {segment.set}/{state.sets}")
    if kind is SegmentKind.EXHALE:
        parts.append(block.exhale.instruction)
    if top_up:
        parts.append(TOP_UP_HOW)
    return "  ".join(parts)


def describe_result(result: SessionResult) -> str:
    from breathe.core.summary import SessionSummary  # at the end, not at start-up

    return SessionSummary.of(result).line()


class HeartLines(Protocol):
    """The heart's words for plain mode (services.heart.HeartWatch)."""

    def plain_suffix(self) -> str: ...

    def summary(self) -> str | None: ...


class _LinePrinter(SessionListener):
    """Plain mode's screen: one line per phase, and the summary. With a heart, each
    breath's inhale line ends with the heart rate and the last breath's swing."""

    def __init__(self, out: TextIO, heart: HeartLines | None = None) -> None:
        self.out = out
        self.heart = heart
        self.broken: OSError | None = None
        self._next = 0  # the first segment not printed yet

    def _print(self, line: str) -> None:
        if self.broken is not None:
            return
        try:
            # Names and cues come from the user's config: never let them drive the terminal.
            print(printable(line), file=self.out, flush=True)
        except OSError as exc:  # the reader left: the session must still be saved
            self.broken = exc

    def _segment(self, run: SessionRun, segment: Segment, state: State) -> None:
        line = describe_segment(run, segment, state)
        if self.heart is not None and segment.kind is SegmentKind.INHALE:
            line = f"{line}  {self.heart.plain_suffix()}"
        self._print(line)

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        # A log keeps every phase: ones slept through (a loaded or suspended machine) are
        # printed too, each stamped with its scheduled time. Only the screen and sound skip.
        for missed in run.schedule.segments[self._next : segment.index]:
            self._segment(run, missed, run.schedule.at(missed.start))
        self._segment(run, segment, state)
        self._next = segment.index + 1

    def paused(self, run: SessionRun) -> None:
        self._print(f"{format_clock(run.clock.elapsed())} paused (fg goes on)")

    def resumed(self, run: SessionRun) -> None:
        self._print(f"{format_clock(run.clock.elapsed())} go on")

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        # A late wake-up can land past the end: the phases it slept through still go in the
        # log before the summary, as they would have one by one.
        for missed in run.schedule.segments[self._next :]:
            if missed.start >= result.active_seconds:
                break
            self._segment(run, missed, run.schedule.at(missed.start))
        self._next = len(run.schedule.segments)
        self._print(describe_result(result))
        heart = self.heart.summary() if self.heart is not None else None
        if heart is not None:
            self._print(heart)


def read_line() -> str | None:
    """A line from standard input, or None at its end (or when there is none: closed, gone)."""
    try:
        return input()
    except (EOFError, OSError, RuntimeError, ValueError, UnicodeDecodeError):
        # RuntimeError: "lost sys.stdin" (`<&-`); ValueError: a closed file.
        return None


def read_line_after_prompt() -> str | None:
    """A line typed once the prompt is shown. On a terminal, what was typed before it (Enter
    pressed during the breaths, to pause, say) is dropped: it must not end the rest between
    sets before the set is done."""
    discard_typed_ahead()
    return read_line()


def discard_typed_ahead() -> None:
    try:
        import termios
    except ImportError:  # no terminal control here (Windows): nothing is dropped
        return
    with contextlib.suppress(OSError, ValueError, AttributeError, termios.error):
        if sys.stdin is not None and sys.stdin.isatty():
            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)


def run_plain(
    run: SessionRun,
    out: TextIO,
    sleep: Callable[[float], None] = time.sleep,
    listeners: tuple[SessionListener, ...] = (),
    ask: Callable[[], str | None] = read_line_after_prompt,
    heart: HeartLines | None = None,
) -> SessionResult:
    """Run to the end or to Ctrl-C; sleeps only to wait, the clock decides what is due."""
    for listener in listeners:  # first: saving must not depend on printing
        run.add_listener(listener)
    printer = _LinePrinter(out, heart)
    run.add_listener(printer)
    stop_status: Status = "completed" if run.plan.open_ended else "ended_early"
    from breathe.cli.plain_pause import ctrl_z_pauses

    try:
        with ctrl_z_pauses(run):
            return _run_to_the_end(run, out, sleep, ask, printer, stop_status)
    except SessionTerminated:  # SIGTERM or SIGHUP: not the user's own way to stop
        return run.finish("ended_early")
    except KeyboardInterrupt:
        return run.finish(stop_status if run.breaths else "ended_early")
    except BaseException:
        if run.result is None:  # whatever went wrong, the session so far is saved as such
            run.finish("ended_early")
        raise


def _run_to_the_end(
    run: SessionRun,
    out: TextIO,
    sleep: Callable[[float], None],
    ask: Callable[[], str | None],
    printer: _LinePrinter,
    stop_status: Status,
) -> SessionResult:
    run.start()
    while run.result is None:
        if printer.broken is not None:  # before sleeping: a slow wake must not complete it
            raise OutputLost(printer.broken, run.finish("ended_early"))
        if run.awaiting:
            if not _wait_for_next_set(run, out, ask):
                return run.finish(stop_status)
            continue
        wait = run.seconds_until_next()
        # Wake just after the boundary; the clock, not the sleep, decides what is due.
        sleep((wait if wait is not None else 0.05) + 0.0005)
        run.poll()
    return run.result


def _wait_for_next_set(run: SessionRun, out: TextIO, ask: Callable[[], str | None]) -> bool:
    done = run.rounds_done
    print(
        f"Set {done} done. Press Enter after your next set (q and Enter to finish).",
        file=out,
        flush=True,
    )
    answer = ask()
    if answer is None or answer.strip().lower() in ("q", "quit"):
        return False
    print(f"rested {format_clock(run.waited_seconds())}", file=out, flush=True)
    run.proceed()
    run.poll()
    return True


PACE_PROMPT = f"How was the pace? {PACE_CHOICES} (Enter skips): "


def ask_pace_check(out: TextIO, ask: Callable[[], str | None]) -> Felt | None:
    """Ask once (and once more after an answer it does not know); Enter or end of input skips."""
    for _ in range(2):
        print(PACE_PROMPT, end="", file=out, flush=True)
        answer = ask()
        if answer is None:  # Ctrl-D (or no input left): the terminal echoed no newline
            print(file=out, flush=True)
            return None
        if not answer.strip():
            return None
        felt = parse_felt(answer)
        if felt is not None:
            print(f"pace: {FELT_LABELS[felt]}", file=out, flush=True)
            return felt
        print("Answer 1, 2 or 3 (or easy, right, hard).", file=out, flush=True)
    return None


TENSION_PROMPT = (
    f"Neck and upper back now, {TENSION_MIN} relaxed to {TENSION_MAX} very tense (Enter skips): "
)


def ask_tension_after(out: TextIO, ask: Callable[[], str | None]) -> int | None:
    """The rating after, when one was given before (`--tension`): what 'What helps you'
    compares. Asked once, and once more after an answer it does not know."""
    for _ in range(2):
        print(TENSION_PROMPT, end="", file=out, flush=True)
        answer = ask()
        if answer is None:  # Ctrl-D: the terminal echoed no newline
            print(file=out, flush=True)
            return None
        text = answer.strip()
        if not text:
            return None
        if text.isascii() and text.isdigit() and is_tension(int(text)):
            print(f"tension after: {int(text)}", file=out, flush=True)
            return int(text)
        print(f"Answer a whole number from {TENSION_MIN} to {TENSION_MAX}.", file=out, flush=True)
    return None


def run_plain_recorded(
    plan: SessionPlan,
    out: TextIO,
    kit: SessionKit,
    ask_pace: Callable[[], str | None] | None = None,
    extra: Sequence[SessionListener] = (),
) -> int:
    """Plain mode with the kit's listeners (the record first), then `extra`'s (lines printed
    before each phase's); SIGTERM and SIGHUP end it early, like Ctrl-C.

    Through `ask_pace` (given only when input is a terminal) a completed session asks for
    the rating after when `--tension` gave one before, then, without a `--felt` answer, for
    the pace check; Enter skips either.
    """
    run = SessionRun(plan)
    with on_end_signals() as received:
        try:
            listeners = (*kit.listeners(run), *extra)
            result = run_plain(run, out, listeners=listeners, heart=kit.heart_watch)
            asking = kit.recording and ask_pace is not None and not received
            if asking and result.status == "completed" and kit.tension_given:
                assert ask_pace is not None
                rating = ask_tension_after(out, ask_pace)
                if rating is not None:
                    kit.rate(rating)
            if asking and result.status == "completed" and not kit.felt_given:
                assert ask_pace is not None
                if asks_pace(result) and (answer := ask_pace_check(out, ask_pace)) is not None:
                    kit.pace_check(answer)
        finally:
            kit.close()
            if kit.lost:  # also when the output went away: then on stderr
                tell_lost(kit.lost, out)
    if received:
        return signal_exit_status(received[0])
    if result.status != "completed":
        return EXIT_INTERRUPTED
    return EXIT_FAILURE if kit.lost else EXIT_OK  # finished, but not saved: not 0


def tell_lost(records: Sequence[SessionRecord], out: TextIO) -> None:
    """Sessions the history could not take (a full disk to the end, a read-only folder):
    one line of JSON that `breathe import` reads, then, last, a line that says so plainly."""
    import json

    # One line, ASCII JSON (a name's control characters stay escaped).
    _write_line(out, json.dumps([record.as_dict() for record in records]))
    what = "this session" if len(records) == 1 else f"{len(records)} sessions"
    _write_line(
        out,
        f"not saved: the history file could not take {what} (a full disk or a read-only "
        "folder); to keep it, put the line above in a file and run 'breathe import FILE' "
        "once the history can be written",
    )


def _write_line(out: TextIO, line: str) -> None:
    try:
        print(line, file=out, flush=True)
    except (OSError, ValueError):  # no stdout left: the one other place the user may see
        with contextlib.suppress(OSError, ValueError, AttributeError):
            print(line, file=sys.stderr, flush=True)
