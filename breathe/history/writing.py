"""Writing sessions: the one writer of new rows, and the updates of a running session, each
kept and tried again should a full disk refuse it. A mixin of `HistoryStore`, which owns the
connection, the file's care (checkpoints, the spare file) and this process's identity."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path

from breathe import __version__
from breathe.core.pace import checked_felt
from breathe.history.heart import HEART_FIELDS, rr_ms
from breathe.history.records import (
    FINAL_STATUSES,
    SessionEnd,
    SessionStart,
    checked_tension,
    iso,
    local_day,
)
from breathe.history.storefile import describe

HEART_COLUMNS = HEART_FIELDS[:4]


def _heart_columns(end: SessionEnd) -> tuple[object, ...]:
    return (None,) * 4 if end.heart is None else end.heart.columns()


class SessionWrites:
    """The write side of the store."""

    conn: sqlite3.Connection
    path: Path
    pid: int
    host: str
    _token: str | None
    _now: Callable[[], datetime]
    _pending: dict[tuple[str, int], tuple[str, tuple[object, ...]]]

    def _wrote(self, count: int = 1) -> None:
        raise NotImplementedError

    def _give_up_spare(self) -> bool:
        raise NotImplementedError

    def checkpoint(self) -> None:
        raise NotImplementedError

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

    def insert_rows(
        self,
        rows: Iterable[dict[str, object]],
        *,
        present: Callable[[dict[str, object]], bool] | None = None,
        dry_run: bool = False,
    ) -> list[int]:
        """The one writer of new rows (a session beginning, `record_many`, `breathe import`):
        all in one transaction, skipping each row `present` says the store already has (rows
        added earlier in the same transaction included). A full disk gives up the spare file
        and tries the whole transaction once more, as updates do. Returns the new ids; on a
        dry run nothing is written and each row that would be added counts as id 0."""
        rows = list(rows)
        try:
            return self._insert_all(rows, present, dry_run)
        except sqlite3.Error as exc:
            if dry_run or not self._make_room(exc):
                raise
            return self._insert_all(rows, present, dry_run)

    def _insert_all(
        self,
        rows: list[dict[str, object]],
        present: Callable[[dict[str, object]], bool] | None,
        dry_run: bool,
    ) -> list[int]:
        ids: list[int] = []
        self.conn.execute("BEGIN" if dry_run else "BEGIN IMMEDIATE")
        try:
            for row in rows:
                if present is not None and present(row):
                    continue
                ids.append(0 if dry_run else self._insert(row))
            self.conn.execute("ROLLBACK" if dry_run else "COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if ids and not dry_run:
            self._wrote(len(ids))
        return ids

    def _insert(self, row: dict[str, object]) -> int:
        """One row; its `beats` (an import's, as (t_s, rr_ms) pairs) go to the beats table."""
        values = {k: v for k, v in row.items() if k != "beats"}
        columns = ", ".join(values)
        marks = ", ".join("?" * len(values))
        cur = self.conn.execute(
            f"INSERT INTO sessions ({columns}) VALUES ({marks})", tuple(values.values())
        )
        assert cur.lastrowid is not None
        beats = row.get("beats")
        if isinstance(beats, list) and beats:
            self._insert_beats(int(cur.lastrowid), beats)
        return int(cur.lastrowid)

    def _insert_beats(self, id: int, beats: Sequence[tuple[float, float]]) -> None:
        self.conn.executemany(
            "INSERT INTO beats (session_id, t_s, rr_ms) VALUES (?, ?, ?)",
            [(id, round(t, 3), rr_ms(rr)) for t, rr in beats],
        )

    def add_beats(self, id: int, beats: Sequence[tuple[float, float]]) -> None:
        """A running session's new beats, one transaction per batch (a breath's)."""
        if not beats:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._insert_beats(id, beats)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self._wrote()

    def start(self, start: SessionStart, uid: str | None = None) -> int:
        """Insert the row of a session that is beginning now; returns its id. `uid`: the
        one its record carries should the row never be completed (printed to import)."""
        row = self._start_row(start) | ({"uid": uid} if uid is not None else {})
        return self.insert_rows([row])[0]

    def completes_cut_off(self, row: dict[str, object], *, dry_run: bool) -> bool:
        """An imported finished session that is the end of a stored row cut off (a full disk
        kept its end out; it was printed to be imported): the cut-off row goes, so the whole
        session takes its place. Same uid and start, and no fewer breaths."""
        where = (
            "FROM sessions WHERE uid = ? AND started_at = ? AND status = 'interrupted' "
            "AND breaths <= ?"
        )
        params = (row["uid"], row["started_at"], row["breaths"])
        if dry_run:
            return self.conn.execute(f"SELECT 1 {where}", params).fetchone() is not None
        return self.conn.execute(f"DELETE {where}", params).rowcount > 0

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
            if not self._make_room(exc):
                raise
            self._write_pending()  # with the spare file's room, or the WAL's own again

    def _make_room(self, exc: sqlite3.Error) -> bool:
        """A full disk: give up the spare file, or else move the WAL into the main file so
        SQLite writes it from its start again, into space it already has. True: try again."""
        if "full" not in describe(exc, self.path):
            return False
        if self._give_up_spare():
            return True
        if self.conn.in_transaction:
            return False
        self.checkpoint()
        return True

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

    def cut_off(self, id: int) -> bool:
        """The session's breaths or end still wait (answers after it are told apart)."""
        return ("finish", id) in self._pending or ("breaths", id) in self._pending

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
            "note = COALESCE(?, note), felt = COALESCE(?, felt), heart_bpm = ?, "
            "heart_swing_bpm = ?, heart_rmssd_ms = ?, heart_beats = ? WHERE id = ?",
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
                *_heart_columns(end),
                id,
            ),
        )

    def set_tension_after(self, id: int, tension: int | None) -> None:
        self._update(
            ("tension_after", id),
            "UPDATE sessions SET tension_after = ? WHERE id = ?",
            (checked_tension(tension), id),
        )

    def set_felt(self, id: int, felt: str | None) -> None:
        """The pace check after the session: easy, right, hard, or None to clear it."""
        self._update(
            ("felt", id),
            "UPDATE sessions SET felt = ? WHERE id = ?",
            (checked_felt(felt), id),
        )

    def record(self, start: SessionStart, end: SessionEnd) -> int:
        """A whole session at once (imports, tests, benchmarks)."""
        return self.record_many([(start, end)])[0]

    def record_many(self, sessions: Iterable[tuple[SessionStart, SessionEnd]]) -> list[int]:
        """Many finished sessions in one transaction; no process owns them."""
        rows: list[dict[str, object]] = []
        for start, end in sessions:
            if end.status not in FINAL_STATUSES:
                raise ValueError(f"not a final status: {end.status!r}")
            rows.append(
                self._start_row(start)
                | {
                    "ended_at": iso(end.ended_at),
                    "updated_at": iso(end.ended_at),
                    "breaths": end.breaths,
                    "active_s": round(end.active_s, 3),
                    "paused_s": round(end.paused_s, 3),
                    "status": end.status,
                    "tension_after": checked_tension(end.tension_after),
                    "felt": checked_felt(end.felt),
                    **dict(zip(HEART_COLUMNS, _heart_columns(end), strict=True)),
                    "pid": None,
                    "host": None,
                    "process_token": None,
                }
            )
        ids = self.insert_rows(rows)
        self.checkpoint()
        return ids
