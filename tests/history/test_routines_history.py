"""Each built-in routine end to end in plain mode, with its one history record checked."""

from __future__ import annotations

import io
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from breathe.cli.plain import run_plain
from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionRun
from breathe.history.recorder import HistoryRecorder
from breathe.history.records import SessionRecord
from breathe.history.store import HistoryStore
from tests.helpers.clock import FakeClock


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened = HistoryStore.open(tmp_path / "history.sqlite3")
    yield opened
    opened.close()


def run_routine(
    store: HistoryStore,
    id: str,
    *,
    answers: tuple[str, ...] = (),
    stop_after: float | None = None,
    **options: object,
) -> tuple[SessionRecord, str]:
    clock = FakeClock()
    plan = plan_session(Catalogue(), id, lead_in=Fraction(0), **options)  # type: ignore[arg-type]
    run = SessionRun(plan, get_time=clock)
    recorder = HistoryRecorder(store)
    replies = iter(answers)

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        if stop_after is not None and clock.now - clock.start > stop_after:
            raise KeyboardInterrupt

    def ask() -> str | None:
        clock.now += 60
        return next(replies, None)

    out = io.StringIO()
    run_plain(run, out, sleep=sleep, listeners=(recorder,), ask=ask)
    assert recorder.session_id is not None
    record = store.get(recorder.session_id)
    assert record is not None
    return record, out.getvalue()


def test_pre_run_is_one_record_with_each_steps_breaths(store: HistoryStore) -> None:
    record, text = run_routine(store, "pre-run")
    assert "next: Goal-post arms 10s" in text
    assert record.status == "completed"
    assert record.routine == "pre-run"
    assert record.exercise == "wall+goal-post"
    assert record.breaths == 12 + 10
    assert record.note == "wall: 12 breaths; goal-post: 10 breaths"
    assert record.active_s == pytest.approx(3 * 48 + 2 * 15 + 10 + 2 * 60 + 15)
    assert len(store.sessions()) == 1


def test_post_run_hums_for_five_minutes(store: HistoryStore) -> None:
    record, text = run_routine(store, "post-run")
    assert record.status == "completed"
    assert record.exhale == "hum"
    assert record.breaths == 22
    assert "hum, lips closed" in text
    assert record.note == "hooklying: 22 breaths"


def test_between_sets_records_the_sets(store: HistoryStore) -> None:
    record, _ = run_routine(store, "between-sets", answers=("", "", "q"))
    assert record.status == "completed"
    assert record.breaths == 15
    assert record.note == "3 sets done"
    assert record.paused_s == pytest.approx(180, abs=0.01)


def test_mid_run_records_the_resets(store: HistoryStore) -> None:
    record, _ = run_routine(store, "mid-run", every_minutes=Fraction(1), stop_after=150)
    assert record.status == "completed"
    assert record.breaths == 9
    assert record.note == "3 resets"
    # Three resets of 3 x 7.5 s: the running between them is not breathing time.
    assert record.active_s == pytest.approx(3 * 22.5, abs=0.01)


def test_a_routine_stopped_early_keeps_what_was_done(store: HistoryStore) -> None:
    record, _ = run_routine(store, "pre-run", dose=DoseChoice(breaths=2), stop_after=50)
    assert record.status == "ended_early"
    assert (record.breaths, record.note) == (3, "wall: 2 breaths; goal-post: 1 breath")


def test_between_sets_ended_before_its_first_breath_did_no_set(tmp_path: Path) -> None:
    """The tester's `timeout 5 breathe run between-sets --plain --minutes 1 --no-sound`: the
    count-in and part of a breath, no breath done; the note said "1 set done"."""
    import json
    import os
    import signal
    import subprocess

    from tests.helpers.cli import breathe_cmd

    env = {**os.environ, "BREATHE_DATA_DIR": str(tmp_path / "data")}
    cmd = breathe_cmd("run", "between-sets", "--plain", "--minutes", "1", "--no-sound")
    proc = subprocess.Popen(
        cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        proc.communicate(timeout=2)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)
    done = subprocess.run(
        breathe_cmd("history", "--json"), env=env, capture_output=True, text=True, check=True
    )
    [record] = json.loads(done.stdout)
    assert (record["breaths"], record["status"]) == (0, "ended_early")
    assert record["note"] == "0 sets done"
