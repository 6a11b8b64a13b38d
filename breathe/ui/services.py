"""The one door from the screens to the world outside: sound, saving, settings and history.

Screens and the app call these methods and never reach for a store, a player or the config
file themselves. The command line hands the app the real services (`breathe.services`, which
the UI never imports); tests and a bare `BreatheApp()` get `NoServices`, which plays nothing
and keeps nothing (the safety text is remembered for that app only).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from breathe.audio.status import NO_DEVICE
from breathe.core.defaults import DEFAULT_VOLUME, MAX_VOLUME
from breathe.core.session import SessionListener, SessionResult, SessionRun

if TYPE_CHECKING:  # the records load with the history screen, not at start-up
    from breathe.core.catalogue import Catalogue
    from breathe.core.goal import GoalProgress, WeeklyGoal
    from breathe.core.progression import NextDose
    from breathe.history.records import HistorySummary


class HistoryView(Protocol):
    """The history screen's source; `summary` raises HistoryUnavailable with one sentence."""

    @property
    def opening_notices(self) -> Sequence[str]:
        """What opening the file found (a damaged file moved aside): quick, told at once."""
        ...

    def notices(self, stop: Callable[[], bool] = ...) -> Sequence[str]:
        """The odd rows in the whole file, for the user to be told. Slow on a big file and
        safe off the UI thread (the screen asks from a worker); given up once `stop()`."""
        ...

    def summary(self, today: date | None, recent: int) -> HistorySummary: ...

    def close(self) -> None: ...


class HeartShown(Protocol):
    """The heart under the bar: the figures (or the strap's state in words), the state
    (None before the source said anything) and the last minute's heart rate."""

    @property
    def line(self) -> str: ...

    @property
    def state(self) -> str | None: ...

    @property
    def trace(self) -> Sequence[float]: ...

    @property
    def summary(self) -> str | None:
        """The session's heart figures for the summary; None before any beat."""
        ...


class Services(Protocol):
    @property
    def has_sound(self) -> bool:
        """A player is there, so a volume is worth showing."""
        ...

    @property
    def keeps_history(self) -> bool:
        """Sessions are saved, so asking how tense the user feels is worth it."""
        ...

    def listeners(self, run: SessionRun) -> Sequence[SessionListener]: ...

    @property
    def sound_opening(self) -> bool:
        """The sound device is still opening (off the UI thread), so a start may wait."""
        ...

    def wait_for_sound(self, timeout: float) -> None:
        """Until the device is open or `timeout` has passed; blocks, so run it on a thread."""
        ...

    def set_muted(self, muted: bool) -> None: ...

    def set_volume(self, volume: int) -> None: ...

    def set_guide(self, on: bool) -> None: ...

    def toggle_voice(self) -> bool:
        """Spoken prompts on or off at once, mid-session too (said in the header); on: now."""
        ...

    def use_bell(self) -> None:
        """No sound device: the terminal bell for each cue instead."""
        ...

    def sound_status(self) -> str:
        """What the header says about sound: on, muted, no device, bell..."""
        ...

    def heart_status(self) -> HeartShown | None:
        """The running session's heart; None without a heart source (no line is shown)."""
        ...

    def safety_seen(self) -> bool:
        """The safety text was read once (on this machine): sessions start without it."""
        ...

    def mark_safety_seen(self) -> None:
        """Remember that the safety text was read; OSError when that cannot be kept."""
        ...

    def first_run(self) -> bool:
        """The very first start on this machine (no history, safety text never read): home
        offers a first session by purpose."""
        ...

    def set_tension_before(self, value: int | None) -> None: ...

    def rate(self, result: SessionResult, value: int) -> None: ...

    def pace_check(self, result: SessionResult, felt: str) -> None:
        """The summary's pace check (easy, right or hard), stored with the session."""
        ...

    def change_pace(self, session_id: int, felt: str) -> None:
        """A stored session's pace check changed from the history screen (a wrong answer:
        the next step is worked out from it). Raises HistoryUnavailable when it cannot."""
        ...

    def remember_setting(self, key: str, value: object) -> None: ...

    def remember_exhale(self, exercise_id: str, style: str) -> None:
        """Keep one exercise's exhale style (`e` on home); the others are left alone."""
        ...

    def open_history(self) -> HistoryView: ...

    def next_doses(self, catalogue: Catalogue) -> Sequence[NextDose]:
        """Each exercise's next step from the history; empty when progression is off."""
        ...

    def hold_progress(
        self, exercise_id: str, held: bool, at: tuple[str, str] | None = None
    ) -> None:
        """Keep an exercise at a step, `at` the rung key shown (or let it move again)."""
        ...

    def reset_progress(self, exercise_id: str) -> None:
        """Back to the exercise's own dose: the sessions so far stop counting for it."""
        ...

    def goal_progress(self) -> GoalProgress | None:
        """This week against the weekly goal; None when no goal is set."""
        ...

    def next_reminder(self) -> str | None:
        """The next reminder in words (`next reminder: tomorrow 07:30, pre-run`), or None."""
        ...

    def set_weekly_goal(self, goal: WeeklyGoal | None) -> None:
        """Set (None: clear) the weekly goal, kept in the config file."""
        ...

    def kept_routines(self) -> Mapping[str, object]:
        """Routine adjustments kept with `k` on home, by routine id, as `keep_routine` got them."""
        ...

    def keep_routine(self, routine_id: str, data: Mapping[str, object] | None) -> None:
        """Keep one routine's adjustments for the next runs (None: forget them); OSError
        when they cannot be written."""
        ...

    def close(self) -> None: ...


class NoServices:
    """Plays nothing and keeps nothing beyond this app's life."""

    has_sound = False
    keeps_history = False
    sound_opening = False

    def __init__(self) -> None:
        self.kept: dict[str, Mapping[str, object]] = {}

    def listeners(self, run: SessionRun) -> Sequence[SessionListener]:
        return ()

    def wait_for_sound(self, timeout: float) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        pass

    def set_volume(self, volume: int) -> None:
        pass

    def set_guide(self, on: bool) -> None:
        pass

    voice = False  # an instance's own once toggled

    def toggle_voice(self) -> bool:
        self.voice = not self.voice
        return self.voice

    def use_bell(self) -> None:
        pass

    def sound_status(self) -> str:
        return "sound off"

    def heart_status(self) -> HeartShown | None:
        return None

    _safety_seen = False  # kept for this app only

    def safety_seen(self) -> bool:
        return self._safety_seen

    def mark_safety_seen(self) -> None:
        self._safety_seen = True

    def first_run(self) -> bool:
        return False  # nothing is kept: no first run to tell from the others

    def set_tension_before(self, value: int | None) -> None:
        pass

    def rate(self, result: SessionResult, value: int) -> None:
        pass

    def pace_check(self, result: SessionResult, felt: str) -> None:
        pass

    def change_pace(self, session_id: int, felt: str) -> None:
        pass

    def remember_setting(self, key: str, value: object) -> None:
        pass

    def remember_exhale(self, exercise_id: str, style: str) -> None:
        pass

    def open_history(self) -> HistoryView:
        from breathe.history.records import HistoryUnavailable

        raise HistoryUnavailable("nothing is saved in this app")

    def next_doses(self, catalogue: Catalogue) -> Sequence[NextDose]:
        return ()

    def hold_progress(
        self, exercise_id: str, held: bool, at: tuple[str, str] | None = None
    ) -> None:
        pass

    def reset_progress(self, exercise_id: str) -> None:
        pass

    def goal_progress(self) -> GoalProgress | None:
        return None

    def next_reminder(self) -> str | None:
        return None

    def set_weekly_goal(self, goal: WeeklyGoal | None) -> None:
        pass

    def kept_routines(self) -> Mapping[str, object]:
        return dict(self.kept)

    def keep_routine(self, routine_id: str, data: Mapping[str, object] | None) -> None:
        if data is None:
            self.kept.pop(routine_id, None)
        else:
            self.kept[routine_id] = data

    def close(self) -> None:
        pass


class SoundControls:
    """Mute and volume, shared by every session of one app and passed on to the player."""

    def __init__(
        self,
        services: Services,
        *,
        volume: int = DEFAULT_VOLUME,
        muted: bool = False,
        guide: bool = True,
        remember: Callable[[str, object], None] | None = None,
    ) -> None:
        self._services = services
        self._remember = remember or services.remember_setting
        self.volume = volume
        self.muted = muted
        self.guide = guide

    @property
    def has_sound(self) -> bool:
        return self._services.has_sound

    def toggle_mute(self) -> bool:
        self.muted = not self.muted
        self._services.set_muted(self.muted)
        return self.muted

    def toggle_guide(self) -> bool:
        """The guide layer on or off for this app's sessions, at once."""
        self.guide = not self.guide
        self._services.set_guide(self.guide)
        return self.guide

    def toggle_voice(self) -> bool:
        """The voice prompts on or off for this app's sessions, from the next phase."""
        return self._services.toggle_voice()

    def use_bell(self) -> None:
        self.muted = False
        self._services.use_bell()

    @property
    def no_device(self) -> bool:
        return self.has_sound and self._services.sound_status() == NO_DEVICE

    def status(self) -> str:
        """The header's sound words; without a player, what the mute key says."""
        if self.has_sound:
            return self._services.sound_status()
        return "muted" if self.muted else "sound on"

    def heart_status(self) -> HeartShown | None:
        return self._services.heart_status()

    def change_volume(self, step: int) -> int:
        """Up or down by `step` within 0-100; kept for the next sessions too."""
        self.volume = max(0, min(MAX_VOLUME, self.volume + step))
        self._services.set_volume(self.volume)
        self._remember("volume", self.volume)
        return self.volume
