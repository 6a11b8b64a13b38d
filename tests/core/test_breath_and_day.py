"""One meaning of "a breath done" (at the end of its exhale) and of "a day practised" (a day
with a breath done), and one session time (without the count-in), wherever they are shown:
plain mode, the summary, the history's store, streaks and caption, and the export."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timezone

import pytest

from breathe.cli.plain import run_plain
from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionRun
from breathe.core.summary import SessionSummary
from breathe.history.recorder import HistoryRecorder
from breathe.history.store import HistoryStore
from breathe.ui.screens.history import per_day_caption
from tests.helpers.cli import run_main
from tests.helpers.clock import FakeClock

# Wall breathing is 3 · 0 · 6 · 3: with a 3 s count-in the first exhale ends at 12 s, its rest
# at 15 s.
LEAD_IN = 3
FIRST_EXHALE_ENDS = 12.0
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def _wall(breaths: int = 4) -> SessionRun:
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=breaths), lead_in=LEAD_IN)
    return SessionRun(plan, get_time=FakeClock(0.0), wall_clock=lambda: NOON)


def test_a_breath_is_done_at_the_end_of_its_exhale_not_of_its_rest() -> None:
    schedule = _wall().schedule
    assert schedule.at(FIRST_EXHALE_ENDS - 0.01).breaths_completed == 0
    assert schedule.at(FIRST_EXHALE_ENDS).breaths_completed == 1
    assert schedule.at(FIRST_EXHALE_ENDS + 2.9).breaths_completed == 1  # in its rest
    assert schedule.total_breaths == 4


def test_a_double_exhale_counts_once_at_the_end_of_its_second_part() -> None:
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=2), pattern="2-0-3+1-1", lead_in=0)
    schedule = plan.schedule
    assert schedule.at(5.99).breaths_completed == 0
    assert schedule.at(6.0).breaths_completed == 1
    assert schedule.total_breaths == 2


def _ended_in_the_first_rest() -> tuple[SessionRun, str]:
    """Plain mode, Ctrl-C pressed 1.5 s into the first breath's rest."""
    run = _wall()
    clock = run.clock._get_time
    assert isinstance(clock, FakeClock)

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        if clock.now >= FIRST_EXHALE_ENDS + 1.5:
            clock.now = FIRST_EXHALE_ENDS + 1.5
            raise KeyboardInterrupt

    out = io.StringIO()
    run_plain(run, out, sleep=sleep)
    return run, out.getvalue().splitlines()[-1]


def test_plain_mode_and_the_summary_count_the_breath_whose_exhale_ended() -> None:
    run, last_line = _ended_in_the_first_rest()
    assert run.result is not None
    # 13.5 s of active time, 10.5 s of it after the count-in.
    assert last_line == "ended early: Wall breathing, 1 of 4 breaths, 00:10"
    rows = dict(SessionSummary.of(run.result).rows())
    assert rows["Breaths"] == "1 of 4" and rows["Time"] == "00:10"


def test_time_leaves_out_the_count_in() -> None:
    plan = plan_session(Catalogue(), "resonance", DoseChoice(minutes=2), lead_in=LEAD_IN)
    run = SessionRun(plan, get_time=FakeClock(0.0))
    run.start()
    run.clock._get_time.at(plan.schedule.total + 1)  # type: ignore[attr-defined]
    run.poll()
    assert run.result is not None
    line = SessionSummary.of(run.result).line()
    assert line == "completed: Resonance breathing, 12 breaths, 02:00"


def test_history_streak_caption_and_export_agree_with_the_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = HistoryStore.open(now=lambda: NOON)
    run = _wall()
    recorder = HistoryRecorder(store)
    run.add_listener(recorder)
    run.start()
    clock = run.clock._get_time
    assert isinstance(clock, FakeClock)
    clock.at(FIRST_EXHALE_ENDS + 0.5)
    run.poll()
    # Saved as it goes: a session cut off here keeps its breath and its time.
    assert recorder.session_id is not None
    live = store.get(recorder.session_id)
    assert live is not None and (live.breaths, live.active_s) == (1, 9.5)
    run.finish("ended_early")
    today = NOON.astimezone().date()
    summary = store.summary(today)
    store.close()

    assert summary.streaks.current == 1  # today counts as soon as a breath is done today
    assert today in summary.practice_days
    assert "1 day practised" in per_day_caption(summary)
    code, out, _ = run_main(["export", "--format", "json"], capsys)
    assert code == 0
    (exported,) = json.loads(out)
    assert (exported["breaths"], exported["active_s"]) == (1, 9.5)


def test_a_day_with_a_session_but_no_breath_done_is_not_practised() -> None:
    store = HistoryStore.open(now=lambda: NOON)
    run = _wall()
    run.add_listener(HistoryRecorder(store))
    run.start()
    run.clock._get_time.at(FIRST_EXHALE_ENDS - 1)  # type: ignore[attr-defined]
    run.poll()
    run.finish("ended_early")
    today = NOON.astimezone().date()
    summary = store.summary(today)
    store.close()
    assert summary.streaks.current == 0 and summary.practice_days == frozenset()
    assert "0 days practised" in per_day_caption(summary)
    assert summary.recent[0].active_s == pytest.approx(FIRST_EXHALE_ENDS - 1 - LEAD_IN)
    assert isinstance(today, date)
