"""The session kit: what every session gets, whichever face runs it.

Plain mode and the app take their session listeners from here, so a thing every session
should do (save its record first, sound its cues, keep the screen awake, trace its timing,
keep the rating and the pace check) is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from breathe.core.engine import Segment, State
from breathe.core.session import SessionListener, SessionResult, SessionRun

if TYPE_CHECKING:
    from breathe.audio.listener import AudioCues
    from breathe.audio.player import Player
    from breathe.history.recorder import HistoryRecorder
    from breathe.history.records import SessionRecord
    from breathe.history.store import HistoryStore
    from breathe.services.heart import HeartFeed, HeartWatch
    from breathe.system.keepawake import KeepAwake

Notify = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


@dataclass
class KitNotices:
    """Where each kind of message goes: plain mode prints them, the app notifies."""

    history: Notify = _quiet  # what opening the store found (a damaged file moved aside)
    warning: Notify = _quiet  # a session that will not be saved, a write that failed
    sound: Notify = _quiet  # the cues' own notices (a device lost)
    awake: Notify | None = None  # keep-awake failing; None: nobody is watching a screen


class KeepAwakeListener(SessionListener):
    """Holds the system awake from a session's first segment to its end.

    Taken as the clock is about to start, after the first paint: loading wakepy and asking
    the desktop bus take tens of milliseconds that the first segment's instant should not."""

    def __init__(self, reason: str, tell: Notify | None) -> None:
        self._reason = reason
        self._tell = tell
        self._hold: KeepAwake | None = None

    def starting(self, run: SessionRun) -> None:
        self._acquire()

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        self._acquire()  # a run started without `starting` (its listeners added late)

    def _acquire(self) -> None:
        if self._hold is None:
            from breathe.system.keepawake import acquire

            self._hold = acquire(self._reason, tell=self._tell)

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self.release()

    def release(self) -> None:
        hold, self._hold = self._hold, None
        if hold is not None:
            hold.release()


def _cues_kind(owns_player: bool) -> type[AudioCues]:
    """The cues' class, imported with the first session (after the first paint), not before."""
    from breathe.audio.listener import AudioCues

    if owns_player:
        return AudioCues

    class _KeptPlayerCues(AudioCues):
        """Cues on a player that outlives the session (the app's): finishing does not
        close it."""

        def finished(self, run: SessionRun, result: SessionResult) -> None:
            super().finished(run, result)
            self.write_trace()

    return _KeptPlayerCues


class SessionKit:
    """Each session's listeners, the record first so the row is saved even if a later
    listener fails; then the summary's answers saved through that record.

    `player` gives the player for a session's cues; with `owns_player` the kit closes it
    with the session (plain mode), else it is the caller's to close (the app's)."""

    def __init__(
        self,
        player: Callable[[], Player],
        notices: KitNotices,
        *,
        guide: bool = True,
        voice: bool = False,
        tension_before: int | None = None,
        felt: str | None = None,
        owns_player: bool = False,
        heart: HeartFeed | None = None,
        sound: bool = True,
    ) -> None:
        self._player = player
        # False: the sound is off for good (`--no-sound`): no cues, so neither the audio
        # stack (~1 MiB) nor the guide's sounds (~3 MiB, ~50 ms to make) are loaded.
        self.sound = sound
        self.notices = notices
        self.guide = guide
        self.voice = voice
        self._tension_before = tension_before  # for the next session only
        self._felt = felt  # `--felt`: the pace check of the first session
        self.felt_given = felt is not None
        self.tension_given = tension_before is not None  # plain mode then asks after, too
        self._owns_player = owns_player
        self._recorder: HistoryRecorder | None = None
        self.cues: AudioCues | None = None
        self._awake: list[KeepAwakeListener] = []
        # Finished sessions the store could not take (a full disk), as `breathe export`
        # writes them: the front end hands them to the user to import.
        self.lost: list[SessionRecord] = []
        self.heart = heart  # None: `--hr off`, and nothing of the heart is loaded

    def listeners(self, run: SessionRun) -> list[SessionListener]:
        out: list[SessionListener] = []
        recorder = self._open_recorder()
        if recorder is not None:
            out.append(recorder)
        watch = self._heart_watch(run)
        if watch is not None:
            out.append(watch)
            if recorder is not None:
                recorder.heart = watch  # its beats saved with the breaths
        if self.sound:
            kind = _cues_kind(self._owns_player)
            self.cues = kind(
                self._player(), on_notice=self.notices.sound, guide=self.guide, voice=self.voice
            )
            out.append(self.cues)
        awake = KeepAwakeListener(f"breathing session: {run.plan.name}", self.notices.awake)
        self._awake.append(awake)
        out.append(awake)
        from breathe.system.trace import TraceListener

        trace = TraceListener.from_env()
        if trace is not None:
            out.append(trace)
        return out

    def _heart_watch(self, run: SessionRun) -> HeartWatch | None:
        """This session's heart; a source gone since the command's check is one warning."""
        if self.heart is None:
            return None
        from breathe.services.heart import HeartUnavailable

        try:
            return self.heart.listener(run)
        except HeartUnavailable as exc:
            self.notices.warning(f"{exc}; this session runs without heart data")
            return None

    @property
    def heart_watch(self) -> HeartWatch | None:
        """The last session's heart, for the lines and the summary."""
        return self.heart.watch if self.heart is not None else None

    def _open_recorder(self) -> HistoryRecorder | None:
        from breathe.history.recorder import HistoryRecorder
        from breathe.history.records import HistoryUnavailable
        from breathe.history.store import HistoryStore
        from breathe.history.storefile import disk_full
        from breathe.system import paths

        self._close_store()
        tension, felt = self._tension_before, self._felt
        try:
            store = HistoryStore.open()
        except HistoryUnavailable as exc:
            # Kept in memory either way: saved if the store opens by the end (a full disk may
            # free up), else printed for 'breathe import' with exit status 1 - never lost.
            if disk_full(paths.history_file()):
                self.notices.warning(
                    "this session may not be saved (breathe keeps trying, and says at the end "
                    f"if it was not): {exc}"
                )
            else:
                # What it means first: a narrow header keeps the first clause.
                self.notices.warning(
                    "this session cannot be saved in the history (it is printed at the end "
                    f"for 'breathe import'): {exc}"
                )
            self._tension_before = self._felt = None
            self._recorder = HistoryRecorder(
                None, tension_before=tension, warn=self.notices.warning, felt=felt
            )
            self._recorder.reopen = HistoryStore.open  # tried again as the session goes
            return self._recorder
        for notice in store.notices:
            self.notices.history(notice)
        # Room for every breath and the end, should the disk fill up.
        if not store.reserve():
            self.notices.warning(
                f"the disk holding {store.path.parent} is nearly full: this session may not "
                "be saved (breathe keeps trying, and says at the end if it was not)"
            )
        self._tension_before = self._felt = None
        recorder = HistoryRecorder(
            store, tension_before=tension, warn=self.notices.warning, felt=felt
        )
        self._recorder = recorder
        return recorder

    @property
    def _store(self) -> HistoryStore | None:
        """The last session's store (None: not opened, or the session kept in memory)."""
        return self._recorder.store if self._recorder is not None else None

    @property
    def recording(self) -> bool:
        """The last session has a record to add the summary's answers to."""
        return self._recorder is not None

    def set_tension_before(self, value: int | None) -> None:
        """The answer asked before a session, kept for the next session's record."""
        self._tension_before = value

    def set_guide(self, on: bool) -> None:
        self.guide = on
        if self.cues is not None:
            self.cues.set_guide_on(on)

    def set_voice(self, on: bool) -> None:
        """Spoken prompts from the next phase on (this session's too)."""
        self.voice = on
        if self.cues is not None:
            self.cues.voice = on

    def rate(self, value: int) -> bool:
        """The neck-and-upper-back rating after the session, stored as tension after."""
        if self._recorder is not None:
            self._recorder.tension_after = value
        return self._save_after("rating", lambda store, sid: store.set_tension_after(sid, value))

    def pace_check(self, felt: str) -> bool:
        """Too easy, about right or too hard, stored with the session just recorded."""
        if self._recorder is not None:
            from breathe.core.pace import checked_felt

            self._recorder.felt = checked_felt(felt)
        return self._save_after("pace check", lambda store, sid: store.set_felt(sid, felt))

    def _save_after(self, what: str, write: Callable[[HistoryStore, int], None]) -> bool:
        """An answer added to the session just recorded; a failure is one notice."""
        recorder = self._recorder
        store = recorder.store if recorder is not None else None
        if recorder is not None and (store is None or recorder.session_id is None):
            return True  # kept with the session, saved with it at the end (or handed over)
        if store is None or recorder is None or recorder.session_id is None:
            self.notices.warning(f"The {what} could not be saved: this session was not recorded.")
            return False
        try:
            write(store, recorder.session_id)
        except Exception as exc:  # a locked or vanished file must not end the session
            self.notices.warning(f"The {what} could not be saved ({exc}).")
            return False
        return True

    def _close_store(self) -> None:
        recorder, self._recorder = self._recorder, None
        store = recorder.store if recorder is not None else None
        if store is not None:
            store.close()  # its last tries at what a full disk refused
        elif recorder is not None:
            from breathe.history.store import HistoryStore

            recorder.save_kept(HistoryStore.open)
        lost = recorder.lost() if recorder is not None else None
        if lost is not None:
            self.lost.append(lost)
            self.notices.warning(
                "the session was not saved (the history file could not take it); breathe "
                "prints it as it ends, for 'breathe import'"
            )

    def close(self) -> None:
        """After the (last) session: release every hold, close the store, and the player
        when it is the kit's (a completed session's last cue rings out first)."""
        for awake in self._awake:
            awake.release()
        watch = self.heart_watch
        if watch is not None:
            watch.stop()
        self._close_store()
        if self._owns_player and self.cues is not None:
            self.cues.close()
