"""Issue 14: the store under hostile luck (defects 1, 2, 13): sessions racing on a damaged
file, a stale WAL beside a restored file, a read-only folder, errors told apart."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathe.history.access import read_history
from breathe.history.records import HistoryUnavailable, SessionEnd, SessionStart
from breathe.history.store import HistoryStore
from breathe.history.storefile import describe
from tests.helpers.cli import breathe_cmd

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """conftest points BREATHE_DATA_DIR here."""
    return tmp_path / "user-data"


def _session(i: int, note: str = "") -> tuple[SessionStart, SessionEnd]:
    start = SessionStart(T0 + timedelta(hours=i), "wall", "Wall", "3-0-6-3", "ha", "4", note=note)
    return start, SessionEnd("completed", start.started_at + timedelta(minutes=1), 4, 60.0)


def _rows(path: Path) -> list[tuple[int, str, str]]:
    """(breaths, status, note) per row, read with a plain read-only connection."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT breaths, status, note FROM sessions ORDER BY id").fetchall()
    finally:
        conn.close()


def _breathe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        breathe_cmd(*args), capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )


# --- 1: sessions starting together on a damaged file ---------------------------------------

# One session as `breathe run` saves it (open_for_session, a row, breaths, the end), started
# at an agreed instant so that the eight really race; without the CLI's start-up cost.
_WORKER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime, timezone
    from breathe.history.access import open_for_session
    from breathe.history.records import SessionEnd, SessionStart
    go, note = float(sys.argv[1]), sys.argv[2]
    while time.time() < go:
        time.sleep(0.001)
    store = open_for_session(lambda m: print(m, file=sys.stderr))
    if store is None:
        sys.exit(3)
    now = datetime.now(timezone.utc)
    sid = store.start(SessionStart(now, "wall", "Wall", "3-0-6-3", "ha", "4", note=note))
    for b in range(1, 4):
        store.update_breaths(sid, b, b * 9.0, 0.0)
    store.finish(sid, SessionEnd("completed", now, 3, 27.0))
    store.close()
    """
)

_DAMAGE = (
    b"this is not a history file at all" * 40,
    # The SQLite header, then garbage: only quick_check finds it.
    b"SQLite format 3\x00" + bytes(range(256)) * 40,
)


@pytest.mark.device
def test_eight_sessions_starting_together_on_a_damaged_file_are_all_saved(
    data_dir: Path,
) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "history.sqlite3"
    rounds, per_round = 10, 8
    for r in range(rounds):
        damaged = _DAMAGE[r % 2] + f"round {r}".encode()
        for side in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(str(path) + side)
        path.write_bytes(damaged)
        before = set(data_dir.glob("history.sqlite3.corrupt-*"))
        go = time.time() + 0.25
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _WORKER, str(go), f"round {r}"],
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(per_round)
        ]
        errors = [p.communicate(timeout=60)[1] for p in procs]
        assert [p.returncode for p in procs] == [0] * per_round, errors
        moved = [f for f in set(data_dir.glob("history.sqlite3.corrupt-*")) - before]
        originals = [f for f in moved if not f.name.endswith(("-wal", "-shm", "-journal"))]
        assert len(originals) == 1, (r, moved, errors)
        assert originals[0].read_bytes() == damaged  # kept byte for byte
        told = [e for e in errors if "was damaged; it was moved to" in e]
        assert len(told) == 1, errors
        saved = [row for row in _rows(path) if row[2] == f"round {r}"]
        assert saved == [(3, "completed", f"round {r}")] * per_round, (r, errors)


# --- 2: a stale WAL beside a restored or replaced file -------------------------------------

_KILLED = textwrap.dedent(
    """
    import os, sys
    from datetime import datetime, timezone
    from breathe.history.store import HistoryStore
    from breathe.history.records import SessionStart
    store = HistoryStore.open()
    now = datetime.now(timezone.utc)
    for i in range(5):
        sid = store.start(SessionStart(now, "box", "Box", "4-4-4-4", "hum", "5 min"))
        store.update_breaths(sid, 7, 70.0, 0.0)
    os._exit(0)  # as a kill -9: the WAL stays, never checkpointed
    """
)


def _leave_a_stale_wal(data_dir: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", _KILLED], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert (data_dir / "history.sqlite3-wal").stat().st_size > 0


@pytest.mark.device
@pytest.mark.parametrize("how", ["copied over", "renamed over"])
def test_a_stale_wal_beside_a_restored_file_is_moved_aside_never_applied(
    data_dir: Path, tmp_path: Path, how: str
) -> None:
    path = data_dir / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record_many([_session(i) for i in range(40)])
    backup = tmp_path / "backup.sqlite3"
    shutil.copyfile(path, backup)
    with HistoryStore.open(path) as store:  # the file moves on: the backup is older now
        store.record_many([_session(40)])
    _leave_a_stale_wal(data_dir)
    time.sleep(0.01)  # a restore happens later than the kill
    if how == "copied over":
        shutil.copyfile(backup, path)  # same inode, new content
    else:
        shutil.copyfile(backup, tmp_path / "restored")
        os.replace(tmp_path / "restored", path)
    proc = _breathe("history", "--json", "--limit", "1000")
    assert proc.returncode == 0, proc.stderr
    import json

    sessions = json.loads(proc.stdout)
    # (A backup byte for byte the file the WAL was written on is that file: it keeps its
    # WAL, as a copied folder does; see the copied-folder test below.)
    assert len(sessions) == 40 and {s["exercise"] for s in sessions} == {"wall"}
    (line,) = proc.stderr.splitlines()
    assert "history.sqlite3-wal did not belong to the history file" in line
    assert "history file kept as it is" in line
    (stale,) = data_dir.glob("history.sqlite3.stale-wal-*-wal")
    assert stale.stat().st_size > 0  # kept, for whoever wants it
    # The next session sees a healthy file with the 40 restored sessions: nothing moved aside.
    run = _breathe(
        *("run", "wall", "--plain", "--no-sound"),
        *("--breaths", "1", "--pattern", "0.1-0.1", "--lead-in", "0"),
    )
    assert run.returncode == 0 and run.stderr == ""
    assert len(_rows(path)) == 41
    assert not list(data_dir.glob("history.sqlite3.corrupt-*"))


def test_the_own_wal_of_a_killed_session_is_still_applied(data_dir: Path) -> None:
    path = data_dir / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record_many([_session(i) for i in range(3)])
    _leave_a_stale_wal(data_dir)
    with HistoryStore.open(path) as store:
        assert store.notices == []
        statuses = [r.status for r in store.sessions()]
    assert statuses.count("interrupted") == 5 and statuses.count("completed") == 3


# --- issue 21: a copied data folder keeps the killed session's writes -----------------------


def _killed_mid_session(folder: Path) -> int:
    """The real plain command, SIGKILLed mid-session (between checkpoints: its last writes
    are only in the WAL); the breaths its row had when it was stopped."""
    import signal

    env = {**os.environ, "BREATHE_DATA_DIR": str(folder)}
    args = ("run", "wall", "--plain", "--no-sound", "--breaths", "60", "--lead-in", "0")
    proc = subprocess.Popen(
        breathe_cmd(*args, "--pattern", "0.15-0.15"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    path = folder / "history.sqlite3"
    deadline = time.monotonic() + 30
    breaths = 0
    try:
        while breaths < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
            with contextlib.suppress(sqlite3.Error):
                breaths = max([0] + [b for b, _, _ in _rows(path)])
        os.kill(proc.pid, signal.SIGSTOP)  # hold still: what is read is what stays
        breaths = max(b for b, _, _ in _rows(path))
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert 5 <= breaths < 8, breaths  # under 16 writes: none of them checkpointed
    wal = folder / "history.sqlite3-wal"
    assert wal.read_bytes()[:4] in (bytes.fromhex("377f0682"), bytes.fromhex("377f0683"))
    return breaths


def _other_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs (another device) when this runs as root; else a folder beside (same disk)."""
    folder = tmp_path / "other-disk"
    folder.mkdir()
    mounted = os.geteuid() == 0 and (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    try:
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def other_disk(tmp_path: Path) -> Iterator[Path]:
    yield from _other_disk(tmp_path)


@pytest.mark.device
def test_a_copied_or_moved_data_folder_keeps_the_killed_sessions_writes(
    tmp_path: Path, other_disk: Path
) -> None:
    source = tmp_path / "killed"
    breaths = _killed_mid_session(source)
    copies = {"cp -r": tmp_path / "copy-r", "cp -a": tmp_path / "copy-a"}
    for how, target in copies.items():
        subprocess.run([*how.split(), str(source), str(target)], check=True)
    moved = other_disk / "moved"
    shutil.move(str(source), str(moved))  # to another device: every inode is new
    for where in [*copies.values(), moved]:
        env = {**os.environ, "BREATHE_DATA_DIR": str(where)}
        proc = subprocess.run(
            breathe_cmd("history", "--json"), env=env, capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == "", (where, proc.stderr)  # nothing set aside
        import json

        (row,) = json.loads(proc.stdout)
        assert (row["status"], row["breaths"]) == ("interrupted", breaths), where
        assert not list(where.glob("*.stale-wal-*"))


@pytest.mark.parametrize("args", [("history",), ("progress",)], ids=" ".join)
def test_a_history_linked_to_dev_null_is_named_for_a_read(
    data_dir: Path, args: tuple[str, ...]
) -> None:
    """A read of a history that is a link to /dev/null says what it is, never "cannot
    write" (issue 21), and never "unexpected error"."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "history.sqlite3").symlink_to(os.devnull)
    proc = _breathe(*args)
    assert proc.returncode == 1
    (line,) = proc.stderr.splitlines()
    assert "history.sqlite3 is not a regular file" in line, line
    assert "cannot write" not in line and "unexpected" not in line


def test_the_file_held_for_its_digest_closes_with_the_last_store_of_the_process(
    data_dir: Path,
) -> None:
    """Closing any descriptor of the file drops this process's SQLite locks on it: the one
    breathe reads the digest through stays open while any store of the process is."""
    from breathe.history import storefile

    path = data_dir / "history.sqlite3"
    first = HistoryStore.open(path)
    second = HistoryStore.open(path)
    key = os.path.realpath(path)
    fd, users = storefile._HELD[key]
    assert users == 2
    second.close()
    assert storefile._HELD[key] == [fd, 1]
    os.fstat(fd)  # still open
    first.record(*_session(0))
    first.close()
    assert key not in storefile._HELD  # closed with the last one


# --- 13: a read-only folder; errors told apart ---------------------------------------------


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """The folder made read-only for real: a read-only bind mount as root (who ignores
    permissions), else the permissions."""
    if os.geteuid() == 0:
        mounted = (
            subprocess.run(
                ["mount", "--bind", str(folder), str(folder)], capture_output=True
            ).returncode
            == 0
        )
        if mounted:
            ok = subprocess.run(
                ["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True
            )
            try:
                if ok.returncode != 0:
                    pytest.skip("cannot remount read-only here")
                yield
            finally:
                subprocess.run(["umount", str(folder)], capture_output=True)
            return
        pytest.skip("root without mount: cannot make a folder read-only")
    folder.chmod(0o555)
    try:
        yield
    finally:
        folder.chmod(0o755)


@pytest.mark.device
def test_history_reads_a_read_only_folder_and_run_names_the_path(data_dir: Path) -> None:
    path = data_dir / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record_many([_session(i) for i in range(3)])
    with _read_only(data_dir):
        history = _breathe("history")
        export = _breathe("export", "--format", "json")
        run = _breathe(
            "run",
            "wall",
            "--plain",
            "--no-sound",
            "--breaths",
            "1",
            "--pattern",
            "0.1-0.1",
            "--lead-in",
            "0",
        )
    assert history.returncode == 0 and history.stderr == "", history.stderr
    assert history.stdout.count("completed") == 3
    assert export.returncode == 0 and export.stdout.count('"completed"') == 3
    # A finished session that could not be saved: the line to import, exit 1 (it exited 0
    # with no line, and the session was lost).
    assert run.returncode == 1, run.stderr
    warning = run.stderr.splitlines()[0]
    assert warning == (
        "breathe: warning: this session cannot be saved in the history (it is printed at the "
        f"end for 'breathe import'): cannot write the history file {path} (the folder "
        f"{data_dir} or the file is read-only)"
    )
    [record] = json.loads(run.stdout.splitlines()[-2])
    assert (record["exercise"], record["status"], record["breaths"]) == ("wall", "completed", 1)
    assert run.stdout.splitlines()[-1].startswith("not saved: ")
    line = data_dir.parent / "lost.json"
    line.write_text(run.stdout.splitlines()[-2])
    imported = _breathe("import", str(line))
    assert imported.returncode == 0 and "1 added" in imported.stdout, imported.stderr


@pytest.mark.device
def test_progress_hold_on_a_read_only_folder_names_the_state_file(data_dir: Path) -> None:
    """Not the temporary file written beside it (`.state.json.ldygwtrr.tmp`)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with _read_only(data_dir):
        done = _breathe("progress", "wall", "--hold")
    assert done.returncode == 1
    assert done.stderr.startswith(f"breathe: cannot write {data_dir / 'state.json'} ("), done.stderr
    assert ".tmp" not in done.stderr


class _FakeSqliteError(sqlite3.OperationalError):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.sqlite_errorcode = code


def test_a_full_disk_is_not_called_damage_or_an_io_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    assert describe(_FakeSqliteError("database or disk is full", 13), path) == (
        "the disk is full: database or disk is full"
    )
    import breathe.history.storefile as storefile

    monkeypatch.setattr(storefile, "disk_full", lambda p: True)
    assert describe(_FakeSqliteError("disk I/O error", 778), path).startswith("the disk is full")
    monkeypatch.setattr(storefile, "disk_full", lambda p: False)
    assert describe(_FakeSqliteError("disk I/O error", 778), path) == "disk I/O error"


def test_a_failing_read_crosses_the_package_edge_as_history_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path))
    HistoryStore.open().close()

    def locked(store: HistoryStore) -> int:
        raise sqlite3.OperationalError("database is locked")

    told: list[str] = []
    with pytest.raises(HistoryUnavailable, match="cannot read the history file"):
        read_history(told.append, locked, 0)
