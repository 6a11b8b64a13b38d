"""The session store: one SQLite file, written as a session runs, read by the history views.

Crash safety comes from writing early and often: a row is inserted when a session starts and
updated after every completed breath, each write its own short transaction in WAL mode. A row
left `running` by a process that is gone is marked `interrupted` the next time the store opens.
Plain Python (stdlib sqlite3), no Textual: the screens and commands are thin readers.
Here: opening, repair, checkpoints and the spare file; the reads are `queries.StoredSessions`,
the writes `writing.SessionWrites`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from breathe.core.session import utc_now
from breathe.history.liveness import process_alive, process_token
from breathe.history.queries import StoredSessions
from breathe.history.records import (
    HistoryUnavailable,
)
from breathe.history.schema import migrate, schema_version
from breathe.history.storefile import (
    BUSY_TIMEOUT_SECONDS,
    CHECKPOINT_EVERY,
    CLOSE_RETRIES,
    CONSTRAINT_NOTE,
    RESERVE_WAL_BYTES,
    SPARE_BYTES,
    allocate,
    cannot_write,
    describe,
    hold,
    is_damage,
    lock_path,
    looks_like_sqlite,
    open_read_only,
    record_identity,
    release,
    set_aside,
    wal_is_foreign,
)
from breathe.history.writing import SessionWrites
from breathe.system import paths
from breathe.system.filelock import exclusive


class HistoryStore(SessionWrites, StoredSessions):
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
        self.spare_given_up = False  # to open on a full disk: `reserve` leaves it given up
        self._fd: int | None = None
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
        _refuse_non_regular(path)
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise HistoryUnavailable(
                    f"cannot create the data directory {path.parent} ({exc.strerror or exc})"
                ) from None
        with exclusive(lock_path(path)) as lock:
            foreign = wal_is_foreign(path, lock)
            if foreign and not read_only:
                moved = set_aside(path, now(), "stale-wal", main=False)
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
        """A disk already full as the store opens (its check, the -shm, the WAL) is what the
        spare file is for: given up, and opening tried once more, so the session's start,
        breaths and end still fit."""
        try:
            return cls._open_writable_once(path, notices, now, check)
        except HistoryUnavailable as exc:
            if "(the disk is full" not in str(exc) or not _give_up_spare(path):
                raise
        store = cls._open_writable_once(path, notices, now, check)
        store.spare_given_up = True
        return store

    @classmethod
    def _open_writable_once(
        cls, path: Path, notices: list[str], now: Callable[[], datetime], check: bool
    ) -> HistoryStore:
        if cannot_write(path):
            raise HistoryUnavailable(
                f"cannot write the history file {path} (the folder {path.parent} or the file "
                "is read-only)"
            )
        damaged = not looks_like_sqlite(path)
        if not damaged and check and path.exists():
            conn = cls._connect(path)
            try:
                damaged = not cls._healthy(conn, path)
            finally:
                conn.close()
        while True:
            moved = set_aside(path, now(), "corrupt", main=True) if damaged else None
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
                conn = open_read_only(path, mode, same_thread=False)
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
            # A full disk is a write problem (SQLite's index of the WAL has no room).
            why = describe(exc, path)
            verb = "write" if why.startswith("the disk is full") else "read"
            raise HistoryUnavailable(f"cannot {verb} the history file {path} ({why})") from None
        # A hand-edited value that breaks a CHECK or NOT NULL rule is an odd row, shown as
        # such when read; only a broken file is moved aside.
        return all(row[0] == "ok" or CONSTRAINT_NOTE.match(str(row[0])) for row in rows)

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
            record_identity(lock, self.path, self._file())

    def _file(self) -> int | None:
        """The main file, held open for its digest until the connection is closed (see
        `content_digest`); None when it cannot be opened (then no digest is noted)."""
        if self._fd is None:
            self._fd = hold(self.path)
        return self._fd

    def _wrote(self, count: int = 1) -> None:
        """After each write: every CHECKPOINT_EVERY writes, move the WAL into the main file
        (under the lock, noting the main file's new identity)."""
        before = self._writes
        self._writes += count
        crossed = self._writes // CHECKPOINT_EVERY > before // CHECKPOINT_EVERY
        if crossed and not self.conn.in_transaction:
            self.checkpoint()

    def reserve(self) -> bool:
        """Set room aside while there is some: the WAL's space (Linux), after a checkpoint
        that moves the new file's tables into it, and a spare file beside the store, given
        up the moment a write meets a full disk so the session's end still fits. False when
        no spare file could be made (the disk is already nearly full): the session may not
        fit, and the user is told before it begins."""
        if self.read_only:
            return True
        self.checkpoint()
        with contextlib.suppress(OSError):
            allocate(self.path.with_name(self.path.name + "-wal"), RESERVE_WAL_BYTES)
        spare = self._spare
        if not spare.exists() and not self.spare_given_up:  # not made again to be given up
            with contextlib.suppress(OSError):
                allocate(spare, SPARE_BYTES, create=True)
        return spare.exists()

    @property
    def _spare(self) -> Path:
        return self.path.with_name(self.path.name + ".spare")

    def _give_up_spare(self) -> bool:
        return _give_up_spare(self.path)

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

    def _second_reader(self) -> Path | None:
        # A read-only store may have been opened `immutable`, blind to its WAL: no second one.
        return None if self.read_only else self.path

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
        if self._fd is not None:  # only now: see `content_digest`
            self._fd = None
            release(self.path)

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


def _refuse_non_regular(path: Path) -> None:
    """A history that is a link to /dev/null, a FIFO or a folder is named as what it is, for a
    read and a write alike (SQLite would call it a disk I/O error)."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return  # not there yet (it is made), or a broken link: opening says what is wrong
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise HistoryUnavailable(
            f"the history file {path} is {kind}; move it away and breathe starts a new one"
        )


def _give_up_spare(path: Path) -> bool:
    """Delete the history file's spare file (a full disk); True if there was one to free."""
    try:
        path.with_name(path.name + ".spare").unlink()
    except OSError:
        return False
    return True
