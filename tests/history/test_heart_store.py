"""The heart saved with each session (schema 4): figures with the final row, beats in batches
with the breaths, an old file migrated with every row kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionRun
from breathe.history import schema
from breathe.history.heart import MAX_RR, HeartFigures, beat_rows
from breathe.history.recorder import HistoryRecorder
from breathe.history.records import SessionEnd, SessionStart
from breathe.history.store import HistoryStore
from tests.helpers.clock import FakeClock

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HistoryStore]:
    monkeypatch.setenv("TZ", "UTC")
    with HistoryStore.open(tmp_path / "history.sqlite3", now=lambda: T0) as opened:
        yield opened


class FakeHeart:
    """A HeartLog whose beats arrive as the test says."""

    def __init__(self) -> None:
        self.beats: list[tuple[float, float]] = []
        self.result: HeartFigures | None = None

    def beats_since(self, index: int) -> list[tuple[float, float]]:
        return self.beats[index:]

    def figures(self) -> HeartFigures | None:
        return self.result


def _beats(store: HistoryStore, sid: int) -> list[tuple[float, float]]:
    rows = store.conn.execute(
        "SELECT t_s, rr_ms FROM beats WHERE session_id = ? ORDER BY t_s", (sid,)
    ).fetchall()
    return [(float(t), float(rr)) for t, rr in rows]


def test_beats_are_saved_with_each_breath_and_the_figures_with_the_end(
    store: HistoryStore,
) -> None:
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=3), lead_in=0)
    clock = FakeClock(0.0)
    run = SessionRun(plan, get_time=clock, wall_clock=lambda: T0)
    recorder = HistoryRecorder(store)
    heart = FakeHeart()
    recorder.heart = heart
    run.add_listener(recorder)
    run.start()
    sid = recorder.session_id
    assert sid is not None
    heart.beats = [(0.8 * i, 800.0) for i in range(1, 15)]
    clock.now = 12.5
    run.poll()  # the first breath ends: its beats are in the file, the figures not yet
    assert len(_beats(store, sid)) == 14
    first = store.get(sid)
    assert first is not None and first.heart_bpm is None and first.heart_rr_ms == (800.0,) * 14
    heart.beats += [(11.2 + 0.75 * i, 750.25) for i in range(1, 4)]
    heart.result = HeartFigures(bpm=76.789, swing_bpm=4.5, rmssd_ms=12.0, beats=17)
    clock.now = 40
    run.poll()
    final = store.get(sid)
    assert final is not None and final.status == "completed"
    assert (final.heart_bpm, final.heart_swing_bpm, final.heart_rmssd_ms) == (76.8, 4.5, 12.0)
    assert final.heart_beats == 17
    assert final.heart_rr_ms == (800.0,) * 14 + (750.25,) * 3
    assert len(_beats(store, sid)) == 17  # each beat once, in order


def test_a_session_without_heart_data_keeps_every_heart_field_empty(store: HistoryStore) -> None:
    sid = store.record(
        SessionStart(T0, "wall", "Wall breathing", "4-4", "ha", "4 breaths"),
        SessionEnd("completed", T0 + timedelta(seconds=40), 4, 32.0),
    )
    record = store.get(sid)
    assert record is not None
    assert (record.heart_bpm, record.heart_swing_bpm, record.heart_rmssd_ms) == (None,) * 3
    assert record.heart_beats is None and record.heart_rr_ms == ()


def test_a_failed_batch_is_written_with_the_next_breath(store: HistoryStore) -> None:
    recorder = HistoryRecorder(store, warn=lambda _: None)
    sid = store.start(SessionStart(T0, "wall", "Wall breathing", "4-4", "ha", "4 breaths"))
    recorder.session_id = sid
    heart = FakeHeart()
    recorder.heart = heart
    heart.beats = [(1.0, 1000.0), (2.0, 1000.0)]
    store.conn.execute("DROP INDEX beats_by_session")
    store.conn.execute("ALTER TABLE beats RENAME TO gone")  # every insert fails for now
    recorder._save_beats()
    store.conn.execute("ALTER TABLE gone RENAME TO beats")
    heart.beats.append((3.0, 990.0))
    recorder._save_beats()
    assert _beats(store, sid) == [(1.0, 1000.0), (2.0, 1000.0), (3.0, 990.0)]


def test_at_most_max_rr_beats_are_kept_per_session(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import breathe.history.recorder as recorder_module

    monkeypatch.setattr(recorder_module, "MAX_RR", 5)
    recorder = HistoryRecorder(store)
    sid = store.start(SessionStart(T0, "wall", "Wall breathing", "4-4", "ha", "4 breaths"))
    recorder.session_id = sid
    heart = FakeHeart()
    recorder.heart = heart
    heart.beats = [(i * 0.8, 800.0) for i in range(1, 5)]
    recorder._save_beats()
    heart.beats += [(i * 0.8, 800.0) for i in range(5, 9)]
    recorder._save_beats()
    assert len(_beats(store, sid)) == 5
    assert MAX_RR == 50_000


def test_imported_intervals_get_times_from_their_running_sum() -> None:
    assert beat_rows([800.0, 1000.5, 799.5]) == [(0.8, 800.0), (1.8, 1000.5), (2.6, 799.5)]


def test_a_schema_3_file_keeps_every_row_and_gains_the_heart(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in schema.MIGRATIONS[:3]:
        migration(conn)
    conn.execute("PRAGMA user_version = 3")
    for n in range(5):
        conn.execute(
            "INSERT INTO sessions (started_at, updated_at, local_date, exercise_id, "
            "exercise_name, pattern, exhale, planned, status, version, breaths, felt) VALUES "
            f"('2026-03-0{n + 1}T07:30:00+00:00', 'x', '2026-03-0{n + 1}', 'wall', "
            f"'Wall breathing', '3-0-6-3', 'ha', '4 breaths', 'completed', '0.1.0', {n}, 'easy')"
        )
    conn.close()
    with HistoryStore.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 4
        old = store.sessions()
        assert sorted(r.breaths for r in old) == [0, 1, 2, 3, 4]
        assert all(r.felt == "easy" and r.problem is None for r in old)
        assert all(r.heart_bpm is None and r.heart_rr_ms == () for r in old)
        store.add_beats(old[0].id, [(0.8, 800.0)])
        assert store.get(old[0].id).heart_rr_ms == (800.0,)  # type: ignore[union-attr]


def test_the_beats_table_has_the_session_and_its_beat_times(store: HistoryStore) -> None:
    columns = [r[1] for r in store.conn.execute("PRAGMA table_info(beats)")]
    assert columns == ["session_id", "t_s", "rr_ms"]
    assert MAX_RR == 50_000
