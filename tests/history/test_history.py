"""The session store on real SQLite files: round trips, migrations, crashes, signals, damage,
concurrency, unwritable places, and the history and export commands."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathe import __version__
from breathe.cli import history_cmd as history_cli
from breathe.cli.main import main
from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionRun
from breathe.core.streaks import streaks_of
from breathe.history import schema
from breathe.history.liveness import process_token
from breathe.history.recorder import HistoryRecorder
from breathe.history.records import FIELDS, HistoryUnavailable, SessionEnd, SessionStart, Streaks
from breathe.history.store import HistoryStore
from breathe.history.storefile import is_damage
from breathe.system.signals import SessionTerminated, on_end_signals
from tests.helpers.cli import breathe_cmd, run_main
from tests.helpers.clock import FakeClock

SPEC_FIELDS = [
    *("id", "started_at", "ended_at", "exercise", "routine", "pattern", "exhale", "planned"),
    *("breaths", "active_s", "paused_s", "status", "tension_before", "tension_after"),
    *("note", "version", "uid", "felt"),
    *("heart_bpm", "heart_swing_bpm", "heart_rmssd_ms", "heart_beats", "heart_rr_ms"),
]

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc)  # a Monday


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data directory, in UTC so local dates are predictable."""
    directory = tmp_path / "data"
    monkeypatch.setenv("BREATHE_DATA_DIR", str(directory))
    monkeypatch.setenv("BREATHE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    return directory


@pytest.fixture
def store(data_dir: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(data_dir / "history.sqlite3") as s:
        yield s


def start_at(moment: datetime, exercise: str = "wall", tension: int | None = None) -> SessionStart:
    return SessionStart(
        started_at=moment,
        exercise_id=exercise,
        exercise_name=exercise.title() + " breathing",
        pattern="3-0-6-3",
        exhale="ha",
        planned="4 breaths x 3",
        tension_before=tension,
    )


def end_at(
    moment: datetime,
    seconds: float = 120,
    status: str = "completed",
    breaths: int = 10,
    tension: int | None = None,
) -> SessionEnd:
    return SessionEnd(
        status=status,
        ended_at=moment + timedelta(seconds=seconds),
        breaths=breaths,
        active_s=seconds,
        tension_after=tension,
    )


def read_rows(path: Path) -> list[sqlite3.Row]:
    """A plain connection that is not a HistoryStore, so nothing gets recovered behind our back."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM sessions ORDER BY id").fetchall()
    finally:
        conn.close()


def wait_for(predicate, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


# --- values and round trip -----------------------------------------------------------------


def test_record_fields_are_the_documented_names() -> None:
    assert list(FIELDS) == SPEC_FIELDS


def test_round_trip_through_a_reopened_file(data_dir: Path) -> None:
    path = data_dir / "history.sqlite3"
    with HistoryStore.open(path) as store:
        sid = store.start(start_at(T0, tension=7))
        store.update_breaths(sid, 3, active_s=36.0004, paused_s=5)
        store.finish(
            sid,
            SessionEnd(
                "ended_early",
                T0 + timedelta(seconds=50.7),
                breaths=4,
                active_s=45.5,
                paused_s=5,
                note="left side tight",
                felt="hard",
            ),
        )
        store.set_tension_after(sid, 2)
    with HistoryStore.open(path) as store:
        record = store.get(sid)
    assert record is not None
    assert record.uid is not None and len(record.uid) == 32
    assert {**record.as_dict(), "uid": "x"} == {
        "id": sid,
        "started_at": "2026-03-02T07:30:00+00:00",
        "ended_at": "2026-03-02T07:30:50+00:00",
        "exercise": "wall",
        "routine": None,
        "pattern": "3-0-6-3",
        "exhale": "ha",
        "planned": "4 breaths x 3",
        "breaths": 4,
        "active_s": 45.5,
        "paused_s": 5.0,
        "status": "ended_early",
        "tension_before": 7,
        "tension_after": 2,
        "note": "left side tight",
        "version": __version__,
        "uid": "x",
        "felt": "hard",
        **dict.fromkeys(("heart_bpm", "heart_swing_bpm", "heart_rmssd_ms", "heart_beats")),
        "heart_rr_ms": [],
    }
    row = read_rows(path)[0]
    assert row["exercise_name"] == "Wall breathing"
    assert row["host"] == socket.gethostname() and row["pid"] == os.getpid()


def test_session_start_from_a_routine_names_its_exercises() -> None:
    plan = plan_session(Catalogue(), "pre-run")
    start = SessionStart.from_plan(plan, T0, tension_before=5)
    assert (start.exercise_id, start.routine) == ("wall+goal-post", "pre-run")
    assert start.exercise_name == "Wall breathing + Goal-post arms"
    assert start.planned == plan.planned and start.pattern == plan.pattern_text


def test_file_is_in_wal_mode_with_the_current_schema(store: HistoryStore) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.schema_version()
    assert schema.schema_version() == 4


def test_tension_out_of_range_is_refused(store: HistoryStore) -> None:
    with pytest.raises(ValueError):
        store.start(start_at(T0, tension=11))
    sid = store.start(start_at(T0))
    with pytest.raises(ValueError):
        store.set_tension_after(sid, -1)


# --- migrations ----------------------------------------------------------------------------


def test_an_empty_file_is_migrated_to_the_current_schema(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "history.sqlite3"
    path.write_bytes(b"")  # version 0: a zero-length file is an empty SQLite database
    with HistoryStore.open(path) as store:
        assert store.notices == []
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.schema_version()
        sid = store.record(start_at(T0), end_at(T0))
        assert store.get(sid) is not None


def test_a_hand_made_version_0_database_is_migrated(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE unrelated (x)")  # a v0 file: SQLite, user_version 0, no sessions
    conn.commit()
    conn.close()
    with HistoryStore.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.schema_version()
        assert store.count() == 0
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert {"sessions", "unrelated", "sessions_by_start"} <= names


@pytest.mark.parametrize("version", range(3))
def test_the_pace_check_column_comes_to_a_file_of_every_earlier_version(
    version: int, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "history.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in schema.MIGRATIONS[:version]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    if version >= 1:
        conn.execute(
            "INSERT INTO sessions (started_at, updated_at, local_date, exercise_id, "
            "exercise_name, pattern, exhale, planned, status, version) VALUES "
            "('2026-03-01T07:30:00+00:00', 'x', '2026-03-01', 'wall', 'Wall breathing', "
            "'3-0-6-3', 'ha', '4 breaths', 'completed', '0.1.0')"
        )
    conn.close()
    with HistoryStore.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.schema_version()
        old = store.sessions()
        assert [r.felt for r in old] == ([None] if version >= 1 else [])
        sid = store.record(start_at(T0), end_at(T0))
        store.set_felt(sid, "right")
        assert store.get(sid).felt == "right"  # type: ignore[union-attr]
        with pytest.raises(ValueError, match="easy, right or hard"):
            store.set_felt(sid, "fine")
        with pytest.raises(sqlite3.IntegrityError):  # the file itself refuses it too
            store.conn.execute("UPDATE sessions SET felt = 'fine' WHERE id = ?", (sid,))
        store.set_felt(sid, None)
        assert store.get(sid).felt is None  # type: ignore[union-attr]


def test_a_future_migration_is_one_function_and_keeps_the_rows(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_dir / "history.sqlite3"
    with HistoryStore.open(path) as store:
        sid = store.record(start_at(T0, tension=6), end_at(T0, tension=3))

    def to_v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE sessions ADD COLUMN heart_rate INTEGER")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, to_v2])
    with HistoryStore.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
        record = store.get(sid)
        assert record is not None and (record.tension_before, record.tension_after) == (6, 3)
        cols = {r[1] for r in store.conn.execute("PRAGMA table_info(sessions)")}
    assert "heart_rate" in cols


def test_a_failing_migration_leaves_the_file_at_its_old_version(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_dir / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record(start_at(T0), end_at(T0))

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE sessions ADD COLUMN half_done INTEGER")
        raise sqlite3.OperationalError("disk full, say")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(HistoryUnavailable):
        HistoryStore.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS) - 1
    assert "half_done" not in {r[1] for r in conn.execute("PRAGMA table_info(sessions)")}
    conn.close()


def test_a_migration_breaking_a_constraint_is_not_mistaken_for_damage(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_dir / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record(start_at(T0), end_at(T0))

    def clashing(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE sessions SET status = 'lost'")  # fails the CHECK constraint

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, clashing])
    with pytest.raises(HistoryUnavailable, match="CHECK constraint"):
        HistoryStore.open(path, check=False)
    assert list(data_dir.glob("*.corrupt-*")) == []
    assert read_rows(path)[0]["status"] == "completed"


def test_a_file_from_a_newer_breathe_is_refused_and_left_in_place(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(HistoryUnavailable, match="newer breathe"):
        HistoryStore.open(path)
    assert path.exists()
    assert list(data_dir.glob("*.corrupt-*")) == []


# --- stale sessions ------------------------------------------------------------------------


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_running_rows_of_dead_processes_become_interrupted(data_dir: Path) -> None:
    path = data_dir / "history.sqlite3"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with HistoryStore.open(path) as store:
            dead = store.start(start_at(T0))
            store.update_breaths(dead, 5, 60.0, 0.0)
            alive = store.start(start_at(T0 + timedelta(minutes=1)))
            elsewhere = store.start(start_at(T0 + timedelta(minutes=2)))
            reused = store.start(start_at(T0 + timedelta(minutes=3)))
            mine = store.start(start_at(T0 + timedelta(minutes=4)))
            conn = store.conn
            conn.execute("UPDATE sessions SET pid = ? WHERE id = ?", (dead_pid(), dead))
            conn.execute(
                "UPDATE sessions SET pid = ?, process_token = ? WHERE id = ?",
                (sleeper.pid, process_token(sleeper.pid), alive),
            )
            conn.execute(
                "UPDATE sessions SET pid = ?, host = 'other-machine' WHERE id = ?",
                (dead_pid(), elsewhere),
            )
            # The pid is alive but now names another process (pid reuse): still gone.
            conn.execute(
                "UPDATE sessions SET pid = ?, process_token = 'old-boot:123' WHERE id = ?",
                (sleeper.pid, reused),
            )
        with HistoryStore.open(path) as store:
            status = {r.id: r.status for r in store.sessions()}
            dead_row = store.get(dead)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert status == {
        dead: "interrupted",
        alive: "running",
        elsewhere: "running",
        reused: "interrupted" if process_token(os.getpid()) else "running",
        mine: "running",
    }
    assert dead_row is not None and dead_row.breaths == 5 and dead_row.active_s == 60.0
    assert dead_row.ended_at is not None


def fast_run(*extra: str, breaths: int = 400) -> list[str]:
    return breathe_cmd(
        "run", "wall", "--plain", "--pattern", "0.1-0-0.1-0", "--breaths", str(breaths),
        "--lead-in", "0", *extra,
    )  # fmt: skip


def breaths_so_far(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        rows = read_rows(path)
    except sqlite3.OperationalError:
        return 0
    return int(rows[-1]["breaths"]) if rows else 0


@pytest.mark.device
def test_sigkill_mid_session_leaves_an_interrupted_row_with_its_breaths(data_dir: Path) -> None:
    path = data_dir / "history.sqlite3"
    proc = subprocess.Popen(fast_run("--tension", "6"), stdout=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: breaths_so_far(path) >= 3)
    finally:
        proc.kill()
        out, _ = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    # The last line printed names the breath in progress; every breath before it was saved.
    in_progress = int(re.findall(r"breath (\d+)/400", out)[-1])
    before = read_rows(path)[-1]
    assert before["status"] == "running"  # nobody has looked yet
    with HistoryStore.open(path) as store:
        (record,) = store.sessions()
    assert record.status == "interrupted"
    assert 3 <= record.breaths < 400
    assert record.breaths >= before["breaths"]
    assert record.breaths >= in_progress - 1
    assert record.active_s > 0 and record.ended_at is not None
    assert record.tension_before == 6


@pytest.mark.device
@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
def test_sigterm_sighup_and_ctrl_c_end_the_session_early_with_its_time(
    data_dir: Path, sig: signal.Signals, code: int
) -> None:
    path = data_dir / "history.sqlite3"
    proc = subprocess.Popen(fast_run(), stdout=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: breaths_so_far(path) >= 3)
        sent = datetime.now(timezone.utc)
        proc.send_signal(sig)
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code
    assert "ended early: Wall breathing" in out
    (row,) = read_rows(path)
    assert row["status"] == "ended_early"
    assert 3 <= row["breaths"] < 400
    ended = datetime.fromisoformat(row["ended_at"])
    assert abs((ended - sent).total_seconds()) <= 2


def test_on_end_signals_raises_once_and_restores_the_old_handler() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SessionTerminated) as caught, on_end_signals() as received:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)  # the handler runs at the next bytecode; never reached
    assert caught.value.signum == signal.SIGTERM
    assert received == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) == before


def test_on_end_signals_can_call_a_handler_instead() -> None:
    seen: list[int] = []
    with on_end_signals(seen.append):
        os.kill(os.getpid(), signal.SIGHUP)
        os.kill(os.getpid(), signal.SIGHUP)  # a second one is ignored
        time.sleep(0.01)
    assert seen == [signal.SIGHUP]


# --- the recorder --------------------------------------------------------------------------


def test_recorder_writes_at_start_at_each_breath_and_at_the_end(store: HistoryStore) -> None:
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=3), lead_in=0)
    clock = FakeClock(0.0)
    run = SessionRun(plan, get_time=clock, wall_clock=lambda: T0)
    recorder = HistoryRecorder(store, tension_before=8)
    run.add_listener(recorder)
    run.start()
    sid = recorder.session_id
    assert sid is not None
    first = store.get(sid)
    assert first is not None and (first.status, first.breaths) == ("running", 0)
    seen = []
    for t in (12.5, 24.5):
        clock.now = t
        run.poll()
        rec = store.get(sid)
        assert rec is not None
        seen.append((rec.breaths, rec.active_s, rec.status))
    assert seen == [(1, 12.5, "running"), (2, 24.5, "running")]
    clock.now = 40
    run.poll()
    final = store.get(sid)
    assert final is not None
    assert (final.status, final.breaths, final.active_s) == ("completed", 3, 36.0)
    assert final.tension_before == 8 and final.started_at == "2026-03-02T07:30:00+00:00"


def test_recorder_warns_once_and_never_stops_the_session(data_dir: Path) -> None:
    store = HistoryStore.open(data_dir / "history.sqlite3")
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=3), lead_in=0)
    clock = FakeClock(0.0)
    run = SessionRun(plan, get_time=clock)
    warnings: list[str] = []
    run.add_listener(HistoryRecorder(store, warn=warnings.append))
    run.start()
    store.conn.close()  # every write from now on fails
    for t in (13, 25, 40):
        clock.now = t
        run.poll()
    assert run.result is not None and run.result.status == "completed"
    assert len(warnings) == 1 and "could not save" in warnings[0]


# --- damage --------------------------------------------------------------------------------


def test_a_file_that_is_not_sqlite_is_moved_aside_and_reported(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "history.sqlite3"
    junk = b"this is not a database\n" * 200
    path.write_bytes(junk)
    (data_dir / "history.sqlite3-wal").write_bytes(b"stale wal")
    with HistoryStore.open(path, now=lambda: T0) as store:
        assert store.count() == 0
        notices = store.notices
        store.record(start_at(T0), end_at(T0))
    moved = data_dir / "history.sqlite3.corrupt-20260302T073000Z"
    assert moved.read_bytes() == junk
    assert (data_dir / "history.sqlite3.corrupt-20260302T073000Z-wal").read_bytes() == b"stale wal"
    assert len(notices) == 1 and str(moved) in notices[0] and "damaged" in notices[0]
    with HistoryStore.open(path) as store:
        assert store.count() == 1 and store.notices == []


def test_a_file_failing_quick_check_is_moved_aside(data_dir: Path) -> None:
    path = data_dir / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record_many((start_at(T0 + timedelta(hours=i)), end_at(T0)) for i in range(2000))
    raw = bytearray(path.read_bytes())
    page = 4096
    assert len(raw) > 8 * page
    raw[5 * page : 7 * page] = b"\xa5" * (2 * page)  # wreck two b-tree pages, keep the header
    path.write_bytes(bytes(raw))
    with HistoryStore.open(path) as store:
        assert store.count() == 0
        assert "damaged" in store.notices[0]
    (moved,) = data_dir.glob("history.sqlite3.corrupt-*")
    assert moved.read_bytes() == bytes(raw)


def wreck_all_but_the_first_page(path: Path) -> bytes:
    raw = bytearray(path.read_bytes())
    raw[4096:] = b"\x5a" * (len(raw) - 4096)  # schema page intact, every table page garbage
    path.write_bytes(bytes(raw))
    return bytes(raw)


def test_damage_found_without_quick_check_is_still_moved_aside(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_dir / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record_many((start_at(T0 + timedelta(hours=i)), end_at(T0)) for i in range(500))
    wrecked = wreck_all_but_the_first_page(path)
    code, out, err = run_main(["history"], capsys)  # a quick look: no whole-file check
    assert code == 0 and out.startswith("No sessions yet")
    assert "damaged; it was moved to" in err
    (moved,) = data_dir.glob("history.sqlite3.corrupt-*")
    assert moved.read_bytes() == wrecked


@pytest.mark.parametrize(
    ("error", "damage"),
    [
        (sqlite3.DatabaseError("file is not a database"), True),
        (sqlite3.DatabaseError("database disk image is malformed"), True),
        (sqlite3.OperationalError("database is locked"), False),
        (sqlite3.OperationalError("attempt to write a readonly database"), False),
        (sqlite3.IntegrityError("CHECK constraint failed"), False),
        (OSError("disk full"), False),
    ],
)
def test_what_counts_as_damage(error: BaseException, damage: bool) -> None:
    assert is_damage(error) is damage


def test_a_second_corrupt_file_in_the_same_second_does_not_overwrite_the_first(
    data_dir: Path,
) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "history.sqlite3"
    for text in (b"first junk" * 100, b"second junk" * 100):
        path.write_bytes(text)
        HistoryStore.open(path, now=lambda: T0).close()
    contents = sorted(p.read_bytes()[:6] for p in data_dir.glob("history.sqlite3.corrupt-*"))
    assert contents == [b"first ", b"second"]


def test_history_command_reports_a_damaged_file_and_carries_on(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "history.sqlite3").write_bytes(b"garbage" * 100)
    assert main(["history"]) == 0
    captured = capsys.readouterr()
    assert "No sessions yet" in captured.out
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("breathe: the history file was damaged; it was moved to ")
    assert ".corrupt-" in line


# --- concurrency ---------------------------------------------------------------------------

WRITER = """
import sys
from datetime import datetime, timezone
from breathe.history.store import HistoryStore
from breathe.history.records import SessionEnd, SessionStart
path, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with HistoryStore.open(path) as store:
    for i in range(n):
        now = datetime.now(timezone.utc)
        sid = store.start(SessionStart(now, tag, tag, "3-0-6-3", "ha", "1 breath"))
        for b in range(1, 4):
            store.update_breaths(sid, b, b * 12.0, 0.0)
        store.finish(sid, SessionEnd("completed", now, 3, 36.0))
"""


@pytest.mark.device
def test_two_concurrent_writers_both_land(data_dir: Path) -> None:
    path = data_dir / "history.sqlite3"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, "150"])
        for tag in ("one", "two")
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    rows = read_rows(path)
    by_tag = {tag: [r for r in rows if r["exercise_id"] == tag] for tag in ("one", "two")}
    assert [len(v) for v in by_tag.values()] == [150, 150]
    assert {(r["status"], r["breaths"]) for r in rows} == {("completed", 3)}


@pytest.mark.device
def test_two_plain_sessions_in_two_terminals_are_both_saved(data_dir: Path) -> None:
    procs = [subprocess.Popen(fast_run(breaths=15), stdout=subprocess.DEVNULL) for _ in range(2)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    rows = read_rows(data_dir / "history.sqlite3")
    assert [(r["status"], r["breaths"]) for r in rows] == [("completed", 15)] * 2
    assert len({r["pid"] for r in rows}) == 2


# --- an unwritable data directory ----------------------------------------------------------


@pytest.mark.device
def test_unwritable_data_dir_warns_once_and_the_session_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("BREATHE_DATA_DIR", str(blocker / "sub"))  # root cannot mkdir here
    proc = subprocess.run(
        fast_run(breaths=3), capture_output=True, text=True, timeout=60, env=os.environ.copy()
    )
    assert proc.returncode == 1  # finished, but not saved: handed over as a line to import
    assert "completed: Wall breathing, 3 breaths" in proc.stdout
    assert json.loads(proc.stdout.splitlines()[-2])[0]["breaths"] == 3
    warning = proc.stderr.strip().splitlines()[0]
    assert warning.startswith(
        "breathe: warning: this session cannot be saved in the history (it is printed at the "
        "end for 'breathe import'): cannot create the data directory"
    )
    assert "Traceback" not in proc.stderr


def test_unwritable_data_dir_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("BREATHE_DATA_DIR", str(blocker / "sub"))
    with pytest.raises(HistoryUnavailable, match="cannot create the data directory"):
        HistoryStore.open()
    assert main(["export", "--format", "json"]) == 0  # nothing saved, nothing to export
    assert capsys.readouterr().out == "[]\n"


# --- history and export commands -----------------------------------------------------------


@pytest.fixture
def seeded(data_dir: Path) -> list[int]:
    with HistoryStore.open(data_dir / "history.sqlite3") as store:
        return store.record_many(
            [
                (start_at(T0 + timedelta(days=i), ex, tension=5), end_at(T0, 60 * (i + 1)))
                for i, ex in enumerate(["wall", "box", "wall", "hooklying", "box"])
            ]
        )


def test_history_json_is_newest_first_with_the_field_names(
    seeded: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(["history", "--json", "--limit", "3"], capsys)
    assert code == 0
    data = json.loads(out)
    assert [d["id"] for d in data] == seeded[::-1][:3]
    assert all(list(d) == SPEC_FIELDS for d in data)
    assert data[0]["exercise"] == "box" and data[0]["active_s"] == 300.0


def test_history_table_shows_names_times_and_tension(
    seeded: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(["history", "--limit", "2"], capsys)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].split() == ["ID", "DATE", "EXERCISE", "EXHALE", "TIME", "BREATHS", "STATUS",
                                "TENSION"]  # fmt: skip
    # At 80 columns (not a terminal) the year gives way, so that the names keep their room.
    assert "  03-06 07:30  " in lines[1] and "Box breathing" in lines[1]
    assert "05:00" in lines[1] and "completed" in lines[1] and "5 -> -" in lines[1]
    assert "Hooklying breathing" in lines[2]


def test_history_with_no_file_says_so_and_creates_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(["history"], capsys)
    assert code == 0 and out.startswith("No sessions yet")
    assert not data_dir.exists()
    assert run_main(["history", "--json"], capsys)[1] == "[]\n"


@pytest.mark.parametrize("bad", ["0", "x"])
def test_history_limit_must_be_a_positive_number(
    bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(["history", "--limit", bad], capsys)
    assert code == 2 and err.startswith("breathe: --limit")


def test_export_csv_has_a_header_and_every_session(
    seeded: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(["export", "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == SPEC_FIELDS
    assert [int(r["id"]) for r in rows] == seeded[::-1]
    assert rows[-1]["routine"] == "" and rows[-1]["tension_before"] == "5"
    assert rows[-1]["tension_after"] == "" and float(rows[-1]["active_s"]) == 60.0


def test_export_json_to_a_file_matches_the_store(
    seeded: list[int], data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old contents")
    code, out, _ = run_main(["export", "--format", "json", "--output", str(target)], capsys)
    assert code == 0 and out == ""
    with HistoryStore.open(data_dir / "history.sqlite3") as store:
        expected = [r.as_dict() for r in store.sessions()]
    assert json.loads(target.read_text()) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.json"]


def test_export_failing_midway_leaves_the_old_file_whole(
    seeded: list[int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("precious\n")

    def half_then_fail(records, out):  # type: ignore[no-untyped-def]
        out.write("id,started_at\n1,")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(history_cli, "write_csv", half_then_fail)
    code, _, err = run_main(["export", "--output", str(target)], capsys)
    assert code == 1
    assert err == f"breathe: cannot write {target} (No space left on device)\n"
    assert target.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.csv"]


def test_export_into_a_missing_directory_is_one_sentence(
    seeded: list[int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(["export", "--output", str(tmp_path / "nope" / "x.csv")], capsys)
    assert code == 1 and err.startswith("breathe: cannot write ") and err.count("\n") == 1


def test_run_tension_is_saved_and_checked(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(["run", "wall", "--plain", "--tension", "11"], capsys)
    assert code == 2 and "--tension must be a whole number from 0 to 10, not '11'" in err
    args = ["run", "wall", "--plain", "--pattern", "0.05-0-0.05-0", "--breaths", "2"]
    code, _, err = run_main([*args, "--lead-in", "0", "--tension", "4"], capsys)
    assert code == 0 and err == ""
    (row,) = read_rows(data_dir / "history.sqlite3")
    assert (row["tension_before"], row["status"], row["breaths"]) == (4, "completed", 2)


# --- summaries -----------------------------------------------------------------------------


def d(day: int) -> date:
    return date(2026, 3, day)


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ([], d(10), Streaks(0, 0)),
        ([d(8), d(9), d(10)], d(10), Streaks(3, 3)),
        ([d(8), d(9)], d(10), Streaks(2, 2)),  # today not yet practised: still going
        ([d(7), d(8)], d(10), Streaks(0, 2)),  # a missed day breaks it
        ([d(1), d(2), d(3), d(4), d(9), d(10)], d(10), Streaks(2, 4)),
        ([d(1), d(3), d(5)], d(5), Streaks(1, 1)),
    ],
)
def test_streaks(days: list[date], today: date, expected: Streaks) -> None:
    assert streaks_of(days, today) == expected


def test_summary_counts_weeks_days_exercises_and_tension(store: HistoryStore) -> None:
    # Monday 2 March is the week's start; 27 Feb to 1 Mar are the week before.
    sessions = [
        (start_at(T0 - timedelta(days=3), "wall", 7), end_at(T0, 300, tension=4)),
        (start_at(T0 - timedelta(days=2), "box"), end_at(T0, 120, breaths=0)),
        (start_at(T0 - timedelta(days=1), "wall", 6), end_at(T0, 600, tension=2)),
        (start_at(T0, "wall", 8), end_at(T0, 240, status="ended_early", tension=5)),
        (start_at(T0 + timedelta(days=2), "box"), end_at(T0, 180)),
        (start_at(T0 + timedelta(days=2, hours=3), "wall"), end_at(T0, 60)),
    ]
    store.record_many(sessions)
    summary = store.summary(today=d(4))
    assert summary.totals.sessions_all == 6 and summary.totals.minutes_all == 25
    assert summary.totals.sessions_week == 3 and summary.totals.minutes_week == 8
    # 28 Feb had no breath, so 27 Feb stands alone; 1, 2 Mar run on; 3 Mar missed; 4 Mar.
    assert summary.streaks == Streaks(current=1, longest=2)
    per_day = dict(summary.minutes_per_day)
    assert len(per_day) == 30 and min(per_day) == d(4) - timedelta(days=29) and max(per_day) == d(4)
    assert per_day[d(4)] == 4 and per_day[d(1)] == 10 and per_day[d(3)] == 0
    assert [(e.exercise, e.sessions, e.minutes) for e in summary.per_exercise] == [
        ("wall", 4, 20.0),
        ("box", 2, 5.0),
    ]
    assert summary.names["wall"] == "Wall breathing"
    trend = summary.tension
    assert [(p.before, p.after) for p in trend.points] == [(7, 4), (6, 2), (8, 5)]
    assert trend.average_drop == pytest.approx((3 + 4 + 3) / 3)
    assert [r.exercise for r in summary.recent] == ["wall", "box", "wall", "wall", "box", "wall"]


def test_a_renamed_exercise_shows_its_latest_name(store: HistoryStore) -> None:
    old = start_at(T0)
    new = SessionStart(**{**old.__dict__, "exercise_name": "Wall breathing, ribs down"})
    store.record_many([(old, end_at(T0)), (new, end_at(T0))])
    assert store.exercise_names() == {"wall": "Wall breathing, ribs down"}
    (entry,) = store.minutes_per_exercise()
    assert (entry.name, entry.sessions, entry.minutes) == ("Wall breathing, ribs down", 2, 4.0)


def test_history_command_on_a_newer_file_is_one_sentence(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir(parents=True)
    conn = sqlite3.connect(data_dir / "history.sqlite3")
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    code, out, err = run_main(["history"], capsys)
    assert code == 1 and out == ""
    assert err.startswith("breathe: the history file is from a newer breathe (schema 7")
    assert err.count("\n") == 1


@pytest.mark.device
def test_sessions_starting_at_the_same_instant_on_a_new_file_all_open_it(
    tmp_path: Path,
) -> None:
    """Switching a new file to WAL takes a lock SQLite does not wait for; one of two
    sessions started together used to go unsaved with "database is locked"."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from breathe.history.store import HistoryStore\n"
        "go = float(sys.argv[2])\n"
        "time.sleep(max(0.0, go - time.time()))\n"
        "HistoryStore.open(Path(sys.argv[1])).close()\n"
    )
    for round_ in range(8):
        path = tmp_path / f"round-{round_}" / "history.sqlite3"
        go = time.time() + 0.4  # every process waits for the same instant
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(path), str(go)],
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        errors = [p.communicate(timeout=60)[1] for p in procs]
        assert [p.returncode for p in procs] == [0] * 4, errors
