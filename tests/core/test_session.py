"""SessionRun and plain mode against a fake clock: every event once, at its boundary."""

from __future__ import annotations

import io
from fractions import Fraction

import pytest

from breathe.cli.plain import run_plain
from breathe.core.catalogue import Catalogue
from breathe.core.engine import Segment, State
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionListener, SessionResult, SessionRun
from tests.helpers.clock import FakeClock


class Recorder(SessionListener):
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.segments: list[tuple[Segment, float]] = []
        self.breaths: list[int] = []
        self.results: list[SessionResult] = []

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        self.segments.append((segment, run.clock.elapsed()))

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        self.breaths.append(breaths)

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self.results.append(result)


def test_plain_mode_prints_each_phase_at_its_boundary() -> None:
    clock = FakeClock()
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=2, sets=2), lead_in=Fraction(3))
    run = SessionRun(plan, get_time=clock)
    rec = Recorder(clock)
    out = io.StringIO()
    result = run_plain(run, out, sleep=clock.sleep, listeners=(rec,))
    assert result.status == "completed"
    assert result.breaths == 4
    assert rec.breaths == [1, 2, 3, 4]
    assert [s.index for s, _ in rec.segments] == list(range(len(plan.schedule.segments)))
    for seg, seen_at in rec.segments:
        assert seg.start <= seen_at < seg.start + 0.002  # within 2 ms of the boundary
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("00:00 get ready 3s  Wall breathing: Stand, hands on the wall")
    assert lines[1] == "00:03 inhale 3s  breath 1/2  set 1/2"
    assert lines[2] == "00:06 exhale 6s  breath 1/2  set 1/2  haaa, mouth open"
    assert lines[3] == "00:12 rest 3s  breath 1/2  set 1/2"
    assert "00:27 rest between sets 15s  set 1/2 done" in lines
    assert lines[-1] == "completed: Wall breathing, 4 breaths, 01:03"
    assert result.active_seconds == plan.schedule.total == 66
    # The loop waited for boundaries instead of spinning.
    assert len(clock.sleeps) < 3 * len(plan.schedule.segments)


def test_ctrl_c_ends_early_with_the_breaths_done_so_far() -> None:
    clock = FakeClock()
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=4), lead_in=Fraction(0))
    run = SessionRun(plan, get_time=clock)

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        if clock.now - 1000.0 > 13:  # one 12 s breath done, into the second
            raise KeyboardInterrupt

    out = io.StringIO()
    result = run_plain(run, out, sleep=sleep)
    assert result.status == "ended_early"
    assert result.breaths == 1
    assert 15 < result.active_seconds < 15.01  # the first wake after 13 s is at 15 s
    assert out.getvalue().splitlines()[-1] == "ended early: Wall breathing, 1 of 4 breaths, 00:15"


def test_pause_shifts_the_end_by_exactly_the_pause() -> None:
    clock = FakeClock()
    plan = plan_session(Catalogue(), "4-7-8", DoseChoice(breaths=1), lead_in=Fraction(0))
    run = SessionRun(plan, get_time=clock)
    rec = Recorder(clock)
    run.add_listener(rec)
    run.start()
    clock.now += 5
    run.poll()
    assert run.toggle_pause() is True
    clock.now += 20
    assert run.poll().elapsed == 5
    run.toggle_pause()
    clock.now += 13.999
    assert not run.poll().done
    clock.now += 0.001
    assert run.poll().done
    result = rec.results[0]
    assert result.status == "completed"
    assert result.active_seconds == 19
    assert result.paused_seconds == 20


def test_listeners_hear_each_event_once_however_often_polled() -> None:
    clock = FakeClock()
    plan = plan_session(Catalogue(), "box", DoseChoice(breaths=2), lead_in=Fraction(1))
    run = SessionRun(plan, get_time=clock)
    rec = Recorder(clock)
    run.add_listener(rec)
    run.start()
    while run.result is None:
        for _ in range(3):
            run.poll()
        clock.now += 0.25
    assert [s.kind.value for s, _ in rec.segments] == [
        "lead-in",
        "inhale",
        "hold",
        "exhale",
        "rest",
        "inhale",
        "hold",
        "exhale",
        "rest",
    ]
    assert rec.breaths == [1, 2]
    assert len(rec.results) == 1
    run.finish("ended_early")  # a second finish changes nothing
    assert len(rec.results) == 1 and rec.results[0].status == "completed"


def test_between_sets_waits_for_the_user_and_counts_sets() -> None:
    clock = FakeClock()
    plan = plan_session(Catalogue(), "between-sets", lead_in=Fraction(0))
    run = SessionRun(plan, get_time=clock)
    answers = iter(["", "", "q"])
    asked_at: list[float] = []

    def ask() -> str | None:
        asked_at.append(run.clock.elapsed())
        clock.now += 90  # resting, then the next strength set
        return next(answers)

    out = io.StringIO()
    result = run_plain(run, out, sleep=clock.sleep, ask=ask)
    round_seconds = 5 * 13  # wall-sit: 4-0-7-2, five breaths
    assert asked_at == [round_seconds, 2 * round_seconds, 3 * round_seconds]
    text = out.getvalue()
    assert "Set 1 done. Press Enter after your next set (q and Enter to finish)." in text
    assert "Set 3 done." in text
    assert text.count("rested 01:30") == 2
    lines = text.splitlines()
    wait = lines.index("Set 1 done. Press Enter after your next set (q and Enter to finish).")
    assert lines[wait - 1] == "01:03 rest 2s  breath 5/5"
    assert lines[wait + 1 : wait + 3] == ["rested 01:30", "01:05 inhale 4s  breath 1/5"]
    assert result.status == "completed"
    assert (result.breaths, result.rounds) == (15, 3)
    assert result.active_seconds == 3 * round_seconds
    assert result.paused_seconds == pytest.approx(3 * 90, abs=0.01)
    assert text.splitlines()[-1] == (
        "completed: Between strength sets, 15 breaths, 03:15, 3 sets (rested 04:30)"
    )


def test_mid_run_resets_every_n_minutes_until_stopped() -> None:
    clock = FakeClock()
    plan = plan_session(Catalogue(), "mid-run", lead_in=Fraction(0), every_minutes=Fraction(2))
    run = SessionRun(plan, get_time=clock)
    rec = Recorder(clock)

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        if clock.now - 1000 > 250:
            raise KeyboardInterrupt

    out = io.StringIO()
    result = run_plain(run, out, sleep=sleep, listeners=(rec,))
    reset_starts: dict[int, float] = {}
    for seg, _ in rec.segments:
        if seg.kind.value == "inhale":
            reset_starts.setdefault(seg.step, seg.start)
    assert list(reset_starts.values()) == [
        0.0,
        120.0,
        240.0,
    ]  # resets start exactly every 2 minutes
    assert "00:22 eyes up, run easy; next reset in 01:38" in out.getvalue()
    assert result.status == "completed"  # stopping an open-ended mode is how it ends
    assert result.breaths == 7  # the third reset's first breath ended at 247.5 s


def test_plain_mode_prints_phases_it_slept_through() -> None:
    """A loaded or suspended machine wakes late: the log still has every phase, in order."""
    clock = FakeClock()
    plan = plan_session(Catalogue(), "box", DoseChoice(breaths=2), lead_in=Fraction(1))
    run = SessionRun(plan, get_time=clock)
    woke_late = [False]

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        if not woke_late[0]:
            woke_late[0] = True
            clock.now += 9  # asleep through the first inhale and hold

    out = io.StringIO()
    run_plain(run, out, sleep=sleep)
    stamps = [line.split()[1] for line in out.getvalue().splitlines()[:-1]]
    assert stamps == ["get", "inhale", "hold", "exhale", "rest"] * 1 + [
        "inhale",
        "hold",
        "exhale",
        "rest",
    ]
    assert out.getvalue().splitlines()[1] == "00:01 inhale 4s  breath 1/2"


def test_pause_and_resume_are_told_to_every_listener() -> None:
    clock = FakeClock()
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=1), lead_in=Fraction(0))
    run = SessionRun(plan, get_time=clock)
    heard: list[tuple[str, float]] = []

    class Hooks(Recorder):
        def paused(self, run: SessionRun) -> None:
            heard.append(("paused", run.clock.elapsed()))

        def resumed(self, run: SessionRun) -> None:
            heard.append(("resumed", run.clock.elapsed()))

    run.add_listener(Recorder(clock))  # without its own hooks: the base ones, no-ops
    run.add_listener(Hooks(clock))
    run.start()
    clock.now += 1.0
    assert run.toggle_pause() is True
    clock.now += 5.0
    assert run.toggle_pause() is False
    assert heard == [("paused", 1.0), ("resumed", 1.0)]
    run.finish("ended_early")
    run.toggle_pause()
    assert len(heard) == 2, "nothing to tell once the session is over"


def test_plain_mode_logs_the_phases_a_late_wake_up_slept_through_before_the_end() -> None:
    """A process that wakes only after the session's end still logs every phase, then the
    summary (a loaded machine used to lose the last exhale line)."""
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=1), pattern="1-0-1-0", lead_in=0)
    clock = FakeClock()
    out = io.StringIO()

    def oversleep(seconds: float) -> None:
        clock.sleep(10.0)  # every sleep overshoots past the end

    run_plain(SessionRun(plan, get_time=clock), out, sleep=oversleep)
    lines = out.getvalue().splitlines()
    assert [line.split()[1] for line in lines[:2]] == ["inhale", "exhale"]
    assert lines[2].startswith("completed: Wall breathing, 1 breath")
    assert len(lines) == 3
