"""`breathe heart sweep --plain`: saved to the history through the session kit, as the app's
sweep is (exercise `heart-sweep`, its heart figures), and each stage's rate said as it starts.

The command runs as a user types it; only time is faked: the session, plain mode's sleeps
and the simulated strap share one clock that the sleeps move in small steps."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from breathe.cli import plain
from breathe.cli import run as run_module
from breathe.core.session import SessionRun
from breathe.history.store import HistoryStore
from tests.helpers.cli import run_main
from tests.helpers.clock import FakeClock

STEP_S = 0.05  # the clock moves this much at a time, so the strap's beats keep up


def _on_a_fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    clock = FakeClock()
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        until = clock.now + seconds
        while clock.now < until:
            with lock:
                clock.now = min(until, clock.now + STEP_S)
            time.sleep(0.0003)  # the strap's thread takes its beats

    async def strap_sleep(seconds: float) -> None:
        until = clock.now + seconds
        while clock.now < until:
            await asyncio.sleep(0.0001)

    real_run_plain = plain.run_plain
    real_feed = run_module.heart_feed

    def run_plain(run: Any, out: Any, **kwargs: Any) -> Any:
        return real_run_plain(run, out, sleep=sleep, **kwargs)

    def heart_feed(*args: Any) -> Any:
        feed = real_feed(*args)
        if feed is not None:
            feed._sleep = strap_sleep
        return feed

    monkeypatch.setattr(plain, "SessionRun", lambda plan: SessionRun(plan, get_time=clock))
    monkeypatch.setattr(plain, "run_plain", run_plain)
    monkeypatch.setattr(run_module, "heart_feed", heart_feed)
    return clock


def test_plain_sweep_is_saved_and_says_each_rate(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _on_a_fake_clock(monkeypatch)
    argv = ["heart", "sweep", "--hr", "sim:5.0", "--minutes", "0.5", "--plain", "--no-sound"]
    code, out, err = run_main([*argv, "--lead-in", "0"], capsys)
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[-1] == "your resonance rate: 5.0 breaths/min"
    stages = [line for line in lines if line.startswith("Sweep at ")]
    assert stages == [
        f"Sweep at {rate} breaths/min (stage {i} of 5)"
        for i, rate in enumerate(("6.5", "6.0", "5.5", "5.0", "4.5"), 1)
    ]
    first_inhale = next(i for i, line in enumerate(lines) if " inhale " in line)
    assert lines[first_inhale - 1] == stages[0]  # said as the stage starts, before its breath

    with HistoryStore.open() as store:
        records = store.sessions()
    assert len(records) == 1
    record = records[0]
    assert (record.exercise, record.status) == ("heart-sweep", "completed")
    assert record.heart_bpm is not None and record.heart_swing_bpm is not None
    assert record.felt is None  # a sweep moves no step: no pace check

    code, out, _ = run_main(["history"], capsys)
    assert code == 0 and "Resonance sweep" in out and "No sessions yet" not in out


def test_a_plain_sweep_the_history_cannot_take_exits_1_and_is_printed_for_import(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    """As `breathe run --plain`: a finished session not saved is 1, with the line to import,
    even though the sweep itself chose its rate."""
    import json

    _on_a_fake_clock(monkeypatch)
    data = tmp_path / "data"
    (data / "history.sqlite3").mkdir(parents=True)  # no history here; the rate is still kept
    monkeypatch.setenv("BREATHE_DATA_DIR", str(data))
    argv = ["heart", "sweep", "--hr", "sim:5.0", "--minutes", "0.5", "--plain", "--no-sound"]
    code, out, err = run_main([*argv, "--lead-in", "0"], capsys)
    assert code == 1, out + err
    lines = out.splitlines()
    assert any(line.startswith("not saved: ") for line in lines), out
    (record,) = json.loads(next(line for line in lines if line.startswith("[{")))
    assert (record["exercise"], record["status"]) == ("heart-sweep", "completed")
    assert "your resonance rate: 5.0 breaths/min" in lines
