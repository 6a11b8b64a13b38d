"""The session store: one SQLite file, written as a session runs, read by the history views.

Crash safety comes from writing early and often: a row is inserted when a session starts and
updated after every completed breath, each write its own short transaction in WAL mode. A row
left `running` by a process that is gone is marked `interrupted` the next time the store opens.
Plain Python (stdlib sqlite3), no Textual: the screens and commands are thin readers.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from breathe import __version__
from breathe.system import paths

if TYPE_CHECKING:
    from breathe.core.engine import Segment, State
    from breathe.core.plan import SessionPlan
    from breathe.core.session import SessionResult, SessionRun

RowStatus = Literal["running", "completed", "ended_early", "interrupted"]
FINAL_STATUSES = ("completed", "ended_early", "interrupted")
BUSY_TIMEOUT_SECONDS = 5.0


class HistoryUnavailable(Exception):
    """The store cannot be used (unwritable place, newer schema): one sentence for the user."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """UTC, ISO 8601, whole seconds: sorts as text, reads as a date."""
    if moment.tzinfo is None:
        raise ValueError("history times must be timezone-aware")
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def local_day(moment: datetime) -> str:
    """The calendar date the user lived the moment on (this machine's zone), for streaks."""
    return moment.astimezone().date().isoformat()


# --- values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRecord:
    """One session as exported; the field names are the JSON keys and CSV header.

    `exercise` is the exercise id (for a routine, its exercises' ids joined with `+`); the
    display name is kept in the store too (`HistoryStore.exercise_names`).
    """

    id: int
    started_at: str
    ended_at: str | None
    exercise: str
    routine: str | None
    pattern: str
    exhale: str
    planned: str
    breaths: int
    active_s: float
    paused_s: float
    status: str
    tension_before: int | None
    tension_after: int | None
    note: str
    version: str

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SessionRecord))


@dataclass(frozen=True)
class SessionStart:
    """What is known when a session begins."""

    started_at: datetime
    exercise_id: str
    exercise_name: str
    pattern: str
    exhale: str
    planned: str
    routine: str | None = None
    tension_before: int | None = None
    note: str = ""

    @classmethod
    def from_plan(
        cls, plan: SessionPlan, started_at: datetime, tension_before: int | None = None
    ) -> SessionStart:
        exercises = list(dict.fromkeys(plan.exercises))
        if plan.routine is None:
            ex_id, ex_name = plan.id, plan.name
        else:
            ex_id = "+".join(e.id for e in exercises)
            ex_name = " + ".join(e.name for e in exercises)
        return cls(
            started_at=started_at,
            exercise_id=ex_id,
            exercise_name=ex_name,
            routine=plan.routine.id if plan.routine else None,
            pattern=plan.pattern_text,
            exhale=plan.exhale.value,
            planned=plan.planned,
            tension_before=tension_before,
        )


@dataclass(frozen=True)
class SessionEnd:
    status: str
    ended_at: datetime
    breaths: int
    active_s: float
    paused_s: float = 0.0
    tension_after: int | None = None
    note: str | None = None  # None keeps what is there


@dataclass(frozen=True)
class Totals:
    sessions_week: int
    minutes_week: float
    sessions_all: int
    minutes_all: float


@dataclass(frozen=True)
class Streaks:
    """Runs of consecutive local days with at least one breath; today unpractised keeps it."""

    current: int
    longest: int


@dataclass(frozen=True)
class ExerciseMinutes:
    exercise: str
    name: str
    sessions: int
    minutes: float


@dataclass(frozen=True)
class TensionPoint:
    started_at: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class TensionTrend:
    """The most recent rated sessions, oldest first, and their averages."""

    points: tuple[TensionPoint, ...]

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return [
            (p.before, p.after) for p in self.points if p.before is not None and p.after is not None
        ]

    @property
    def average_before(self) -> float | None:
        values = [p.before for p in self.points if p.before is not None]
        return sum(values) / len(values) if values else None

    @property
    def average_after(self) -> float | None:
        values = [p.after for p in self.points if p.after is not None]
        return sum(values) / len(values) if values else None

    @property
    def average_drop(self) -> float | None:
        """Mean of (before - after) over sessions rated both times; positive means calmer."""
        pairs = self.pairs
        return sum(b - a for b, a in pairs) / len(pairs) if pairs else None


@dataclass(frozen=True)
class HistorySummary:
    """Everything the history screen shows, loaded in one go."""

    today: date
    recent: tuple[SessionRecord, ...]
    names: dict[str, str]
    totals: Totals
    streaks: Streaks
    minutes_per_day: tuple[tuple[date, float], ...]
    per_exercise: tuple[ExerciseMinutes, ...]
    tension: TensionTrend

    def name_of(self, exercise: str) -> str:
        return self.names.get(exercise, exercise)


# --- schema and migrations ---------------------------------------------------------------


def _migrate_to_v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE sessions (
            id             INTEGER PRIMARY KEY,
            started_at     TEXT NOT NULL,
            ended_at       TEXT,
            updated_at     TEXT NOT NULL,
            local_date     TEXT NOT NULL,
            exercise_id    TEXT NOT NULL,
            exercise_name  TEXT NOT NULL,
            routine        TEXT,
            pattern        TEXT NOT NULL,
            exhale         TEXT NOT NULL,
            planned        TEXT NOT NULL,
            breaths        INTEGER NOT NULL DEFAULT 0,
            active_s       REAL NOT NULL DEFAULT 0,
            paused_s       REAL NOT NULL DEFAULT 0,
            status         TEXT NOT NULL
                CHECK (status IN ('running', 'completed', 'ended_early', 'interrupted')),
            tension_before INTEGER CHECK (tension_before BETWEEN 0 AND 10),
            tension_after  INTEGER CHECK (tension_after BETWEEN 0 AND 10),
            note           TEXT NOT NULL DEFAULT '',
            version        TEXT NOT NULL,
            pid            INTEGER,
            host           TEXT,
            process_token  TEXT
        )
        """
    )
    conn.execute("CREATE INDEX sessions_by_start ON sessions (started_at)")
    conn.execute("CREATE INDEX sessions_by_day ON sessions (local_date, active_s, breaths)")
    conn.execute(
        "CREATE INDEX sessions_by_exercise ON sessions (exercise_id, exercise_name, active_s)"
    )
    conn.execute("CREATE INDEX sessions_running ON sessions (status) WHERE status = 'running'")


# Migration i takes a file from schema version i to i + 1; version 0 is an empty file.
# A future schema adds one function here (and never edits an earlier one).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_to_v1]


def schema_version() -> int:
    return len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file up to the current schema, one version per short transaction."""
    target = schema_version()
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current > target:
                raise HistoryUnavailable(
                    f"the history file is from a newer breathe (schema {current}, this one "
                    f"knows {target}); upgrade breathe to read it"
                )
            if current == target:
                conn.execute("COMMIT")
                return current
            MIGRATIONS[current](conn)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


# --- processes ---------------------------------------------------------------------------


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """(state, start time in ticks since boot) from /proc, or None where there is no /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = text[text.rfind(")") + 2 :].split()
    return (rest[0], rest[19]) if len(rest) > 19 else None


def process_token(pid: int) -> str | None:
    """Names one process across pid reuse and reboots (Linux); None elsewhere."""
    stat = _proc_stat(pid)
    boot = _boot_id()
    return f"{boot}:{stat[1]}" if stat and boot else None


def process_alive(pid: int, token: str | None) -> bool:
    if sys.platform == "win32":  # no cheap, safe probe; never mark a session as dead there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    except OSError:
        return False
    stat = _proc_stat(pid)
    if stat is not None and stat[0] in ("Z", "X"):
        return False
    if token is not None:
        current = process_token(pid)
        if current is not None and current != token:
            return False  # the pid now belongs to another process
    return True


# --- the store ---------------------------------------------------------------------------


def _record(row: Sequence[Any]) -> SessionRecord:
    return SessionRecord(*row)


_RECORD_COLUMNS = (
    "id, started_at, ended_at, exercise_id, routine, pattern, exhale, planned, breaths, "
    "active_s, paused_s, status, tension_before, tension_after, note, version"
)


SQLITE_HEADER = b"SQLite format 3\x00"
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


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


def corrupt_name(path: Path, moment: datetime) -> Path:
    stamp = moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    return candidate


class HistoryStore:
    """Open with `HistoryStore.open()`; `notices` holds what the user should be told."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        notices: list[str],
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.conn = conn
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
    ) -> HistoryStore:
        """Open (creating, migrating, repairing) and mark sessions of dead processes.

        A file that is not SQLite is always moved aside; `check` also runs SQLite's
        `quick_check`, which reads the whole file (about 50 ms at 50,000 sessions): do it
        before writing a session, skip it for a quick look. Raises HistoryUnavailable with a
        one-sentence reason when nothing can be saved.
        """
        path = Path(path) if path is not None else paths.history_file()
        notices: list[str] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryUnavailable(
                f"cannot create the data directory {path.parent} ({exc.strerror or exc})"
            ) from None
        damaged = not _looks_like_sqlite(path)
        if not damaged and check:
            conn = cls._connect(path)
            try:
                damaged = not cls._healthy(conn)
            finally:
                conn.close()
        while True:
            moved = cls._move_aside(path, now()) if damaged else None
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
                        f"cannot write the history file {path} ({exc})"
                    ) from None
                damaged = True
            except BaseException:
                conn.close()
                raise

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise HistoryUnavailable(f"cannot open the history file {path} ({exc})") from None
        return conn

    @staticmethod
    def _healthy(conn: sqlite3.Connection) -> bool:
        try:
            row = conn.execute("PRAGMA quick_check").fetchone()
        except sqlite3.Error as exc:
            if is_damage(exc):
                return False
            # Busy, unreadable, out of memory: not proof of damage, so never moved aside.
            raise HistoryUnavailable(f"cannot read the history file ({exc})") from None
        return row is not None and row[0] == "ok"

    @staticmethod
    def _move_aside(path: Path, moment: datetime) -> Path | None:
        """Rename the damaged file (and its WAL and shared-memory files) beside it."""
        target = corrupt_name(path, moment)
        try:
            os.replace(path, target)
        except FileNotFoundError:
            return None  # another breathe moved it a moment ago
        except OSError as exc:
            raise HistoryUnavailable(
                f"the history file {path} is damaged and could not be moved aside "
                f"({exc.strerror or exc})"
            ) from None
        for suffix in ("-wal", "-shm", "-journal"):
            side = path.with_name(path.name + suffix)
            # Missing, or moved by another breathe: either way nothing is lost.
            with contextlib.suppress(FileNotFoundError):
                os.replace(side, target.with_name(target.name + suffix))
        return target

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

    def now(self) -> datetime:
        return self._now()

    def close(self) -> None:
        self.conn.close()

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

    def start(self, start: SessionStart) -> int:
        """Insert the row of a session that is beginning now; returns its id."""
        cur = self.conn.execute(
            "INSERT INTO sessions (started_at, updated_at, local_date, exercise_id, "
            "exercise_name, routine, pattern, exhale, planned, status, tension_before, note, "
            "version, pid, host, process_token) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)",
            (
                iso(start.started_at),
                iso(start.started_at),
                local_day(start.started_at),
                start.exercise_id,
                start.exercise_name,
                start.routine,
                start.pattern,
                start.exhale,
                start.planned,
                _tension(start.tension_before),
                start.note,
                __version__,
                self.pid,
                self.host,
                self._token,
            ),
        )
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    def update_breaths(self, id: int, breaths: int, active_s: float, paused_s: float) -> None:
        self.conn.execute(
            "UPDATE sessions SET breaths = ?, active_s = ?, paused_s = ?, updated_at = ? "
            "WHERE id = ? AND status = 'running'",
            (breaths, round(active_s, 3), round(paused_s, 3), iso(self._now()), id),
        )

    def finish(self, id: int, end: SessionEnd) -> None:
        if end.status not in FINAL_STATUSES:
            raise ValueError(f"not a final status: {end.status!r}")
        self.conn.execute(
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
                _tension(end.tension_after),
                end.note,
                id,
            ),
        )

    def set_tension_after(self, id: int, tension: int | None) -> None:
        self.conn.execute(
            "UPDATE sessions SET tension_after = ? WHERE id = ?", (_tension(tension), id)
        )

    def set_tension_before(self, id: int, tension: int | None) -> None:
        self.conn.execute(
            "UPDATE sessions SET tension_before = ? WHERE id = ?", (_tension(tension), id)
        )

    def set_note(self, id: int, note: str) -> None:
        self.conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (note, id))

    def record(self, start: SessionStart, end: SessionEnd) -> int:
        """A whole session at once (imports, tests, benchmarks)."""
        return self.record_many([(start, end)])[0]

    def record_many(self, sessions: Iterable[tuple[SessionStart, SessionEnd]]) -> list[int]:
        """Many finished sessions in one transaction."""
        ids: list[int] = []
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for start, end in sessions:
                if end.status not in FINAL_STATUSES:
                    raise ValueError(f"not a final status: {end.status!r}")
                cur = self.conn.execute(
                    "INSERT INTO sessions (started_at, ended_at, updated_at, local_date, "
                    "exercise_id, exercise_name, routine, pattern, exhale, planned, breaths, "
                    "active_s, paused_s, status, tension_before, tension_after, note, version) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        iso(start.started_at),
                        iso(end.ended_at),
                        iso(end.ended_at),
                        local_day(start.started_at),
                        start.exercise_id,
                        start.exercise_name,
                        start.routine,
                        start.pattern,
                        start.exhale,
                        start.planned,
                        end.breaths,
                        round(end.active_s, 3),
                        round(end.paused_s, 3),
                        end.status,
                        _tension(start.tension_before),
                        _tension(end.tension_after),
                        start.note,
                        __version__,
                    ),
                )
                assert cur.lastrowid is not None
                ids.append(int(cur.lastrowid))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return ids

    # reading

    def get(self, id: int) -> SessionRecord | None:
        row = self.conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM sessions WHERE id = ?", (id,)
        ).fetchone()
        return _record(row) if row else None

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
        return {ex: name for ex, name, _ in rows}

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
            minutes_week=float(week[1]) / 60,
            sessions_all=int(row[0]),
            minutes_all=float(row[1]) / 60,
        )

    def practice_days(self) -> list[date]:
        """Local days with at least one completed breath, oldest first."""
        rows = self.conn.execute(
            "SELECT DISTINCT local_date FROM sessions WHERE breaths > 0 ORDER BY local_date"
        ).fetchall()
        return [date.fromisoformat(r[0]) for r in rows]

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
        by_day = {r[0]: float(r[1]) / 60 for r in rows}
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
        return [ExerciseMinutes(r[0], r[1], int(r[2]), float(r[3]) / 60) for r in rows]

    def tension_trend(self, limit: int = 30) -> TensionTrend:
        rows = self.conn.execute(
            "SELECT started_at, tension_before, tension_after FROM sessions "
            "WHERE tension_before IS NOT NULL OR tension_after IS NOT NULL "
            "ORDER BY started_at DESC, id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return TensionTrend(tuple(TensionPoint(*r) for r in reversed(rows)))

    def summary(self, today: date | None = None, recent: int = 200) -> HistorySummary:
        """One read of everything the history screen shows."""
        today = today or date.today()
        per_exercise = self.minutes_per_exercise()
        return HistorySummary(
            today=today,
            recent=tuple(self.sessions(recent)),
            names={e.exercise: e.name for e in per_exercise},
            totals=self.totals(today),
            streaks=self.streaks(today),
            minutes_per_day=tuple(self.minutes_per_day(today)),
            per_exercise=tuple(per_exercise),
            tension=self.tension_trend(),
        )


def _tension(value: int | None) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= 10:
        raise ValueError(f"tension must be 0 to 10, not {value}")
    return int(value)


def streaks_of(days: Sequence[date], today: date) -> Streaks:
    """Current streak ends today, or yesterday while today is still open; days sorted."""
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if previous is not None and today - previous <= timedelta(days=1) and previous <= today:
        current = run
    return Streaks(current=current, longest=longest)


# --- recording a running session ---------------------------------------------------------


class HistoryRecorder:
    """A SessionListener that saves the session: row at start, update per breath, final status.

    A failing write never stops the session: the first failure is passed to `warn` (once),
    and later breaths try again (a lock may clear).
    """

    def __init__(
        self,
        store: HistoryStore,
        *,
        tension_before: int | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.tension_before = _tension(tension_before)
        self.session_id: int | None = None
        self._warn = warn
        self._warned = False

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except sqlite3.Error as exc:
            if not self._warned and self._warn is not None:
                self._warned = True
                self._warn(f"could not save to the history file {self.store.path} ({exc})")

    def begin(self, run: SessionRun) -> None:
        """Insert the row (idempotent); called on the first segment, or by a front end earlier."""
        if self.session_id is not None:
            return
        started = run.started_at or self.store.now()
        start = SessionStart.from_plan(run.plan, started, self.tension_before)

        def insert() -> None:
            self.session_id = self.store.start(start)

        self._guard(insert)

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        self.begin(run)

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        self.begin(run)
        sid = self.session_id
        if sid is None:
            return
        active = min(run.clock.elapsed(), float(run.schedule.total))
        paused = run.clock.paused_seconds()
        self._guard(lambda: self.store.update_breaths(sid, breaths, active, paused))

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self.begin(run)
        sid = self.session_id
        if sid is None:
            return
        end = SessionEnd(
            status=result.status,
            ended_at=result.ended_at,
            breaths=result.breaths,
            active_s=result.active_seconds,
            paused_s=result.paused_seconds,
            note=result.detail or None,
        )
        self._guard(lambda: self.store.finish(sid, end))


# --- display -----------------------------------------------------------------------------

TABLE_HEADINGS = ("ID", "DATE", "EXERCISE", "EXHALE", "TIME", "BREATHS", "STATUS", "TENSION")


def local_time_text(iso_text: str) -> str:
    """`2026-11-26 07:30` in this machine's zone."""
    return datetime.fromisoformat(iso_text).astimezone().strftime("%Y-%m-%d %H:%M")


def tension_text(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return ""
    return f"{'-' if before is None else before} -> {'-' if after is None else after}"


def status_text(status: str) -> str:
    return status.replace("_", " ")


def display_row(record: SessionRecord, name: str) -> tuple[str, ...]:
    """One session as the table cells under TABLE_HEADINGS."""
    from breathe.core.engine import format_clock

    return (
        str(record.id),
        local_time_text(record.started_at),
        name,
        record.exhale,
        format_clock(record.active_s),
        str(record.breaths),
        status_text(record.status),
        tension_text(record.tension_before, record.tension_after),
    )


def minutes_text(minutes: float) -> str:
    """`2.5 min` under ten minutes, `1,024 min` above, `0 min` for none."""
    if minutes <= 0:
        return "0 min"
    return f"{minutes:.1f} min" if minutes < 10 else f"{minutes:,.0f} min"


def count_text(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"
