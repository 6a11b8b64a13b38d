"""The user's actions in each end-to-end run, and a fixture that runs them side by side.

Each scenario drives one `Breathe` run to its end and returns what the checks need; the
checks are in the test modules. The runs of a module run side by side in threads (each is
mostly waiting for real time to pass), so a module takes about as long as its longest run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.runner import Breathe

PATTERN = ["--pattern", "2-0-2-0", "--breaths", "3", "--exhale", "ha"]
WALL_SIT_REST = 2.0  # between-sets runs wall-sit (4-0-7-2): a set ends 2 s after its rest starts
BETWEEN_SETS = ["run", "between-sets", "--breaths", "1", "--lead-in", "0", "--no-guide"]
CUE_RUNG_OUT = 0.9  # after a phase starts, its cue (at most 0.6 s for an inhale) is over


@dataclass
class Played:
    run: Breathe
    status: int
    moments: dict[str, float] = field(default_factory=dict)  # what happened when (monotonic)


def sleep_until(instant: float) -> None:
    time.sleep(max(0.0, instant - time.monotonic()))


def leave_app(run: Breathe) -> int:
    """q on the summary goes back to the shell; pressed until it does (q is ignored while the
    finished session screen gives way to the summary)."""
    while run.proc.poll() is None and time.monotonic() < run.deadline:
        run.send(b"q")
        time.sleep(0.5)
    return run.wait_exit()


def guide_flag(guide: bool) -> str:
    """Without the guide a cue's exact samples are in the capture; with it, its likeness."""
    return "--guide" if guide else "--no-guide"


def app_pause_resume(tmp: Path, lead_in: int, guide: bool = False) -> Played:
    """The app: space during the second inhale, space again 1 s later, then to the end."""
    args = ["run", "wall", *PATTERN, "--lead-in", str(lead_in), guide_flag(guide)]
    run = Breathe(tmp, args, app=True)
    try:
        inhale = run.wait_segment("inhale", 2)
        sleep_until(max(inhale["scheduled"], inhale["monotonic"]) + CUE_RUNG_OUT)
        paused = run.send(b" ")
        time.sleep(1.0)
        resumed = run.send(b" ")
        run.wait_finished()
        status = leave_app(run)
    finally:
        run.close()
    return Played(run, status, {"pause": paused, "resume": resumed})


def app_end_early(tmp: Path) -> Played:
    """The app: q during the second inhale (the session pauses and asks), y 1 s later: the
    session ends early, its closing notes saying so to ears alone."""
    args = ["run", "wall", *PATTERN, "--lead-in", "0", guide_flag(False)]
    run = Breathe(tmp, args, app=True)
    try:
        inhale = run.wait_segment("inhale", 2)
        sleep_until(max(inhale["scheduled"], inhale["monotonic"]) + CUE_RUNG_OUT)
        asked = run.send(b"q")
        time.sleep(1.0)
        ended = run.send(b"y")
        run.wait_finished()
        time.sleep(3.0)  # the closing notes (1.6 s) ring out whole before the app closes
        status = leave_app(run)
    finally:
        run.close()
    return Played(run, status, {"asked": asked, "ended": ended})


def plain_session(tmp: Path, lead_in: int, guide: bool = False) -> Played:
    args = ["run", "wall", "--plain", *PATTERN, "--lead-in", str(lead_in), guide_flag(guide)]
    run = Breathe(tmp, args, app=False)
    try:
        status = run.wait_exit()
    finally:
        run.close()
    return Played(run, status)


def plain_routine(tmp: Path) -> Played:
    """Plain mode through pre-run (wall, then goal-post arms), one breath each, no guide."""
    args = ["run", "pre-run", "--plain", "--breaths", "1", "--lead-in", "0", guide_flag(False)]
    run = Breathe(tmp, args, app=False)
    try:
        status = run.wait_exit()
    finally:
        run.close()
    return Played(run, status)


def between_sets(tmp: Path, app: bool) -> Played:
    """A set ends (the wait begins), the next set starts (space, or Enter in plain mode), and
    q ends the routine: in the app during the next set's first inhale, in plain mode when the
    next set has ended (it reads keys only between sets)."""
    run = Breathe(tmp, [*BETWEEN_SETS] if app else [*BETWEEN_SETS, "--plain"], app=app)
    try:
        rest = run.wait_segment("rest", 1)
        set_end = rest["scheduled"] + WALL_SIT_REST
        if app:
            sleep_until(set_end + 1.2)  # the set-done motif (0.95 s) has rung out
            run.send(b" ")
        else:
            run.wait_text("Set 1 done")
            sleep_until(set_end + 1.2)
            run.send(b"\n")
        if app:
            inhale = run.wait_segment("inhale", 2)
            sleep_until(max(inhale["scheduled"], inhale["monotonic"]) + CUE_RUNG_OUT)
            run.send(b"q")
            run.wait_finished()
            status = leave_app(run)
        else:  # plain mode reads keys only between sets: q at the next prompt
            run.wait_text("Set 2 done")
            run.send(b"q\n")
            status = run.wait_exit()
    finally:
        run.close()
    return Played(run, status, {"set_end": set_end})


Scenario = Callable[[Path], Played]


def side_by_side(
    scenarios: dict[str, Scenario],
    tmp_path_factory: pytest.TempPathFactory,
    stagger: float = 1.5,
) -> Iterator[dict[str, Future[Played]]]:
    """Start the scenarios together, each `stagger` seconds after the one before (start-ups,
    the busy part, then do not pile up on a small machine); a test waits for its own with
    `.result(timeout)`."""

    def later(delay: float, scenario: Scenario, tmp: Path) -> Played:
        time.sleep(delay)
        return scenario(tmp)

    pool = ThreadPoolExecutor(len(scenarios))
    try:
        yield {
            name: pool.submit(later, i * stagger, scenario, tmp_path_factory.mktemp(name))
            for i, (name, scenario) in enumerate(scenarios.items())
        }
    finally:
        pool.shutdown(wait=True)
