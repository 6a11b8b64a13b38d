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
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from breathe import __version__
from breathe.core.goal import GoalProgress, WeekFigures, WeeklyGoal, goal_progress, monday_of
from breathe.core.pace import checked_felt
from breathe.core.progression import Outcome
from breathe.core.session import utc_now
from breathe.history.insights import Insight, order
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
from breathe.history.schema import migrate
from breathe.system import paths

BUSY_TIMEOUT_SECONDS = 5.0


def _record(row: Sequence[Any]) -> SessionRecord:
    return SessionRecord(*row)


_RECORD_COLUMNS = (
    "id, started_at, ended_at, exercise_id, routine, pattern, exhale, planned, breaths, "
    "active_s, paused_s, status, tension_before, tension_after, note, version, uid, felt"
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
        return int(cur.lastrowid)

    def start(self, start: SessionStart) -> int:
        """Insert the row of a session that is beginning now; returns its id."""
        return self._insert(self._start_row(start))

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
            "note = COALESCE(?, note), felt = COALESCE(?, felt) WHERE id = ?",
            (
                end.status,
                iso(end.ended_at),
                iso(end.ended_at),
                end.breaths,
                round(end.active_s, 3),
                round(end.paused_s, 3),
                checked_tension(end.tension_after),
                end.note,
                checked_felt(end.felt),
                id,
            ),
        )

    def set_tension_after(self, id: int, tension: int | None) -> None:
        self.conn.execute(
            "UPDATE sessions SET tension_after = ? WHERE id = ?", (checked_tension(tension), id)
        )

    def set_tension_before(self, id: int, tension: int | None) -> None:
        self.conn.execute(
            "UPDATE sessions SET tension_before = ? WHERE id = ?", (checked_tension(tension), id)
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
                    "felt": checked_felt(end.felt),
                    "pid": None,
                    "host": None,
                    "process_token": None,
                }
                ids.append(self._insert(row))
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

    def summary(
        self, today: date | None = None, recent: int = 200, goal: WeeklyGoal | None = None
    ) -> HistorySummary:
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
            insights=tuple(self.tension_changes()),
            goal=None if goal is None else self.goal_progress(goal, today),
        )

    # the coach: pace checks

    def set_felt(self, id: int, felt: str | None) -> None:
        """The pace check after the session: easy, right, hard, or None to clear it."""
        self.conn.execute("UPDATE sessions SET felt = ? WHERE id = ?", (checked_felt(felt), id))

    # the coach: progression

    def last_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM sessions").fetchone()[0])

    def latest_outcomes(
        self, exercise_id: str, keys: Iterable[tuple[str, str]], after: int = 0, each: int = 4
    ) -> list[tuple[int, Outcome]]:
        """The latest `each` finished sessions (not in a routine) at each (pattern, planned),
        newest first by id: the order they were recorded, whatever the clock said."""
        found: list[tuple[int, Outcome]] = []
        for pattern, planned in keys:
            rows = self.conn.execute(
                "SELECT id, status, felt, pattern, planned FROM sessions "
                "WHERE exercise_id = ? AND routine IS NULL AND pattern = ? AND planned = ? "
                "AND id > ? AND status != 'running' ORDER BY id DESC LIMIT ?",
                (exercise_id, pattern, planned, after, each),
            ).fetchall()
            found += [(r[0], Outcome(*r[1:])) for r in rows]
        found.sort(key=lambda item: item[0], reverse=True)
        return found

    # the coach: what helps you

    def tension_changes(self) -> list[Insight]:
        """Per exercise (not in a routine) and per routine, over sessions rated before and
        after: n, mean and 95 % interval of (after - before), in one pass over the file."""
        rows = self.conn.execute(
            "SELECT coalesce(routine, exercise_id), routine IS NOT NULL, exercise_name, "
            "count(*), sum(tension_after - tension_before), "
            "sum((tension_after - tension_before) * (tension_after - tension_before)), max(id) "
            "FROM sessions WHERE tension_before IS NOT NULL AND tension_after IS NOT NULL "
            "AND status != 'running' GROUP BY 1, 2"
        ).fetchall()
        return order(
            [
                Insight.of(
                    key,
                    "routine" if is_routine else "exercise",
                    f"{key} ({name})" if is_routine else name,
                    n,
                    float(s),
                    float(sq),
                )
                for key, is_routine, name, n, s, sq, _ in rows
            ]
        )

    # the coach: the weekly goal

    def week_figures(self) -> dict[date, WeekFigures]:
        """Sessions with a breath done and their minutes, per week (by its Monday)."""
        rows = self.conn.execute(
            "SELECT local_date, count(*), sum(active_s) FROM sessions WHERE breaths > 0 "
            "GROUP BY local_date"
        ).fetchall()
        weeks: dict[date, WeekFigures] = {}
        for day, count, seconds in rows:
            monday = monday_of(date.fromisoformat(day))
            old = weeks.get(monday, WeekFigures(0, 0.0))
            weeks[monday] = WeekFigures(old.sessions + int(count), old.minutes + seconds / 60)
        return weeks

    def goal_progress(self, goal: WeeklyGoal, today: date | None = None) -> GoalProgress:
        return goal_progress(goal, self.week_figures(), today or date.today())
