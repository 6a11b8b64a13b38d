"""`breathe heart sweep`: hooklying breathing paced at 6.5, 6.0, 5.5, 5.0 and 4.5 breaths/min,
then the table and the resonance rate, kept so the `resonance` exercise paces at it.

The sweep is one session plan of five blocks, so the run's own breath boundaries give each
rate's breaths (the heart's figures need no guessing where a breath began)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, TextIO

from breathe.cli.resonance_kept import (
    keep_resonance,
    rate_pattern,
)
from breathe.core.catalogue import Exercise
from breathe.core.engine import Dose, ExhaleStyle, Schedule, Segment, State
from breathe.core.heart.sweep import (
    SWEEP_RATES,
    Stage,
    choose_rate,
    resonance_line,
    sweep_figures,
    sweep_table,
)
from breathe.core.pattern import Pattern
from breathe.core.plan import SessionPlan
from breathe.core.session import SessionListener, SessionRun
from breathe.core.text import printable
from breathe.system.exits import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK

if TYPE_CHECKING:
    from breathe.cli.run_options import RunOptions
    from breathe.core.heart.beats import Beat

SWEEP_ID = "heart-sweep"
HOOKLYING = "Lie on your back, knees bent, feet flat; gentle breaths, not big ones."


def sweep_plan(
    minutes: Fraction, lead_in: Fraction, rates: Sequence[float] = SWEEP_RATES
) -> SessionPlan:
    """One block per rate, `minutes` each (whole breaths, at least two)."""
    exercises = tuple(
        Exercise(
            id=f"{SWEEP_ID}-{rate:.1f}",
            name=f"Sweep at {rate:.1f} breaths/min",
            cue=HOOKLYING,
            pattern=Pattern.parse(rate_pattern(rate)),
            dose=Dose(breaths=max(2, round(float(minutes) * rate))),
            exhale=ExhaleStyle.HUM,
        )
        for rate in rates
    )
    schedule = Schedule([ex.block() for ex in exercises], lead_in=lead_in)
    return SessionPlan(SWEEP_ID, "Resonance sweep", exercises, schedule)


def sweep_stages_of(plan: SessionPlan, rates: Sequence[float] = SWEEP_RATES) -> list[Stage]:
    """Each rate's breaths on the session clock, as the run paced them."""
    from breathe.services.heart import breath_bounds

    schedule = plan.schedule
    ends = [seg for seg in schedule.segments if seg.kind.is_breath and schedule.ends_breath(seg)]
    by_step: dict[int, list[tuple[float, float]]] = {}
    for seg, bounds in zip(ends, breath_bounds(schedule), strict=True):
        by_step.setdefault(seg.step, []).append(bounds)
    return [Stage(rate, tuple(by_step.get(i, ()))) for i, rate in enumerate(rates)]


def sweep_result(plan: SessionPlan, beats: Sequence[Beat]) -> tuple[list[str], float | None]:
    """The table's lines and the rate chosen (None when no rate had a measurable breath)."""
    results = sweep_figures([s for s in sweep_stages_of(plan) if s.breaths], beats)
    return sweep_table(results), choose_rate(results)


def _say(out: TextIO, line: str) -> None:
    print(printable(line), file=out, flush=True)


def cmd_sweep(args: argparse.Namespace, options: RunOptions, out: TextIO, err: TextIO) -> int:
    """Pace the sweep with the heart source running, in the app or (`--plain`, or no
    terminal for it) in plain mode, then the table."""
    from breathe.cli.run import plain_wanted

    hr = options.hr
    if hr.strip().lower() == "off":
        _say(err, "breathe: the sweep needs heart data: --hr strap, --hr sim or --hr FILE")
        return EXIT_FAILURE
    minutes = Fraction(str(args.minutes)) if args.minutes is not None else Fraction(2)
    plan = sweep_plan(minutes, options.lead_in)
    if not plain_wanted(options, out, err):
        return _sweep_in_app(plan, options, out, err)
    return _sweep_plain(plan, options, out, err)


def _sweep_plain(plan: SessionPlan, options: RunOptions, out: TextIO, err: TextIO) -> int:
    """Through plain mode's session kit, as `breathe run --plain`: saved to the history
    (with its heart figures), sounded, kept awake; each rate said as its stage starts."""
    from breathe.cli.plain import run_plain_recorded
    from breathe.cli.run import NoHeart, heart_feed, plain_kit_for

    try:
        feed = heart_feed(options.hr, plan, out, err)
    except NoHeart:
        return EXIT_FAILURE
    if feed is None or feed.off:
        _say(err, NO_STRAP)
        return EXIT_FAILURE
    kit = plain_kit_for(options, out, err, feed)
    code = run_plain_recorded(plan, out, kit, extra=(StageLines(out),))
    watch = feed.watch
    result = watch.run.result if watch is not None and watch.run is not None else None
    if watch is None or result is None:  # the source lost before the sweep began
        return code or EXIT_FAILURE
    return _worse(code, finish_sweep(plan, result.status == "completed", watch.tracker.beats, out))


def _worse(session: int, sweep: int) -> int:
    """The session's own status wins when it says more than done or ended (a sweep not saved
    is 1, SIGTERM 143), as the epilog promises; else the sweep's."""
    return session if session not in (EXIT_OK, EXIT_INTERRUPTED) else sweep


class StageLines(SessionListener):
    """`Sweep at 6.5 breaths/min` as each stage starts: the app's header says it too."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._step: int | None = None

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        if segment.step != self._step and segment.kind.is_breath:
            self._step = segment.step
            stages = len(run.plan.exercises)
            name = run.plan.exercise_for(segment).name
            _say(self.out, f"{name} (stage {segment.step + 1} of {stages})")


NO_STRAP = "breathe: the sweep needs heart data, and no strap is remembered: --hr strap"


def _sweep_in_app(plan: SessionPlan, options: RunOptions, out: TextIO, err: TextIO) -> int:
    """The app paces the sweep as it paces a session, the heart line under the bar; when it
    closes, the table and the rate follow in the shell."""
    from breathe.cli.run import NoHeart, heart_feed, run_app

    try:
        feed = heart_feed(options.hr, plan, None, err)
    except NoHeart:
        return EXIT_FAILURE
    if feed is None or feed.off:
        _say(err, NO_STRAP)
        return EXIT_FAILURE
    code = run_app(options, plan=plan, out=out, heart=feed)
    watch = feed.watch
    result = watch.run.result if watch is not None and watch.run is not None else None
    if watch is None or result is None:  # closed before the sweep began
        return code or EXIT_INTERRUPTED
    return _worse(code, finish_sweep(plan, result.status == "completed", watch.tracker.beats, out))


def finish_sweep(plan: SessionPlan, completed: bool, beats: Sequence[Beat], out: TextIO) -> int:
    """After the sweep, in either face: the table, the rate chosen, and the rate kept."""
    if not completed:
        _say(out, "the sweep was ended early: no resonance rate chosen")
        return EXIT_INTERRUPTED
    lines, rate = sweep_result(plan, beats)
    for line in lines:
        _say(out, line)
    if rate is None:
        _say(out, "no rate had beats enough to choose from")
        return EXIT_FAILURE
    _say(out, resonance_line(rate))
    keep_resonance(rate, dt.date.today())
    return EXIT_OK
