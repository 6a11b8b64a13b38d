"""Issue 14, defect 4: a disk that fills up mid-session keeps the last good row and writes
the final status when space returns or at the end."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from breathe.history.recorder import HistoryRecorder
from breathe.history.records import SessionEnd, SessionStart
from breathe.history.store import HistoryStore
from tests.helpers.cli import breathe_cmd

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc)


class _Disk:
    """A connection whose writes fail with SQLite's "disk is full" while `full` is set."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.full = False

    def execute(self, sql: str, *params: Any) -> sqlite3.Cursor:
        if self.full and sql.lstrip().upper().startswith(("UPDATE", "INSERT")):
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13  # type: ignore[attr-defined]
            raise error
        return self._conn.execute(sql, *params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[tuple[HistoryStore, _Disk]]:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    fake = _Disk(store.conn)
    store.conn = fake  # type: ignore[assignment]
    yield store, fake
    fake._conn.close()


def _row(path: Path) -> tuple[str, int]:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT status, breaths FROM sessions").fetchone()
    finally:
        conn.close()
    return row[0], row[1]


def _has_the_table(path: Path) -> bool:
    if not path.with_name(path.name + "-wal").exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT 1 FROM sessions LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return True


def _start() -> SessionStart:
    return SessionStart(T0, "wall", "Wall", "3-0-6-3", "ha", "150 breaths")


def test_the_final_status_lands_at_close_when_space_returned(
    disk: tuple[HistoryStore, _Disk], tmp_path: Path
) -> None:
    store, fake = disk
    warnings: list[str] = []
    recorder = HistoryRecorder(store, warn=warnings.append)
    sid = store.start(_start())
    recorder.session_id = sid
    store.update_breaths(sid, 1, 9.0, 0.0)
    fake.full = True
    for b in range(2, 151):
        recorder._guard(lambda b=b: store.update_breaths(sid, b, 9.0 * b, 0.0))  # type: ignore[misc]
    end = SessionEnd("completed", T0 + timedelta(minutes=23), 150, 1350.0)
    recorder._guard(lambda: store.finish(sid, end))
    assert len(warnings) == 1
    assert "(the disk is full: database or disk is full)" in warnings[0]
    assert _row(tmp_path / "history.sqlite3") == ("running", 1)  # the last good row
    assert store.unsaved == 1  # the end replaced the breath counts
    fake.full = False  # space came back before the end
    store.close()
    assert _row(tmp_path / "history.sqlite3") == ("completed", 150)


def test_space_returning_mid_session_writes_what_waited(
    disk: tuple[HistoryStore, _Disk], tmp_path: Path
) -> None:
    store, fake = disk
    sid = store.start(_start())
    fake.full = True
    with pytest.raises(sqlite3.OperationalError):
        store.update_breaths(sid, 5, 45.0, 0.0)
    with pytest.raises(sqlite3.OperationalError):
        store.set_tension_after(sid, 4)
    fake.full = False
    store.update_breaths(sid, 6, 54.0, 0.0)
    assert store.unsaved == 0
    assert _row(tmp_path / "history.sqlite3") == ("running", 6)
    assert store.get(sid).tension_after == 4  # type: ignore[union-attr]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs (root only; elsewhere the test above covers the logic)."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.mark.device
def test_a_disk_filling_up_mid_session_loses_no_breath(small_disk: Path) -> None:
    env = {**os.environ, "BREATHE_DATA_DIR": str(small_disk)}
    args = ("run", "wall", "--plain", "--no-sound", "--breaths", "150", "--lead-in", "0")
    proc = subprocess.Popen(
        breathe_cmd(*args, "--pattern", "0.01-0.01"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while not _has_the_table(small_disk / "history.sqlite3") and time.monotonic() < deadline:
        time.sleep(0.01)  # the store is made (filling before that is "cannot open", not this)
    # At once: before the session's first checkpoint, the hardest moment.
    # Unbuffered: a failed write leaves nothing for close() to flush (and fail on) again.
    with open(small_disk / "filler", "wb", buffering=0) as filler:  # fill to the last byte
        try:
            while True:
                filler.write(bytes(64 * 1024))
                filler.flush()
        except OSError:
            pass
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.splitlines()[-1].startswith("completed: Wall breathing, 150 breaths")
    assert "Traceback" not in err
    assert _row(small_disk / "history.sqlite3") == ("completed", 150)


def test_the_spare_file_is_data_not_a_program(tmp_path: Path) -> None:
    import stat as stat_module

    from breathe.history.storefile import SPARE_BYTES, allocate

    spare = tmp_path / "history.sqlite3.spare"
    allocate(spare, SPARE_BYTES, create=True)
    mode = stat_module.S_IMODE(spare.stat().st_mode)
    assert mode & 0o111 == 0, oct(mode)
