"""The session listener that saves a running session as it goes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from breathe.core.pace import checked_felt
from breathe.core.session import SessionListener
from breathe.history.heart import MAX_RR, HeartLog
from breathe.history.records import SessionEnd, SessionStart, checked_tension

if TYPE_CHECKING:
    from breathe.core.engine import Segment, State
    from breathe.core.session import SessionResult, SessionRun
    from breathe.history.store import HistoryStore


class HistoryRecorder(SessionListener):
    """Saves the session: row at start, update per breath, final status.

    A failing write never stops the session: the first failure is passed to `warn` (once),
    and later breaths try again (a lock may clear).
    """

    def __init__(
        self,
        store: HistoryStore,
        *,
        tension_before: int | None = None,
        warn: Callable[[str], None] | None = None,
        felt: str | None = None,
    ) -> None:
        self.store = store
        self.tension_before = checked_tension(tension_before)
        self.felt = checked_felt(felt)  # a pace check given before the session (`--felt`)
        self.session_id: int | None = None
        # The session's heart, when it has one (the kit sets it): beats saved with each
        # breath, the figures with the final row.
        self.heart: HeartLog | None = None
        self._beats_saved = 0
        self._warn = warn
        self._warned = False

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except sqlite3.Error as exc:
            if not self._warned and self._warn is not None:
                self._warned = True
                from breathe.history.storefile import describe

                path = self.store.path
                self._warn(
                    f"could not save to the history file {path} ({describe(exc, path)}); "
                    "trying again after each breath and at the end"
                )

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
        # Saved at every phase, so a session cut off (power, kill -9) keeps the time it had.
        self._save_progress(run, run.breaths, write_first=False)

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        self._save_progress(run, breaths, write_first=True)
        self._save_beats()

    def _save_beats(self) -> None:
        """The beats since the last batch, up to MAX_RR a session; a failed batch is tried
        again, larger, with the next breath."""
        sid, heart = self.session_id, self.heart
        if sid is None or heart is None or self._beats_saved >= MAX_RR:
            return
        beats = heart.beats_since(self._beats_saved)[: MAX_RR - self._beats_saved]

        def write() -> None:
            self.store.add_beats(sid, beats)
            self._beats_saved += len(beats)

        if beats:
            self._guard(write)

    def _save_progress(self, run: SessionRun, breaths: int, *, write_first: bool) -> None:
        fresh = self.session_id is None
        self.begin(run)
        sid = self.session_id
        if sid is None or (fresh and not write_first):
            return
        # Time without the count-in, as the summary and the history tell it.
        active = run.schedule.breathing_time(run.clock.elapsed())
        paused = run.clock.paused_seconds()
        self._guard(lambda: self.store.update_breaths(sid, breaths, active, paused))

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self.begin(run)
        sid = self.session_id
        if sid is None:
            return
        self._save_beats()
        end = SessionEnd(
            status=result.status,
            ended_at=result.ended_at,
            breaths=result.breaths,
            active_s=result.breathing_seconds,
            paused_s=result.paused_seconds,
            note=result.detail or None,
            felt=self.felt,
            heart=self.heart.figures() if self.heart is not None else None,
        )
        self._guard(lambda: self.store.finish(sid, end))
