"""Issue 14, defect 4: a disk that fills up mid-session keeps the last good row and writes
the final status when space returns or at the end."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace
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


def _has_the_row(path: Path) -> bool:
    """The session's row is written (the store open is not enough: a disk full before the
    row is a store that cannot take the session at all, another test's case)."""
    if not path.with_name(path.name + "-wal").exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if not conn.execute("SELECT 1 FROM sessions LIMIT 1").fetchall():
                return False
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


def _tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` on `folder` (root only: the tests run the real command, which must
    see the mount; elsewhere the tests above cover the logic)."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs."""
    yield from _tmpfs(tmp_path / "small", "4m")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 400 kB tmpfs holding a history made before the spare file existed (none beside it)."""
    yield from _tiny(tmp_path / "tiny")


def _tiny(folder: Path) -> Iterator[Path]:
    for mounted in _tmpfs(folder, "400k"):
        HistoryStore.open(mounted / "history.sqlite3").close()  # no reserve: no spare file
        assert not (mounted / "history.sqlite3.spare").exists()
        yield mounted


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
    while not _has_the_row(small_disk / "history.sqlite3") and time.monotonic() < deadline:
        time.sleep(0.002)  # the row is written (filling before that is another test's case)
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


# Issue 21, item 1: a session starting on a disk already nearly full, with no spare file.


def _fill(folder: Path, leave: int = 0) -> Path:
    """Fill the disk to the last byte (or to `leave` bytes free); unbuffered, so a failed
    write leaves nothing for close() to flush again."""
    filler = folder / "filler"
    with open(filler, "ab", buffering=0) as fh:
        if leave:
            import shutil

            fh.write(bytes(max(0, shutil.disk_usage(folder).free - leave)))
            return filler
        for chunk in (64 * 1024, 4096, 512, 1):
            try:
                while True:
                    fh.write(bytes(chunk))
            except OSError:
                continue
    return filler


def _rows(path: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in conn.execute("SELECT status, breaths FROM sessions")]
    finally:
        conn.close()


def _running_row(path: Path) -> bool:
    try:
        return any(status == "running" and b > 0 for status, b in _rows(path))
    except sqlite3.Error:
        return False


_RUN = ("run", "wall", "--plain", "--no-sound", "--lead-in", "0")


def _session(folder: Path, breaths: int, pattern: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        breathe_cmd(*_RUN, "--breaths", str(breaths), "--pattern", pattern),
        env={**os.environ, "BREATHE_DATA_DIR": str(folder)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.device
def test_space_freed_mid_session_completes_the_row_saved_early(tiny_disk: Path) -> None:
    """Too little room for the spare file: said at the start; the disk then fills to the
    last byte mid-session and is freed before the end: the row has every breath."""
    filler = _fill(tiny_disk, leave=100 * 1024)  # under a quarter of the spare's size
    proc = _session(tiny_disk, 40, "0.1-0.1")
    deadline = time.monotonic() + 20
    while not _running_row(tiny_disk / "history.sqlite3") and time.monotonic() < deadline:
        time.sleep(0.02)
    _fill(tiny_disk)
    time.sleep(1.5)  # several breaths meet the full disk
    filler.unlink()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "this session may not be saved" in err
    assert err.count("may not be saved") == 1
    assert out.splitlines()[-1].startswith("completed: Wall breathing, 40 breaths")
    assert "Traceback" not in err
    assert _rows(tiny_disk / "history.sqlite3") == [("completed", 40)]


@pytest.mark.device
def test_a_store_that_cannot_open_is_tried_again_as_the_session_goes(tiny_disk: Path) -> None:
    filler = _fill(tiny_disk)  # full before the session: the store cannot even open
    proc = _session(tiny_disk, 40, "0.1-0.1")
    time.sleep(1.0)
    filler.unlink()
    deadline = time.monotonic() + 20
    while not _running_row(tiny_disk / "history.sqlite3") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the row should be saved while the session still runs"
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "may not be saved" in err and "cannot be saved" not in err
    # A full disk is a write problem, worded as one (issue 21: it said "cannot read").
    assert "cannot write the history file" in err and "the disk is full" in err
    assert "cannot read" not in err
    assert out.splitlines()[-1].startswith("completed: Wall breathing, 40 breaths")
    assert _rows(tiny_disk / "history.sqlite3") == [("completed", 40)]


@pytest.mark.device
def test_a_session_never_saved_is_printed_to_import_and_exits_1(
    tiny_disk: Path, tmp_path: Path
) -> None:
    filler = _fill(tiny_disk)
    proc = _session(tiny_disk, 6, "0.05-0.05")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    lines = out.splitlines()
    assert lines[-3].startswith("completed: Wall breathing, 6 breaths")
    assert lines[-1].startswith("not saved:")
    assert "breathe import" in lines[-1]
    assert "Traceback" not in err
    record = tmp_path / "kept.json"
    record.write_text(lines[-2] + "\n", encoding="utf-8")
    # Space back: the printed line imports, and the history holds the whole session.
    filler.unlink()
    env = {**os.environ, "BREATHE_DATA_DIR": str(tiny_disk)}
    imported = subprocess.run(
        breathe_cmd("import", str(record)), env=env, capture_output=True, text=True, timeout=30
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("1 added")
    assert _rows(tiny_disk / "history.sqlite3") == [("completed", 6)]


def test_importing_the_printed_record_completes_the_row_cut_off(tmp_path: Path) -> None:
    """The row was inserted, then its end never fitted: the next start marks it interrupted;
    the printed record (same uid) takes its place rather than being "already present"."""
    from breathe.history.importer import ParsedExport, import_sessions

    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        sid = store.start(_start(), "a" * 32)
        store.update_breaths(sid, 3, 27.0, 0.0)
        store.conn.execute("UPDATE sessions SET status = 'interrupted' WHERE id = ?", (sid,))
        cut = store.get(sid)
        assert cut is not None
        whole = replace(
            cut, status="completed", breaths=150, active_s=1350.0, ended_at=cut.started_at
        )
        dry = import_sessions(store, ParsedExport([whole]), {}, dry_run=True)
        assert (dry.added, dry.present) == (1, 0)
        assert _row(path) == ("interrupted", 3)
        report = import_sessions(store, ParsedExport([whole]), {})
        assert (report.added, report.present) == (1, 0)
        again = import_sessions(store, ParsedExport([whole]), {})
        assert (again.added, again.present) == (0, 1)
    assert _row(path) == ("completed", 150)


@pytest.mark.device
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a pseudo-terminal")
def test_the_app_hands_over_a_session_it_could_not_save(
    tiny_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's face of the same kit: back in the shell, the summary, the record to import,
    the "not saved" line last, exit status 1."""
    import pty
    import select

    from breathe.system.app_state import mark_safety_seen

    env = {k: v for k, v in os.environ.items() if not k.startswith(("BREATHE_", "TEXTUAL"))}
    env.update(
        BREATHE_DATA_DIR=str(tiny_disk),
        BREATHE_CONFIG_DIR=str(tmp_path / "cfg"),
        TERM="xterm-256color",
        COLUMNS="100",
        LINES="30",
    )
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tiny_disk))
    mark_safety_seen()  # before the disk fills: the safety screen would wait for a key
    _fill(tiny_disk)
    argv = breathe_cmd(*_RUN[:2], "--breaths", "3", "--pattern", "0.3-0.3", *_RUN[3:])
    pid, master = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal
        os.execve(argv[0], argv, env)
    seen = b""
    started = time.monotonic()
    quit_sent = False
    try:
        while time.monotonic() - started < 40:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break  # the child is gone
            if not quit_sent and b"rating" in seen and time.monotonic() - started > 3:
                os.write(master, b"q")  # from the summary, back to the shell
                quit_sent = True
    finally:
        os.close(master)
    _, status = os.waitpid(pid, 0)
    text = seen.decode("utf-8", "replace").replace("\r", "")
    lines = [line for line in text.split("\n") if line.strip()]
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1, text[-800:]
    assert lines[-1].startswith("not saved:"), lines[-3:]
    assert '"status": "completed"' in lines[-2] and '"breaths": 3' in lines[-2]


# A disk already full as the session starts, with the spare file beside the history: the
# store could not open (its check, the -shm), the spare stayed, and the session was lost.


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs with a history and its spare file (a session ran there), then full."""
    for mounted in _tmpfs(tmp_path / "full", "1m"):
        done = subprocess.run(
            breathe_cmd(*_RUN, "--breaths", "1", "--pattern", "0.2-0.2"),
            env={**os.environ, "BREATHE_DATA_DIR": str(mounted)},
            capture_output=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        assert (mounted / "history.sqlite3.spare").stat().st_size == 512 * 1024
        _fill(mounted)
        yield mounted


@pytest.mark.device
def test_a_disk_full_at_the_start_gives_up_the_spare_and_saves_the_session(
    full_disk: Path,
) -> None:
    """The tester's steps: `dd` to a full disk, then `breathe run ... --felt right`."""
    cmd = ("run", "long-exhale", *_RUN[2:])
    proc = subprocess.run(
        breathe_cmd(*cmd, "--breaths", "3", "--pattern", "0.3-0.3", "--felt", "right"),
        env={**os.environ, "BREATHE_DATA_DIR": str(full_disk)},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert "not saved" not in proc.stdout + proc.stderr
    assert not (full_disk / "history.sqlite3.spare").exists()
    assert _rows(full_disk / "history.sqlite3") == [("completed", 1), ("completed", 3)]


def test_a_store_that_meets_a_full_disk_as_it_opens_gives_up_the_spare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same at SQLite's edge, without a mount: while the spare file takes the last room,
    making the WAL's index (the first write as the store opens) fails as a full disk does."""
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        assert store.reserve()
    spare = path.with_name(path.name + ".spare")
    real = HistoryStore._prepare

    def prepare(conn: sqlite3.Connection) -> None:
        if spare.exists():
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13  # type: ignore[attr-defined]
            raise error
        real(conn)

    monkeypatch.setattr(HistoryStore, "_prepare", staticmethod(prepare))
    with HistoryStore.open(path) as store:
        assert not spare.exists()
        assert not store.reserve()  # not made again only to fill the disk: said at the start
        assert not spare.exists()
        sid = store.start(_start())
        store.finish(sid, SessionEnd("completed", T0 + timedelta(minutes=1), 3, 60.0))
    assert _rows(path) == [("completed", 3)]
