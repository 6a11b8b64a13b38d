"""App services for tests: each hook optional, calls go to the callables given; kept
routines stay in `kept`, so one FakeServices handed to two apps is "the next run"."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from breathe.core.session import SessionListener, SessionResult, SessionRun
from breathe.system import app_state
from breathe.ui.services import HistoryView, NoServices


@dataclass
class FakeServices(NoServices):
    listeners_of: Callable[[SessionRun], Sequence[SessionListener]] | None = None
    on_mute: Callable[[bool], None] | None = None
    on_rating: Callable[[SessionResult, int], None] | None = None
    on_pace: Callable[[SessionResult, str], None] | None = None
    on_tension_before: Callable[[int | None], None] | None = None
    on_setting: Callable[[str, object], None] | None = None
    on_volume: Callable[[int], None] | None = None
    history: Callable[[], HistoryView] | None = None
    muted: bool = False
    on_guide: Callable[[bool], None] | None = None
    on_bell: Callable[[], None] | None = None
    status: str | None = None  # what the header should say; None: from the mute key
    kept: dict[str, Mapping[str, object]] = field(default_factory=dict)
    reminder: str | None = None  # what home shows as the next reminder

    def next_reminder(self) -> str | None:
        return self.reminder

    @property  # type: ignore[override]
    def has_sound(self) -> bool:
        return self.on_volume is not None

    @property  # type: ignore[override]
    def keeps_history(self) -> bool:
        return self.on_tension_before is not None

    def safety_seen(self) -> bool:
        """As the real services: the state file decides (the `safety_seen` fixture)."""
        return app_state.safety_seen()

    def mark_safety_seen(self) -> None:
        app_state.mark_safety_seen()

    def listeners(self, run: SessionRun) -> Sequence[SessionListener]:
        return self.listeners_of(run) if self.listeners_of is not None else ()

    def sound_status(self) -> str:
        if self.status is not None:
            return self.status
        return "muted" if self.muted else "sound on"

    def set_guide(self, on: bool) -> None:
        if self.on_guide is not None:
            self.on_guide(on)

    def use_bell(self) -> None:
        if self.on_bell is not None:
            self.on_bell()

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if self.on_mute is not None:
            self.on_mute(muted)

    def set_volume(self, volume: int) -> None:
        if self.on_volume is not None:
            self.on_volume(volume)

    def set_tension_before(self, value: int | None) -> None:
        if self.on_tension_before is not None:
            self.on_tension_before(value)

    def rate(self, result: SessionResult, value: int) -> None:
        if self.on_rating is not None:
            self.on_rating(result, value)

    def pace_check(self, result: SessionResult, felt: str) -> None:
        if self.on_pace is not None:
            self.on_pace(result, felt)

    def remember_setting(self, key: str, value: object) -> None:
        if self.on_setting is not None:
            self.on_setting(key, value)

    def remember_exhale(self, exercise_id: str, style: str) -> None:
        if self.on_setting is not None:
            self.on_setting(f"exhale.{exercise_id}", style)

    def open_history(self) -> HistoryView:
        return self.history() if self.history is not None else super().open_history()
