"""The app's real services: sound, history, settings, keep-awake and the timing trace.

Kept out of `ui/app.py` so the app stays testable without a sound device or a store; the
command line builds one `SessionServices` and hands it to `BreatheApp` as its `Services`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from breathe.audio.listener import AudioCues
from breathe.audio.player import BackgroundPlayer, OpenedPlayer, open_player_in_background
from breathe.core.defaults import DEFAULT_VOLUME
from breathe.core.engine import Segment, State
from breathe.core.session import SessionListener, SessionResult, SessionRun
from breathe.ui.services import HistoryView

if TYPE_CHECKING:
    from breathe.core.catalogue import Catalogue
    from breathe.core.goal import GoalProgress, WeeklyGoal
    from breathe.core.progression import NextDose
    from breathe.history.recorder import HistoryRecorder
    from breathe.history.store import HistoryStore
    from breathe.system.keepawake import KeepAwake

Notify = Callable[[str], None]


@dataclass
class AudioChoice:
    backend: str = "auto"
    volume: int = DEFAULT_VOLUME
    muted: bool = False
    guide: bool = True
    voice: bool = False


class _KeepAwakeListener:
    """Holds the system awake from a session's first segment to its end."""

    def __init__(self, reason: str, tell: Notify) -> None:
        self._reason = reason
        self._tell = tell
        self._hold: KeepAwake | None = None

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        if self._hold is None:
            from breathe.system.keepawake import acquire

            self._hold = acquire(self._reason, tell=self._tell)

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        pass

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self.release()

    def release(self) -> None:
        hold, self._hold = self._hold, None
        if hold is not None:
            hold.release()


class _SessionCues(AudioCues):
    """Cues for one session on the app's long-lived player: finishing does not close it."""

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        super().finished(run, result)
        self.write_trace()


class SessionServices:
    """Everything around a session that is not drawing: one player for the app's life,
    the history store opened per session, keep-awake, and the opt-in timing trace."""

    def __init__(
        self,
        audio: AudioChoice,
        tension_before: int | None = None,
        notify: Notify | None = None,
        notify_from_thread: Notify | None = None,
        felt: str | None = None,
        progress: bool = True,
        ladders: Mapping[str, Any] | None = None,
        weekly_goal: WeeklyGoal | None = None,
    ) -> None:
        self.audio = audio
        self.weekly_goal = weekly_goal
        self.progress = progress
        self.ladders = dict(ladders or {})
        self._felt = felt  # `breathe run ID --felt`: the pace check of the first session
        self.notify: Notify = notify or (lambda message: None)
        self.notify_from_thread: Notify = notify_from_thread or self.notify
        self._tension_before = tension_before
        self._player: BackgroundPlayer | None = None
        self._recorder: HistoryRecorder | None = None
        self._store: HistoryStore | None = None
        self._cues: _SessionCues | None = None
        self._awake: list[_KeepAwakeListener] = []

    has_sound = True  # a player is opened (it may still find no device and say so)
    keeps_history = True

    # Sound ---------------------------------------------------------------------------------

    @property
    def player(self) -> BackgroundPlayer:
        """Opened on first use (a session's start, after the first paint), off the UI thread."""
        if self._player is None:
            self._player = open_player_in_background(
                self.audio.backend, self.audio.volume, on_ready=self._sound_ready
            )
            if self.audio.muted:
                self._player.mute()
        return self._player

    def _sound_ready(self, opened: OpenedPlayer) -> None:
        for notice in opened.notices:
            self.notify_from_thread(notice)

    def set_volume(self, volume: int) -> None:
        self.audio.volume = volume
        self.player.set_volume(volume)

    def remember_setting(self, key: str, value: object) -> None:
        """Keep a setting changed in the app in the config file, comments and all."""
        from breathe.config.writer import save_settings

        save_settings({key: value})

    def remember_exhale(self, exercise_id: str, style: str) -> None:
        """Keep one exercise's exhale style under [exhale], comments and all."""
        from breathe.config.writer import save_exhale_for

        save_exhale_for(exercise_id, style)

    def use_bell(self) -> None:
        """No sound device: ring the terminal bell for each cue instead, from now on."""
        from breathe.audio.player import open_player

        self.audio.backend = "bell"
        self.audio.muted = False
        self.player.switch_to(open_player("bell", self.audio.volume))
        self.player.unmute()

    def set_guide(self, on: bool) -> None:
        self.audio.guide = on
        if self._cues is not None:
            self._cues.set_guide_on(on)

    def sound_status(self) -> str:
        """The header's words: the truth about the device, not just the mute key."""
        from breathe.audio.status import sound_status

        if self.audio.backend == "off":
            return "sound off"
        return sound_status(self._player, muted=self.audio.muted, guide_on=self.audio.guide)

    def set_muted(self, muted: bool) -> None:
        self.audio.muted = muted
        if muted:
            self.player.mute()
        else:
            self.player.unmute()

    # Per session ---------------------------------------------------------------------------

    def listeners(self, run: SessionRun) -> Sequence[SessionListener]:
        out: list[SessionListener] = []
        recorder = self._open_recorder()
        if recorder is not None:
            out.append(recorder)  # first, so the row is saved even if a later listener fails
        self._cues = _SessionCues(
            self.player, on_notice=self.notify, guide=self.audio.guide, voice=self.audio.voice
        )
        out.append(self._cues)
        awake = _KeepAwakeListener(f"breathing session: {run.plan.name}", self.notify)
        self._awake.append(awake)
        out.append(awake)
        from breathe.system.trace import TraceListener

        trace = TraceListener.from_env()
        if trace is not None:
            out.append(trace)
        return out

    def _open_recorder(self) -> SessionListener | None:
        from breathe.history.recorder import HistoryRecorder
        from breathe.history.records import HistoryUnavailable
        from breathe.history.store import HistoryStore

        self._close_store()
        try:
            store = HistoryStore.open()
        except HistoryUnavailable as exc:
            self.notify(f"{exc}; this session will not be saved")
            return None
        for notice in store.notices:
            self.notify(notice)
        store.reserve()  # room for every breath and the end, should the disk fill up
        tension, self._tension_before = self._tension_before, None  # only the first session
        felt, self._felt = self._felt, None
        recorder = HistoryRecorder(store, tension_before=tension, warn=self.notify, felt=felt)
        self._store, self._recorder = store, recorder
        return recorder

    def set_tension_before(self, value: int | None) -> None:
        """The app's before-session answer, kept for the next session's record."""
        self._tension_before = value

    def rate(self, result: SessionResult, value: int) -> None:
        """The summary's neck-and-upper-back rating, stored as tension after."""
        self._save_after("rating", lambda store, sid: store.set_tension_after(sid, value))

    def pace_check(self, result: SessionResult, felt: str) -> None:
        """The summary's "too easy / about right / too hard", stored with the session."""
        self._save_after("pace check", lambda store, sid: store.set_felt(sid, felt))

    def _save_after(self, what: str, write: Callable[[HistoryStore, int], None]) -> None:
        """A summary answer added to the session just recorded; never an exception to the app."""
        recorder, store = self._recorder, self._store
        if store is None or recorder is None or recorder.session_id is None:
            self.notify(f"The {what} could not be saved: this session was not recorded.")
            return
        try:
            write(store, recorder.session_id)
        except Exception as exc:  # a locked or vanished file must not end the app
            self.notify(f"The {what} could not be saved ({exc}).")

    def open_history(self) -> HistoryView:
        from breathe.history.access import StoreView

        return StoreView.open(self.weekly_goal)

    def next_doses(self, catalogue: Catalogue) -> Sequence[NextDose]:
        """Each exercise's next step, read from the history (quick, no whole-file check)."""
        if not self.progress:
            return ()
        import sqlite3

        from breathe.history.access import read_history
        from breathe.history.progress import next_doses
        from breathe.history.records import HistoryUnavailable

        try:
            return read_history(
                self.notify,
                lambda store: next_doses(store, catalogue, None, self.ladders),
                next_doses(None, catalogue, None, self.ladders),
            )
        except (HistoryUnavailable, sqlite3.Error) as exc:
            self.notify(f"Progression is not available: {exc}")
            return ()

    def hold_progress(self, exercise_id: str, held: bool) -> None:
        from breathe.history.progress import set_held

        set_held(exercise_id, held)

    def reset_progress(self, exercise_id: str) -> None:
        from breathe.history.access import open_for_reading
        from breathe.history.progress import reset

        store = open_for_reading(self.notify)
        try:
            reset(exercise_id, store)
        finally:
            if store is not None:
                store.close()

    def goal_progress(self) -> GoalProgress | None:
        goal = self.weekly_goal
        if goal is None:
            return None
        import sqlite3
        from datetime import date

        from breathe.core.goal import goal_progress
        from breathe.history.access import read_history
        from breathe.history.records import HistoryUnavailable

        none_yet = goal_progress(goal, {}, date.today())
        try:
            return read_history(self.notify, lambda store: store.goal_progress(goal), none_yet)
        except (HistoryUnavailable, sqlite3.Error):
            return none_yet

    def set_weekly_goal(self, goal: WeeklyGoal | None) -> None:
        self.remember_setting("weekly_goal", goal.as_table() if goal is not None else None)
        self.weekly_goal = goal

    def kept_routines(self) -> Mapping[str, object]:
        """Routine adjustments kept with `k` on home, from the app's state file."""
        from breathe.system import app_state

        return app_state.kept_routines()

    def keep_routine(self, routine_id: str, data: Mapping[str, object] | None) -> None:
        from breathe.system import app_state

        app_state.keep_routine(routine_id, None if data is None else dict(data))

    def _close_store(self) -> None:
        store, self._store, self._recorder = self._store, None, None
        if store is not None:
            store.close()

    def close(self) -> None:
        """At app exit: release every hold, close the store and the sound device."""
        for awake in self._awake:
            awake.release()
        self._close_store()
        if self._player is not None:
            self._player.close()
