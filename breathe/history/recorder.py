"""The session listener that saves a running session as it goes."""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from breathe import __version__
from breathe.core.pace import checked_felt
from breathe.core.session import SessionListener, utc_now
from breathe.history.heart import MAX_RR, HeartLog
from breathe.history.records import SessionEnd, SessionRecord, SessionStart, checked_tension, iso

if TYPE_CHECKING:
    from breathe.core.engine import Segment, State
    from breathe.core.session import SessionResult, SessionRun
    from breathe.history.store import HistoryStore


REOPEN_SECONDS = 3.0


class HistoryRecorder(SessionListener):
    """Saves the session: row at start, update per breath, final status.

    A failing write never stops the session: the first failure is passed to `warn` (once),
    and later breaths try again (a lock may clear). The session is also kept in memory, so
    one the store could not take by the end (`lost`) can still be handed to the user.
    Without a store (it could not be opened: a full disk) the session is kept, opening is
    tried again (`reopen`, every REOPEN_SECONDS) as it goes, and `save_kept` tries once more
    at the end.
    """

    def __init__(
        self,
        store: HistoryStore | None,
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
        self.tension_after: int | None = None  # the rating after the session, once given
        self.uid = uuid.uuid4().hex  # the row's, and its printed record's: one session
        self._start: SessionStart | None = None
        self._end: SessionEnd | None = None
        self._warn = warn
        self._warned = False
        self.reopen: Callable[[], HistoryStore] | None = None
        self._tried = -REOPEN_SECONDS

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except sqlite3.Error as exc:
            if not self._warned and self._warn is not None:
                self._warned = True
                from breathe.history.storefile import describe

                assert self.store is not None
                path = self.store.path
                self._warn(
                    f"could not save to the history file {path} ({describe(exc, path)}); "
                    "trying again after each breath and at the end"
                )

    def begin(self, run: SessionRun) -> None:
        """Insert the row (idempotent); called on the first segment, or by a front end earlier."""
        if self.session_id is not None:
            return
        store = self.store or self._reopened()
        start = self._start
        if start is None:
            started = run.started_at or (store.now() if store is not None else utc_now())
            start = self._start = SessionStart.from_plan(run.plan, started, self.tension_before)
        if store is None:
            return

        def insert() -> None:
            self.session_id = store.start(start, self.uid)

        self._guard(insert)

    def _reopened(self) -> HistoryStore | None:
        """No store yet (a full disk as it opened): try again, now and then."""
        now = time.monotonic()
        if self.reopen is None or now - self._tried < REOPEN_SECONDS:
            return None
        self._tried = now
        from breathe.history.records import HistoryUnavailable

        with contextlib.suppress(HistoryUnavailable, sqlite3.Error):
            self.store = self.reopen()
            self.store.reserve()
        return self.store

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        # Saved at every phase, so a session cut off (power, kill -9) keeps the time it had.
        self._save_progress(run, run.breaths, write_first=False)

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        self._save_progress(run, breaths, write_first=True)
        self._save_beats()

    def _save_beats(self) -> None:
        """The beats since the last batch, up to MAX_RR a session; a failed batch is tried
        again, larger, with the next breath."""
        sid, heart, store = self.session_id, self.heart, self.store
        if sid is None or heart is None or store is None or self._beats_saved >= MAX_RR:
            return
        beats = heart.beats_since(self._beats_saved)[: MAX_RR - self._beats_saved]

        def write() -> None:
            store.add_beats(sid, beats)
            self._beats_saved += len(beats)

        if beats:
            self._guard(write)

    def _save_progress(self, run: SessionRun, breaths: int, *, write_first: bool) -> None:
        fresh = self.session_id is None
        self.begin(run)
        sid, store = self.session_id, self.store
        if sid is None or store is None or (fresh and not write_first):
            return
        # Time without the count-in, as the summary and the history tell it.
        active = run.schedule.breathing_time(run.clock.elapsed())
        paused = run.clock.paused_seconds()
        self._guard(lambda: store.update_breaths(sid, breaths, active, paused))

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self.begin(run)
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
        self._end = end
        sid, store = self.session_id, self.store
        if sid is not None and store is not None:
            self._guard(lambda: store.finish(sid, end))

    def save_kept(self, open_store: Callable[[], HistoryStore]) -> None:
        """A session kept without a store: open it now (space may have come back) and add
        the whole session; a failure leaves it `lost`."""
        start, end = self._start, self._end
        if self.store is not None or start is None or end is None:
            return
        from breathe.history.records import HistoryUnavailable

        end = replace(end, tension_after=self.tension_after, felt=self.felt)
        with contextlib.suppress(HistoryUnavailable, sqlite3.Error), open_store() as store:
            self.session_id = store.record(start, end)
            self.store = store

    def lost(self) -> SessionRecord | None:
        """After the store closed (its last retries done): the finished session as `breathe
        export` writes it, when the store never took its row or still lacks its end; None
        when it is saved. Importing it completes the row a full disk left cut off."""
        start, end = self._start, self._end
        if start is None or end is None:
            return None
        sid, store = self.session_id, self.store
        if sid is not None and store is not None and not store.cut_off(sid):
            return None
        record = SessionRecord(
            id=0,
            uid=self.uid,
            started_at=iso(start.started_at),
            ended_at=iso(end.ended_at),
            exercise=start.exercise_id,
            routine=start.routine,
            pattern=start.pattern,
            exhale=start.exhale,
            planned=start.planned,
            breaths=end.breaths,
            active_s=round(end.active_s, 3),
            paused_s=round(end.paused_s, 3),
            status=end.status,
            tension_before=start.tension_before,
            tension_after=checked_tension(self.tension_after),
            note=end.note or start.note,
            version=__version__,
            felt=self.felt,
        )
        return self._with_heart(record, end)

    def _with_heart(self, record: SessionRecord, end: SessionEnd) -> SessionRecord:
        """The heart's figures and intervals too, so that importing the record restores them."""
        if end.heart is None or self.heart is None:
            return record
        bpm, swing, rmssd, beats = end.heart.columns()
        return replace(
            record,
            heart_bpm=bpm,
            heart_swing_bpm=swing,
            heart_rmssd_ms=rmssd,
            heart_beats=beats,
            heart_rr_ms=tuple(rr for _, rr in self.heart.beats_since(0)[:MAX_RR]),
        )
