"""The session store: one SQLite file, written as a session runs, read by the history views.

Crash safety comes from writing early and often: a row is inserted when a session starts and
updated after every completed breath, each write its own short transaction in WAL mode. A row
left `running` by a process that is gone is marked `interrupted` the next time the store opens.
Plain Python (stdlib sqlite3), no Textual: the screens and commands are thin readers.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import socket
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from breathe import __version__
from breathe.core.session import utc_now
from breathe.history.liveness import process_alive, process_token
from breathe.history.records import (
    FINAL_STATUSES,
    ExerciseMinutes,
    HistorySummary,
    HistoryUnavailable,
    SessionEnd,
    SessionRecord,
    SessionStart,
    Streaks,
    TensionPoint,
    TensionTrend,
    Totals,
    checked_tension,
    iso,
    local_day,
)
from breathe.history.report import streaks_of
from breathe.history.schema import migrate, schema_version
from breathe.system import paths
from breathe.system.filelock import exclusive

BUSY_TIMEOUT_SECONDS = 5.0


def _record(row: Sequence[Any]) -> SessionRecord:
    return SessionRecord.from_row(row)


def _minutes(seconds: object) -> float:
    """A sum of seconds as minutes; 0 for what a hand-edited file made of it."""
    if isinstance(seconds, int | float) and math.isfinite(seconds) and seconds > 0:
        return float(seconds) / 60
    return 0.0


def _tension_or_none(value: object) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10
    return value if ok else None  # type: ignore[return-value]


_RECORD_COLUMNS = (
    "id, started_at, ended_at, exercise_id, routine, pattern, exhale, planned, breaths, "
    "active_s, paused_s, status, tension_before, tension_after, note, version, uid"
)


SQLITE_HEADER = b"SQLite format 3\x00"
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_CONSTRAINT_NOTE = re.compile(r"(CHECK constraint failed in |NULL value in )")


def is_damage(exc: BaseException) -> bool:
    """True only for a damaged file, never for busy, locked, full or read-only ones."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


def _looks_like_sqlite(path: Path) -> bool:
    """Checked before SQLite opens a file, which could otherwise tidy away its WAL."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return True
    except OSError:
        return True  # unreadable: let SQLite say why, never move it aside for that
    return head == SQLITE_HEADER or head == b""


def corrupt_name(path: Path, moment: datetime, kind: str = "corrupt") -> Path:
    """`history.sqlite3.corrupt-20260101T120000Z`, with `-2`, `-3`... when that is taken."""
    stamp = moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.{kind}-{stamp}")
    n = 1
    while any(
        os.path.lexists(candidate.with_name(candidate.name + s)) for s in ("", "-wal", "-shm")
    ):
        n += 1
        candidate = path.with_name(f"{path.name}.{kind}-{stamp}-{n}")
    return candidate


# Writes (breaths) between checkpoints. After one, SQLite writes the WAL from its start
# again, into space the file already has: with RESERVE_WAL_BYTES set aside when a session
# opens the store, a disk that fills up mid-session still takes every breath and the end.
CHECKPOINT_EVERY = 16
RESERVE_WAL_BYTES = 1024 * 1024
SPARE_BYTES = 512 * 1024
CLOSE_RETRIES = 3
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _allocate(path: Path, size: int, *, create: bool = False) -> None:
    """Give `path` `size` bytes of disk now (a quarter when that much is not free, else
    none); OSError when it cannot be opened. Without posix_fallocate only a new file is
    filled (with zeros): a live WAL is never written to by anyone but SQLite."""
    allocate = getattr(os, "posix_fallocate", None)
    if allocate is None and not create:
        return
    fd = os.open(path, os.O_RDWR | (os.O_CREAT if create else 0) | getattr(os, "O_BINARY", 0))
    try:
        for want in (size, size // 4):
            try:
                if allocate is not None:
                    allocate(fd, 0, want)
                else:
                    os.write(fd, bytes(want))
                break
            except OSError:
                continue
    finally:
        os.close(fd)
    if create and os.path.getsize(path) == 0:
        os.unlink(path)  # not even a quarter was free


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _identity(path: Path) -> str | None:
    """What changes when the main file is replaced, restored or checkpointed into."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def _record_identity(lock: int, path: Path) -> None:
    identity = _identity(path)
    with contextlib.suppress(OSError):
        os.lseek(lock, 0, os.SEEK_SET)
        os.write(lock, (identity or "").encode("ascii").ljust(_IDENTITY_BYTES))


_IDENTITY_BYTES = 80
_WAL_MAGIC = (bytes.fromhex("377f0682"), bytes.fromhex("377f0683"))


def _wal_is_foreign(path: Path, lock: int | None) -> bool:
    """A non-empty WAL beside a main file that is not the one breathe last left it with."""
    try:
        with open(path.with_name(path.name + "-wal"), "rb") as wal:
            if wal.read(4) not in _WAL_MAGIC:
                return False  # empty, or only space set aside: nothing to apply
    except OSError:
        return False
    if lock is None:
        return False  # nothing noted (a read-only folder): trust it, as SQLite would
    try:
        os.lseek(lock, 0, os.SEEK_SET)
        noted = os.read(lock, _IDENTITY_BYTES).decode("ascii", "replace").strip()
    except OSError:
        return False
    # Nothing noted yet (a file from before breathe kept notes): trust it.
    return bool(noted) and noted != _identity(path)


def _set_aside(path: Path, moment: datetime, kind: str, *, main: bool) -> Path | None:
    """Rename the damaged file and its side files (or, `main=False`, only the side files of
    a WAL that is not its own) beside it; the new name, or None when nothing was there."""
    target = corrupt_name(path, moment, kind)
    if main:
        try:
            os.replace(path, target)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise HistoryUnavailable(
                f"the history file {path} is damaged and could not be moved aside "
                f"({exc.strerror or exc})"
            ) from None
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        try:
            os.replace(side, target.with_name(target.name + suffix))
        except FileNotFoundError:
            continue
        except OSError as exc:
            if main:
                continue
            raise HistoryUnavailable(
                f"{side} does not belong to the history file and could not be moved aside "
                f"({exc.strerror or exc})"
            ) from None
    return target


_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 8, 10, 13, 14
LOW_SPACE_BYTES = 256 * 1024


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < LOW_SPACE_BYTES
    except OSError:
        return False


def _read_only(path: Path) -> bool:
    folder_ok = os.access(path.parent, os.W_OK)
    return not folder_ok or (path.exists() and not os.access(path, os.W_OK))


def describe(exc: BaseException, path: Path) -> str:
    """Why SQLite failed, told apart: a full disk, a read-only place, or what SQLite said."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if (
        primary == _SQLITE_FULL
        or "disk is full" in text
        or (primary in (_SQLITE_IOERR, None) and _disk_full(path))
    ):
        return f"the disk is full: {text}"
    readonly = primary in (_SQLITE_READONLY, _SQLITE_CANTOPEN) or "readonly" in text
    if readonly and _read_only(path):
        return f"the folder {path.parent} is read-only: {text}"
    return text


class HistoryStore:
    """Open with `HistoryStore.open()`; `notices` holds what the user should be told."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        notices: list[str],
        now: Callable[[], datetime] = utc_now,
        *,
        read_only: bool = False,
    ) -> None:
        self.conn = conn
        self.read_only = read_only
        self._writes = 0
        self._pending: dict[tuple[str, int], tuple[str, tuple[object, ...]]] = {}
        self.path = path
        self.notices = notices
        self._now = now
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self._token = process_token(self.pid)

    # opening

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        now: Callable[[], datetime] = utc_now,
        check: bool = True,
        read_only: bool = False,
    ) -> HistoryStore:
        """Open (creating, migrating, repairing) and mark sessions of dead processes.

        A file that is not SQLite is always moved aside; `check` also runs SQLite's
        `quick_check`, which reads the whole file (about 50 ms at 50,000 sessions): do it
        before writing a session, skip it for a quick look. All of it happens under the lock
        beside the file, so no process renames a file another has just opened. A leftover WAL
        that belongs to another file (the history file was restored or replaced) is moved
        aside, never applied. `read_only` reads without writing anything (a read-only
        folder). Raises HistoryUnavailable with a one-sentence reason when nothing can be
        saved.
        """
        path = Path(path) if path is not None else paths.history_file()
        notices: list[str] = []
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise HistoryUnavailable(
                    f"cannot create the data directory {path.parent} ({exc.strerror or exc})"
                ) from None
        with exclusive(lock_path(path)) as lock:
            foreign = _wal_is_foreign(path, lock)
            if foreign and not read_only:
                moved = _set_aside(path, now(), "stale-wal", main=False)
                if moved is not None:
                    notices.append(
                        f"a leftover {path.name}-wal did not belong to the history file (was "
                        f"it restored or replaced?); it was moved to {moved}-wal and the "
                        "history file kept as it is"
                    )
                foreign = False
            if read_only:
                return cls._open_read_only(path, notices, now, ignore_wal=foreign)
            store = cls._open_writable(path, notices, now, check)
            store._note_identity(lock)
            return store

    @classmethod
    def _open_writable(
        cls, path: Path, notices: list[str], now: Callable[[], datetime], check: bool
    ) -> HistoryStore:
        if _read_only(path):
            raise HistoryUnavailable(
                f"cannot write the history file {path} (the folder {path.parent} or the file "
                "is read-only)"
            )
        damaged = not _looks_like_sqlite(path)
        if not damaged and check and path.exists():
            conn = cls._connect(path)
            try:
                damaged = not cls._healthy(conn, path)
            finally:
                conn.close()
        while True:
            moved = _set_aside(path, now(), "corrupt", main=True) if damaged else None
            if moved is not None:
                notices.append(
                    f"the history file was damaged; it was moved to {moved} and a new one started"
                )
            conn = cls._connect(path)
            try:
                cls._prepare(conn)
                migrate(conn)
                store = cls(conn, path, notices, now)
                store.recover_stale()
                return store
            except sqlite3.Error as exc:
                conn.close()
                # Damage met on the way in (no quick_check, or one that missed it): move the
                # file aside once. Busy, read-only, disk, constraint errors are not damage.
                if damaged or not is_damage(exc):
                    raise HistoryUnavailable(
                        f"cannot write the history file {path} ({describe(exc, path)})"
                    ) from None
                damaged = True
            except BaseException:
                conn.close()
                raise

    @classmethod
    def _open_read_only(
        cls, path: Path, notices: list[str], now: Callable[[], datetime], *, ignore_wal: bool
    ) -> HistoryStore:
        """Read without writing a byte: no migration, no marking of dead sessions. A WAL that
        does not belong to the file (and cannot be moved in a read-only folder) is ignored."""
        if ignore_wal:
            notices.append(
                f"a leftover {path.name}-wal does not belong to the history file (was it "
                "restored or replaced?); it was ignored"
            )
        # Without its -shm file (which a read-only folder may not hold) SQLite refuses
        # mode=ro on a WAL file; immutable reads the main file alone.
        modes = ("immutable=1",) if ignore_wal else ("mode=ro", "immutable=1")
        last: sqlite3.Error | None = None
        for mode in modes:
            try:
                conn = sqlite3.connect(
                    f"{path.absolute().as_uri()}?{mode}",
                    uri=True,
                    timeout=BUSY_TIMEOUT_SECONDS,
                    isolation_level=None,
                    check_same_thread=False,
                )
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            except sqlite3.Error as exc:
                last = exc
                continue
            if version != schema_version():
                conn.close()
                newer = "a newer" if version > schema_version() else "an older"
                raise HistoryUnavailable(
                    f"the history file {path} is from {newer} breathe (schema {version}) and "
                    "its folder is read-only, so it cannot be read here"
                )
            conn.execute("PRAGMA query_only = 1")
            return cls(conn, path, notices, now, read_only=True)
        assert last is not None
        raise HistoryUnavailable(f"cannot read the history file {path} ({describe(last, path)})")

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise HistoryUnavailable(
                f"cannot open the history file {path} ({describe(exc, path)})"
            ) from None
        return conn

    @staticmethod
    def _healthy(conn: sqlite3.Connection, path: Path) -> bool:
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.Error as exc:
            if is_damage(exc):
                return False
            # Busy, unreadable, out of memory: not proof of damage, so never moved aside.
            raise HistoryUnavailable(
                f"cannot read the history file {path} ({describe(exc, path)})"
            ) from None
        # A hand-edited value that breaks a CHECK or NOT NULL rule is an odd row, shown as
        # such when read; only a broken file is moved aside.
        return all(row[0] == "ok" or _CONSTRAINT_NOTE.match(str(row[0])) for row in rows)

    @staticmethod
    def _prepare(conn: sqlite3.Connection) -> None:
        # Switching a new file to WAL needs a lock that SQLite does not wait for (the busy
        # timeout is not applied here): two sessions starting at once would see "database is
        # locked" and one would go unsaved. Retry for as long as the busy timeout allows.
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"journal mode stayed {mode}")
        # FULL: each breath's commit reaches the disk; at one write per breath it costs nothing.
        conn.execute("PRAGMA synchronous = FULL")
        # Checkpoints are breathe's own (`_checkpoint`), taken under the lock and followed by
        # a note of the main file's identity: that is how a stale WAL is told from our own.
        conn.execute("PRAGMA wal_autocheckpoint = 0")

    # the main file's identity, beside it in the lock file

    def _note_identity(self, lock: int | None) -> None:
        if lock is not None and not self.read_only:
            _record_identity(lock, self.path)

    def _wrote(self) -> None:
        """After each write: every CHECKPOINT_EVERY writes, move the WAL into the main file
        (under the lock, noting the main file's new identity)."""
        self._writes += 1
        if self._writes % CHECKPOINT_EVERY == 0 and not self.conn.in_transaction:
            self.checkpoint()

    def reserve(self) -> None:
        """Set room aside while there is some: the WAL's space (Linux), after a checkpoint
        that moves the new file's tables into it, and a spare file beside the store, given
        up the moment a write meets a full disk so the session's end still fits."""
        if self.read_only:
            return
        self.checkpoint()
        with contextlib.suppress(OSError):
            _allocate(self.path.with_name(self.path.name + "-wal"), RESERVE_WAL_BYTES)
        spare = self._spare
        if not spare.exists():
            with contextlib.suppress(OSError):
                _allocate(spare, SPARE_BYTES, create=True)

    @property
    def _spare(self) -> Path:
        return self.path.with_name(self.path.name + ".spare")

    def _give_up_spare(self) -> bool:
        """Delete the spare file (a full disk); True if there was one to free."""
        try:
            self._spare.unlink()
        except OSError:
            return False
        return True

    def checkpoint(self) -> None:
        with exclusive(lock_path(self.path)) as lock:
            try:
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error:
                pass  # busy or a full disk: the rows are safe in the WAL; next time
            finally:
                self._note_identity(lock)

    def now(self) -> datetime:
        return self._now()

    def close(self) -> None:
        # A last try for updates a full disk refused (space may have come back since).
        for attempt in range(CLOSE_RETRIES):
            try:
                self._write_pending()
                break
            except sqlite3.Error:
                if attempt + 1 < CLOSE_RETRIES:
                    time.sleep(0.1)
        if self.read_only:
            self.conn.close()
            return
        # The last connection to close checkpoints the WAL into the main file: note the
        # main file as it is then, under the lock.
        with exclusive(lock_path(self.path)) as lock:
            self.conn.close()
            self._note_identity(lock)

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # recovery

    def recover_stale(self) -> int:
        """Mark `running` rows of this host whose process is gone as `interrupted`."""
        rows = self.conn.execute(
            "SELECT id, pid, process_token FROM sessions WHERE status = 'running' AND host = ?",
            (self.host,),
        ).fetchall()
        dead = [
            (sid,) for sid, pid, token in rows if pid is None or not process_alive(int(pid), token)
        ]
        if dead:
            self.conn.executemany(
                "UPDATE sessions SET status = 'interrupted', ended_at = updated_at "
                "WHERE id = ? AND status = 'running'",
                dead,
            )
        return len(dead)

    # writing: each call is one statement, so one short transaction

    def _start_row(self, start: SessionStart) -> dict[str, object]:
        """The columns of a new row, as the session begins in this process."""
        return {
            "started_at": iso(start.started_at),
            "updated_at": iso(start.started_at),
            "local_date": local_day(start.started_at),
            "exercise_id": start.exercise_id,
            "exercise_name": start.exercise_name,
            "routine": start.routine,
            "pattern": start.pattern,
            "exhale": start.exhale,
            "planned": start.planned,
            "status": "running",
            "tension_before": checked_tension(start.tension_before),
            "note": start.note,
            "version": __version__,
            "pid": self.pid,
            "host": self.host,
            "process_token": self._token,
        }

    def _insert(self, row: dict[str, object]) -> int:
        columns = ", ".join(row)
        marks = ", ".join("?" * len(row))
        cur = self.conn.execute(
            f"INSERT INTO sessions ({columns}) VALUES ({marks})", tuple(row.values())
        )
        assert cur.lastrowid is not None
        self._wrote()
        return int(cur.lastrowid)

    def start(self, start: SessionStart) -> int:
        """Insert the row of a session that is beginning now; returns its id."""
        return self._insert(self._start_row(start))

    def _update(self, key: tuple[str, int], sql: str, params: tuple[object, ...]) -> None:
        """One row update; should it fail (a full disk, a lock), it is kept and tried again
        before the next write and at close, so the last state still lands when space returns.
        The latest update of a kind wins; a session's end replaces its breath counts."""
        if key[0] == "finish":
            self._pending.pop(("breaths", key[1]), None)
        self._pending.pop(key, None)
        self._pending[key] = (sql, params)
        try:
            self._write_pending()
        except sqlite3.Error as exc:
            if "full" not in describe(exc, self.path) or not self._give_up_spare():
                raise
            self._write_pending()  # with the spare file's room

    def _write_pending(self) -> None:
        """Raises the first failure; what failed stays pending."""
        for key, (sql, params) in list(self._pending.items()):
            self.conn.execute(sql, params)
            self._pending.pop(key, None)
            self._wrote()

    @property
    def unsaved(self) -> int:
        """Updates still waiting to be written (a full disk)."""
        return len(self._pending)

    def update_breaths(self, id: int, breaths: int, active_s: float, paused_s: float) -> None:
        self._update(
            ("breaths", id),
            "UPDATE sessions SET breaths = ?, active_s = ?, paused_s = ?, updated_at = ? "
            "WHERE id = ? AND status = 'running'",
            (breaths, round(active_s, 3), round(paused_s, 3), iso(self._now()), id),
        )

    def finish(self, id: int, end: SessionEnd) -> None:
        if end.status not in FINAL_STATUSES:
            raise ValueError(f"not a final status: {end.status!r}")
        self._update(
            ("finish", id),
            "UPDATE sessions SET status = ?, ended_at = ?, updated_at = ?, breaths = ?, "
            "active_s = ?, paused_s = ?, tension_after = COALESCE(?, tension_after), "
            "note = COALESCE(?, note) WHERE id = ?",
            (
                end.status,
                iso(end.ended_at),
                iso(end.ended_at),
                end.breaths,
                round(end.active_s, 3),
                round(end.paused_s, 3),
                checked_tension(end.tension_after),
                end.note,
                id,
            ),
        )

    def set_tension_after(self, id: int, tension: int | None) -> None:
        self._update(
            ("tension_after", id),
            "UPDATE sessions SET tension_after = ? WHERE id = ?",
            (checked_tension(tension), id),
        )

    def set_tension_before(self, id: int, tension: int | None) -> None:
        self._update(
            ("tension_before", id),
            "UPDATE sessions SET tension_before = ? WHERE id = ?",
            (checked_tension(tension), id),
        )

    def record(self, start: SessionStart, end: SessionEnd) -> int:
        """A whole session at once (imports, tests, benchmarks)."""
        return self.record_many([(start, end)])[0]

    def record_many(self, sessions: Iterable[tuple[SessionStart, SessionEnd]]) -> list[int]:
        """Many finished sessions in one transaction; no process owns them."""
        ids: list[int] = []
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for start, end in sessions:
                if end.status not in FINAL_STATUSES:
                    raise ValueError(f"not a final status: {end.status!r}")
                row = self._start_row(start) | {
                    "ended_at": iso(end.ended_at),
                    "updated_at": iso(end.ended_at),
                    "breaths": end.breaths,
                    "active_s": round(end.active_s, 3),
                    "paused_s": round(end.paused_s, 3),
                    "status": end.status,
                    "tension_after": checked_tension(end.tension_after),
                    "pid": None,
                    "host": None,
                    "process_token": None,
                }
                ids.append(self._insert(row))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.checkpoint()
        return ids

    # reading

    def get(self, id: int) -> SessionRecord | None:
        row = self.conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM sessions WHERE id = ?", (id,)
        ).fetchone()
        return _record(row) if row else None

    def odd_rows(self) -> list[int]:
        """Ids of rows with values of the wrong kind (hand-edited, another version): one quick
        scan, so a view can say so once before showing them as bad rows."""
        rows = self.conn.execute(
            "SELECT id FROM sessions WHERE typeof(breaths) != 'integer' "
            "OR typeof(active_s) NOT IN ('real', 'integer') "
            "OR typeof(paused_s) NOT IN ('real', 'integer') "
            "OR status NOT IN ('running', 'completed', 'ended_early', 'interrupted') "
            "OR typeof(started_at) != 'text' OR typeof(exercise_id) != 'text' "
            "OR NOT (tension_before IS NULL OR tension_before BETWEEN 0 AND 10) "
            "OR NOT (tension_after IS NULL OR tension_after BETWEEN 0 AND 10) "
            "ORDER BY id LIMIT 100"
        ).fetchall()
        return [int(r[0]) for r in rows]

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def sessions(self, limit: int | None = None) -> list[SessionRecord]:
        """Newest first."""
        return list(self.iter_sessions(limit))

    def iter_sessions(self, limit: int | None = None) -> Iterator[SessionRecord]:
        """Newest first, streamed (exports do not hold every row at once)."""
        cur = self.conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        )
        for row in cur:
            yield _record(row)

    def exercise_names(self) -> dict[str, str]:
        """Display name per exercise id (the latest name wins when a name changed)."""
        # With max(id), SQLite takes exercise_name from that row.
        rows = self.conn.execute(
            "SELECT exercise_id, exercise_name, max(id) FROM sessions GROUP BY exercise_id"
        ).fetchall()
        return {str(ex): str(name) for ex, name, _ in rows}

    def totals(self, today: date | None = None) -> Totals:
        today = today or date.today()
        monday = today - timedelta(days=today.weekday())
        row = self.conn.execute(
            "SELECT count(*), coalesce(sum(active_s), 0) FROM sessions"
        ).fetchone()
        week = self.conn.execute(
            "SELECT count(*), coalesce(sum(active_s), 0) FROM sessions WHERE local_date >= ?",
            (monday.isoformat(),),
        ).fetchone()
        return Totals(
            sessions_week=int(week[0]),
            minutes_week=_minutes(week[1]),
            sessions_all=int(row[0]),
            minutes_all=_minutes(row[1]),
        )

    def practice_days(self) -> list[date]:
        """Local days with at least one completed breath, oldest first."""
        rows = self.conn.execute(
            "SELECT DISTINCT local_date FROM sessions WHERE breaths > 0 ORDER BY local_date"
        ).fetchall()
        days: list[date] = []
        for (text,) in rows:
            with contextlib.suppress(TypeError, ValueError):  # a hand-edited row
                days.append(date.fromisoformat(text))
        return days

    def streaks(self, today: date | None = None) -> Streaks:
        return streaks_of(self.practice_days(), today or date.today())

    def minutes_per_day(
        self, today: date | None = None, days: int = 30
    ) -> list[tuple[date, float]]:
        """Active minutes on each of the last `days` local days, oldest first, zeros included."""
        today = today or date.today()
        first = today - timedelta(days=days - 1)
        rows = self.conn.execute(
            "SELECT local_date, sum(active_s) FROM sessions "
            "WHERE local_date BETWEEN ? AND ? GROUP BY local_date",
            (first.isoformat(), today.isoformat()),
        ).fetchall()
        by_day = {r[0]: _minutes(r[1]) for r in rows}
        return [
            (day, by_day.get(day.isoformat(), 0.0))
            for day in (first + timedelta(days=i) for i in range(days))
        ]

    def minutes_per_exercise(self) -> list[ExerciseMinutes]:
        """Most practised first."""
        # With max(id), SQLite takes exercise_name from that row: the latest name.
        rows = self.conn.execute(
            "SELECT exercise_id, exercise_name, count(*), sum(active_s), max(id) FROM sessions "
            "GROUP BY exercise_id ORDER BY sum(active_s) DESC, exercise_id"
        ).fetchall()
        return [ExerciseMinutes(str(r[0]), str(r[1]), int(r[2]), _minutes(r[3])) for r in rows]

    def tension_trend(self, limit: int = 30) -> TensionTrend:
        rows = self.conn.execute(
            "SELECT started_at, tension_before, tension_after FROM sessions "
            "WHERE tension_before IS NOT NULL OR tension_after IS NOT NULL "
            "ORDER BY started_at DESC, id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return TensionTrend(
            tuple(
                TensionPoint(str(r[0]), _tension_or_none(r[1]), _tension_or_none(r[2]))
                for r in reversed(rows)
            )
        )

    def summary(self, today: date | None = None, recent: int = 200) -> HistorySummary:
        """One read of everything the history screen shows."""
        today = today or date.today()
        per_exercise = self.minutes_per_exercise()
        days = self.practice_days()
        return HistorySummary(
            today=today,
            recent=tuple(self.sessions(recent)),
            names={e.exercise: e.name for e in per_exercise},
            totals=self.totals(today),
            streaks=streaks_of(days, today),
            minutes_per_day=tuple(self.minutes_per_day(today)),
            per_exercise=tuple(per_exercise),
            tension=self.tension_trend(),
            practice_days=frozenset(days),
        )
