"""The app's real services: the other side of `ui.services`, sound, history and settings.

Kept out of the UI so the app stays testable without a sound device or a store; the command
line builds one `SessionServices` (its sessions' listeners come from the shared
`SessionKit`) and hands it to `BreatheApp` as its `Services`.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from breathe.core.session import SessionListener, SessionResult, SessionRun
from breathe.services.kit import KitNotices, SessionKit
from breathe.services.options import AudioChoice

if TYPE_CHECKING:
    from breathe.audio.player import BackgroundPlayer, OpenedPlayer
    from breathe.core.catalogue import Catalogue
    from breathe.core.goal import GoalProgress, WeeklyGoal
    from breathe.core.progression import NextDose
    from breathe.history.access import StoreView
    from breathe.services.heart import HeartFeed, HeartView

Notify = Callable[[str], None]


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
        weekly_goal: WeeklyGoal | None = None,
        heart: HeartFeed | None = None,
    ) -> None:
        self.audio = audio
        self.weekly_goal = weekly_goal
        self.progress = progress
        self.notify: Notify = notify or (lambda message: None)
        self.notify_from_thread: Notify = notify_from_thread or self.notify
        self._ui_thread = threading.get_ident()  # made where the app runs, before it does
        # The terminal bell (`--audio bell`, `b`): the app's to ring, as it owns the terminal.
        self.ring: Callable[[], None] | None = None
        self._player: BackgroundPlayer | None = None

        def tell(message: str) -> None:  # the app sets `notify` once it exists
            self.notify(message)

        self.kit = SessionKit(
            lambda: self.player,
            KitNotices(history=tell, warning=tell, sound=tell, awake=tell),
            guide=audio.guide,
            voice=audio.voice,
            tension_before=tension_before,
            felt=felt,  # `breathe run ID --felt`: the pace check of the first session
            heart=heart,  # its source runs in Textual's own loop, started with each session
            sound=audio.backend != "off",  # the app never turns a sound that is off on
        )

    has_sound = True  # a player is opened (it may still find no device and say so)
    keeps_history = True

    # Sound ---------------------------------------------------------------------------------

    @property
    def player(self) -> BackgroundPlayer:
        """Opened on first use (a session's start, after the first paint), off the UI thread."""
        if self._player is None:
            from breathe.audio.player import open_player_in_background

            self._player = open_player_in_background(
                self.audio.backend,
                self.audio.volume,
                on_ready=self._sound_ready,
                ring=self._ring,
                voice=self.audio.voice,
                on_late_notice=self._tell_sound,  # a prompt read once voice is turned on
            )
            if self.audio.muted:
                self._player.mute()
        return self._player

    @property
    def sound_opening(self) -> bool:
        return self._player is not None and self._player.opened is None

    def wait_for_sound(self, timeout: float) -> None:
        if self._player is not None:
            self._player.wait(timeout)

    def _sound_ready(self, opened: OpenedPlayer) -> None:
        for notice in opened.notices:
            self.notify_from_thread(notice)

    def _tell_sound(self, message: str) -> None:
        """From a cue played on the UI thread (a session's) or on the device's own."""
        if threading.get_ident() == self._ui_thread:
            self.notify(message)
        else:
            self.notify_from_thread(message)

    def _ring(self) -> None:
        ring = self.ring
        if ring is None:  # no app to ring it: BEL on standard output
            sys.stdout.write("\a")
            sys.stdout.flush()
        else:
            ring()

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
        self.player.switch_to(open_player("bell", self.audio.volume, ring=self._ring))
        self.player.unmute()

    def set_guide(self, on: bool) -> None:
        self.audio.guide = on
        self.kit.set_guide(on)

    def toggle_voice(self) -> bool:
        """Voice on or off at once, mid-session too. Turned on, the prompts are read now, off
        the UI thread, so a user's prompt that cannot be read is told now, as at a start."""
        on = self.audio.voice = not self.audio.voice
        self.kit.set_voice(on)
        self.notify("voice prompts on" if on else "voice prompts off")
        opened = self._player.opened if self._player is not None else None
        if on and opened is not None and opened.cues is not None:
            reader = threading.Thread(target=opened.cues.read_spoken, name="breathe-voice")
            reader.daemon = True
            reader.start()
        return on

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

    def heart_status(self) -> HeartView | None:
        watch = self.kit.heart_watch
        return watch.view() if watch is not None else None

    def listeners(self, run: SessionRun) -> Sequence[SessionListener]:
        return self.kit.listeners(run)

    def safety_seen(self) -> bool:
        from breathe.system import app_state

        return app_state.safety_seen()

    def mark_safety_seen(self) -> None:
        from breathe.system import app_state

        app_state.mark_safety_seen()

    def first_run(self) -> bool:
        from breathe.system import paths

        return not self.safety_seen() and not paths.history_file().exists()

    def set_tension_before(self, value: int | None) -> None:
        """The app's before-session answer, kept for the next session's record."""
        self.kit.set_tension_before(value)

    def rate(self, result: SessionResult, value: int) -> None:
        """The summary's neck-and-upper-back rating, stored as tension after."""
        self.kit.rate(value)

    def pace_check(self, result: SessionResult, felt: str) -> None:
        """The summary's "too easy / about right / too hard", stored with the session."""
        self.kit.pace_check(felt)

    def change_pace(self, session_id: int, felt: str) -> None:
        """From the history screen: the store opened for this one write, then closed."""
        from breathe.history.access import history_errors
        from breathe.history.store import HistoryStore

        with history_errors(), HistoryStore.open(check=False) as store:
            store.set_felt(session_id, felt)

    def open_history(self) -> StoreView:
        from breathe.history.access import StoreView

        return StoreView.open(self.weekly_goal)

    def next_doses(self, catalogue: Catalogue) -> Sequence[NextDose]:
        """Each exercise's next step, read from the history (quick, no whole-file check)."""
        if not self.progress:
            return ()
        from breathe.history.access import read_history
        from breathe.history.progress import next_doses
        from breathe.history.records import HistoryUnavailable

        try:
            return read_history(
                self.notify,
                lambda store: next_doses(store, catalogue),
                next_doses(None, catalogue),
            )
        except HistoryUnavailable as exc:
            self.notify(f"Progression is not available: {exc}")
            return ()

    def hold_progress(
        self, exercise_id: str, held: bool, at: tuple[str, str] | None = None
    ) -> None:
        from breathe.history.progress import set_held

        set_held(exercise_id, held, at)

    def reset_progress(self, exercise_id: str) -> None:
        from breathe.history.access import open_for_reading
        from breathe.history.progress import reset

        store = open_for_reading(self.notify)
        try:
            reset(exercise_id, store)
        finally:
            if store is not None:
                store.close()

    def next_reminder(self) -> str | None:
        """From breathe's own reminder file; a file it cannot read shows nothing here
        (`breathe remind list` says what is wrong with it)."""
        from datetime import datetime

        from breathe.core.reminders import home_line
        from breathe.system.scheduler import SchedulerError, load_reminders

        try:
            reminders, _ = load_reminders()
        except SchedulerError:
            return None
        return home_line(reminders, datetime.now())

    def goal_progress(self) -> GoalProgress | None:
        goal = self.weekly_goal
        if goal is None:
            return None
        from datetime import date

        from breathe.core.goal import goal_progress
        from breathe.history.access import read_history
        from breathe.history.records import HistoryUnavailable

        none_yet = goal_progress(goal, {}, date.today())
        try:
            return read_history(self.notify, lambda store: store.goal_progress(goal), none_yet)
        except HistoryUnavailable:
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

    def close(self) -> None:
        """At app exit: release every hold, close the store and the sound device."""
        self.kit.close()
        if self._player is not None:
            self._player.close()
