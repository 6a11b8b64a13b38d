"""The sessions table and its migrations: one function per schema version, never edited
once released, each applied in its own short transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from breathe.core.tension import TENSION_MAX, TENSION_MIN
from breathe.history.records import HistoryUnavailable

ON_SCALE = f"BETWEEN {TENSION_MIN} AND {TENSION_MAX}"


def _migrate_to_v1(conn: sqlite3.Connection) -> None:
    # Built from core's scale, which is the scale of schema 1: the text SQLite keeps is the same.
    conn.execute(
        f"""
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
            tension_before INTEGER CHECK (tension_before {ON_SCALE}),
            tension_after  INTEGER CHECK (tension_after {ON_SCALE}),
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


def _migrate_to_v2(conn: sqlite3.Connection) -> None:
    """A stable unique id per session (`uid`), exported and imported, so history can move
    between machines without duplicates. Existing rows get a random one; a trigger gives one
    to any row inserted without it."""
    conn.execute("ALTER TABLE sessions ADD COLUMN uid TEXT")
    conn.execute("UPDATE sessions SET uid = lower(hex(randomblob(16)))")
    conn.execute("CREATE UNIQUE INDEX sessions_by_uid ON sessions (uid)")
    conn.execute(
        """
        CREATE TRIGGER sessions_get_a_uid AFTER INSERT ON sessions WHEN NEW.uid IS NULL
        BEGIN
            UPDATE sessions SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
        END
        """
    )


def _migrate_to_v3(conn: sqlite3.Connection) -> None:
    """The pace check after a session (`felt`): too easy, about right or too hard; NULL when
    not answered, as every earlier session is. And an index for progression's reads."""
    conn.execute(
        "ALTER TABLE sessions ADD COLUMN felt TEXT CHECK (felt IN ('easy', 'right', 'hard'))"
    )
    # Progression reads the latest sessions of each step of an exercise's ladder.
    conn.execute(
        "CREATE INDEX sessions_by_step ON sessions (exercise_id, routine, pattern, planned, id)"
    )


def _migrate_to_v4(conn: sqlite3.Connection) -> None:
    """The heart (`--hr`): a session's figures, NULL without heart data, and its beats in a
    table of their own, written in batches with the breaths (a kill loses at most the breath
    in progress). `t_s` is the beat's time on the session clock; `rr_ms` the interval as
    measured (cleaning is redone from it; the figures are kept as they were shown)."""
    for column in ("heart_bpm REAL", "heart_swing_bpm REAL", "heart_rmssd_ms REAL"):
        conn.execute(f"ALTER TABLE sessions ADD COLUMN {column}")
    conn.execute("ALTER TABLE sessions ADD COLUMN heart_beats INTEGER")
    conn.execute(
        """
        CREATE TABLE beats (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            t_s        REAL NOT NULL,
            rr_ms      REAL NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX beats_by_session ON beats (session_id, t_s)")


# Migration i takes a file from schema version i to i + 1; version 0 is an empty file.
# A future schema adds one function here (and never edits an earlier one).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_to_v1,
    _migrate_to_v2,
    _migrate_to_v3,
    _migrate_to_v4,
]


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
