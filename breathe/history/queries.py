"""Reading stored sessions: the rows newest first, and the figures the history views show.
A mixin of `HistoryStore`, kept apart from the writing and the file's care."""

from __future__ import annotations

import contextlib
import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breathe.core.goal import GoalProgress, WeekFigures, WeeklyGoal, goal_progress, monday_of
from breathe.core.progression import Outcome
from breathe.core.streaks import streaks_of
from breathe.core.tension import is_tension
from breathe.history.records import (
    FINAL_STATUSES,
    RECORD_COLUMNS,
    ExerciseMinutes,
    HistorySummary,
    SessionRecord,
    Streaks,
    TensionPoint,
    TensionTrend,
    Totals,
)
from breathe.history.schema import ON_SCALE as _ON_SCALE

_NEWEST_FIRST = f"SELECT {RECORD_COLUMNS} FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?"

if TYPE_CHECKING:  # the insights load with `breathe history --insights`, not with a session
    from breathe.core.insights import HeartSession, Insight

_STATUSES = ", ".join(f"'{s}'" for s in ("running", *FINAL_STATUSES))


def _record(row: Sequence[Any]) -> SessionRecord:
    return SessionRecord.from_row(row)


def _minutes(seconds: object) -> float:
    """A sum of seconds as minutes; 0 for what a hand-edited file made of it."""
    if isinstance(seconds, int | float) and math.isfinite(seconds) and seconds > 0:
        return float(seconds) / 60
    return 0.0


def _tension_or_none(value: object) -> int | None:
    return value if is_tension(value) else None  # type: ignore[return-value]


def odd_row_ids(conn: sqlite3.Connection) -> list[int]:
    """`StoredSessions.odd_rows` on any connection (the history screen's own, in a thread)."""
    rows = conn.execute(
        "SELECT id FROM sessions WHERE typeof(breaths) != 'integer' "
        "OR typeof(active_s) NOT IN ('real', 'integer') "
        "OR typeof(paused_s) NOT IN ('real', 'integer') "
        f"OR status NOT IN ({_STATUSES}) "
        "OR typeof(started_at) != 'text' OR typeof(exercise_id) != 'text' "
        f"OR NOT (tension_before IS NULL OR tension_before {_ON_SCALE}) "
        f"OR NOT (tension_after IS NULL OR tension_after {_ON_SCALE}) "
        "ORDER BY id LIMIT 100"
    ).fetchall()
    return [int(r[0]) for r in rows]


class StoredSessions:
    """The read side of the store; `conn` is the open SQLite connection."""

    conn: sqlite3.Connection

    def get(self, id: int) -> SessionRecord | None:
        row = self.conn.execute(
            f"SELECT {RECORD_COLUMNS} FROM sessions WHERE id = ?", (id,)
        ).fetchone()
        return _record(row) if row else None

    def odd_rows(self) -> list[int]:
        """Ids of rows with values of the wrong kind (hand-edited, another version): one quick
        scan, so a view can say so once before showing them as bad rows."""
        return odd_row_ids(self.conn)

    def has_session(self, row: dict[str, object], *, by_start: bool = True) -> bool:
        """A row with this `uid`, or (`by_start`: a session exported before uids existed) with
        the same start, exercise and active seconds."""
        if self.conn.execute("SELECT 1 FROM sessions WHERE uid = ?", (row["uid"],)).fetchone():
            return True
        if not by_start:
            return False
        same = self.conn.execute(
            "SELECT 1 FROM sessions WHERE started_at = ? AND exercise_id = ? "
            "AND abs(active_s - ?) < 0.0005",
            (row["started_at"], row["exercise_id"], row["active_s"]),
        ).fetchone()
        return same is not None

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def sessions(self, limit: int | None = None) -> list[SessionRecord]:
        """Newest first."""
        return list(self.iter_sessions(limit))

    def iter_sessions(self, limit: int | None = None) -> Iterator[SessionRecord]:
        """Newest first, streamed (exports do not hold every row at once)."""
        cur = self.conn.execute(_NEWEST_FIRST, (-1 if limit is None else limit,))
        for row in cur:
            yield _record(row)

    def csv_rows(self, skipped: Callable[[SessionRecord], None]) -> Iterator[Sequence[object]]:
        """Newest first, as the CSV export's cells, clean rows as SQLite gave them
        (`export_rows`); a row with odd values goes to `skipped` instead."""
        from breathe.history.export_rows import export_cells  # the export's alone

        return export_cells(self.conn.execute(_NEWEST_FIRST, (-1,)), skipped)

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
        """Most practised first; a routine's sessions under the routine's id (not its
        exercises': `wall+goal-post` is no exercise, and two routines may share them)."""
        # With max(id), SQLite takes exercise_name from that row: the latest name.
        rows = self.conn.execute(
            "SELECT coalesce(routine, exercise_id), exercise_name, count(*), sum(active_s), "
            "max(id) FROM sessions GROUP BY 1 ORDER BY sum(active_s) DESC, 1"
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

    def summary(
        self, today: date | None = None, recent: int = 200, goal: WeeklyGoal | None = None
    ) -> HistorySummary:
        """One read of everything the history screen shows; the minutes per exercise (a sort
        of the whole file, the heaviest part) beside the rest where the store allows it."""
        from breathe.history.beside import Beside  # the history screen's alone

        today = today or date.today()
        beside = Beside(
            self._second_reader(),
            lambda conn: _Reader(conn).minutes_per_exercise(),
            self.minutes_per_exercise,
        )
        try:
            # Whole-file aggregates first, then the reads of many rows: each row is a wait
            # for the GIL when this runs in a thread beside a busy one (the screen's).
            insights = tuple(self.tension_changes())
            totals = self.totals(today)
            per_day = tuple(self.minutes_per_day(today))
            tension = self.tension_trend()
            progress = None if goal is None else self.goal_progress(goal, today)
            days = self.practice_days()
            recent_rows = tuple(self.sessions(recent))
        except BaseException:
            beside.discard()
            raise
        per_exercise = beside.result()
        return HistorySummary(
            today=today,
            recent=recent_rows,
            names={e.exercise: e.name for e in per_exercise},
            totals=totals,
            streaks=streaks_of(days, today),
            minutes_per_day=per_day,
            per_exercise=tuple(per_exercise),
            tension=tension,
            practice_days=frozenset(days),
            insights=insights,
            goal=progress,
        )

    def _second_reader(self) -> Path | None:
        """The file a second, read-only connection may read beside this one; None: none."""
        return None

    # the coach: progression

    def last_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM sessions").fetchone()[0])

    def latest_outcomes(
        self, exercise_id: str, keys: Iterable[tuple[str, str]], after: int = 0, each: int = 4
    ) -> list[tuple[int, Outcome]]:
        """The latest `each` finished sessions (not in a routine, not ended before their
        first breath) at each (pattern, planned), newest first by id: the order they were
        recorded, whatever the clock said."""
        found: list[tuple[int, Outcome]] = []
        for pattern, planned in keys:
            rows = self.conn.execute(
                "SELECT id, status, felt, pattern, planned, breaths FROM sessions "
                "WHERE exercise_id = ? AND routine IS NULL AND pattern = ? AND planned = ? "
                "AND id > ? AND status != 'running' AND (status = 'completed' OR breaths > 0) "
                "ORDER BY id DESC LIMIT ?",
                (exercise_id, pattern, planned, after, each),
            ).fetchall()
            found += [(r[0], Outcome(*r[1:])) for r in rows]
        found.sort(key=lambda item: item[0], reverse=True)
        return found

    # the coach: what helps you

    def tension_changes(self) -> list[Insight]:
        """Per exercise (not in a routine) and per routine, over sessions rated before and
        after: n, mean and 95 % interval of (after - before), in one pass over the file."""
        from breathe.core.insights import Insight, order

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

    def heart_sessions(self) -> list[HeartSession]:
        """Each finished session with heart data: its swing and its heart-rate change (from
        its beats), for `core.insights.heart_insights`; odd stored values are left out."""
        from breathe.core.insights import HeartSession, rate_change

        rows = self.conn.execute(
            "SELECT id, coalesce(routine, exercise_id), routine IS NOT NULL, exercise_name, "
            "heart_swing_bpm FROM sessions WHERE heart_bpm IS NOT NULL AND status != 'running' "
            "ORDER BY id"
        ).fetchall()
        out: list[HeartSession] = []
        for sid, key, is_routine, name, swing in rows:
            beats = self.conn.execute(
                "SELECT t_s, rr_ms FROM beats WHERE session_id = ? AND rr_ms > 0 "
                "AND typeof(t_s) IN ('real', 'integer') AND typeof(rr_ms) IN ('real', 'integer') "
                "ORDER BY t_s",
                (sid,),
            ).fetchall()
            number = isinstance(swing, int | float) and math.isfinite(swing)
            out.append(
                HeartSession(
                    str(key),
                    "routine" if is_routine else "exercise",
                    f"{key} ({name})" if is_routine else str(name),
                    float(swing) if number else None,
                    rate_change([(float(t), float(rr)) for t, rr in beats]),
                )
            )
        return out

    # the coach: the weekly goal

    def week_figures(self) -> dict[date, WeekFigures]:
        """Sessions with a breath done and their minutes, per week (by its Monday)."""
        rows = self.conn.execute(
            "SELECT local_date, count(*), sum(active_s) FROM sessions WHERE breaths > 0 "
            "GROUP BY local_date"
        ).fetchall()
        weeks: dict[date, WeekFigures] = {}
        for day, count, seconds in rows:
            try:
                monday = monday_of(date.fromisoformat(str(day)))
            except ValueError:  # a hand-edited row: not counted, never a crash
                continue
            old = weeks.get(monday, WeekFigures(0, 0.0))
            weeks[monday] = WeekFigures(old.sessions + int(count), old.minutes + _minutes(seconds))
        return weeks

    def goal_progress(self, goal: WeeklyGoal, today: date | None = None) -> GoalProgress:
        return goal_progress(goal, self.week_figures(), today or date.today())


class _Reader(StoredSessions):
    """The reads over a connection of their own (`beside`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
