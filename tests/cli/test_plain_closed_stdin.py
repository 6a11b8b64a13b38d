"""Issue 14, defect 3: between-sets in plain mode with standard input closed (`<&-`)."""

from __future__ import annotations

import io
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from breathe.cli.plain import read_line, run_plain
from breathe.core.catalogue import Catalogue
from breathe.core.plan import plan_session
from breathe.core.session import SessionRun
from breathe.history.recorder import HistoryRecorder
from breathe.history.store import HistoryStore
from tests.helpers.clock import FakeClock


def _between_sets(tmp_path: Path, ask: object) -> str:
    clock = FakeClock()
    plan = plan_session(Catalogue(), "between-sets", lead_in=Fraction(0))
    run = SessionRun(plan, get_time=clock)
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        recorder = HistoryRecorder(store)
        try:
            run_plain(run, io.StringIO(), sleep=clock.sleep, listeners=(recorder,), ask=ask)  # type: ignore[arg-type]
        finally:
            assert recorder.session_id is not None
            record = store.get(recorder.session_id)
    assert record is not None
    return record.status


def test_a_closed_stdin_ends_between_sets_as_completed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # what Python makes of `<&-`
    assert read_line() is None
    assert _between_sets(tmp_path, read_line) == "completed"


def test_a_stdin_closed_under_our_feet_is_the_end_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    assert read_line() is None


def test_any_failure_while_waiting_still_saves_the_session_as_ended_early(
    tmp_path: Path,
) -> None:
    def broken() -> str | None:
        raise LookupError("a bug")

    with pytest.raises(LookupError):
        _between_sets(tmp_path, broken)
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        (record,) = store.sessions()
    assert record.status == "ended_early" and record.breaths == 5
