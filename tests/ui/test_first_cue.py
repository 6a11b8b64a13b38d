"""`--lead-in 0` in the app: the session starts before the sound device has opened (it opens
off the UI thread), and the first inhale cue must still be heard, with the guide under it."""

from __future__ import annotations

import threading
import time
from fractions import Fraction
from typing import Any

import pytest

from breathe.audio.cues import Cue
from breathe.audio.mixer import Playback
from breathe.audio.player import BackgroundPlayer, OpenedPlayer, SilentPlayer
from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.ui import wiring as app_wiring
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
from breathe.ui.wiring import AudioChoice, SessionServices
from tests.helpers.pilot import fixed_wall_clock, word

pytestmark = pytest.mark.app


class Device(SilentPlayer):
    name = "miniaudio"

    def __init__(self) -> None:
        super().__init__(40)
        self.played: list[tuple[Cue, float | None]] = []
        self.guides: list[object] = []

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        self.played.append((cue, max_seconds))
        return Playback(frames=1, queued_at=0.0)

    def set_guide(self, guide: Any) -> bool:
        self.guides.append(guide)
        return True


async def test_the_first_cue_is_heard_when_the_device_opens_after_the_start(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = Device()
    opening = threading.Event()

    def slow_open(*args: Any, **options: Any) -> OpenedPlayer:
        opening.wait(5)
        time.sleep(0.15)  # the device takes 150 ms to open after the session started
        return OpenedPlayer(device)

    def background(choice: str, volume: int, on_ready: Any = None) -> BackgroundPlayer:
        return BackgroundPlayer(choice, volume, on_ready, opener=slow_open)

    monkeypatch.setattr(app_wiring, "open_player_in_background", background)
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=1), lead_in=Fraction(0))
    services = SessionServices(AudioChoice("auto", 40))
    app = BreatheApp(
        # The real clock: the cue's remaining time is read on it, as the device opens.
        plan,
        get_time=time.monotonic,
        wall_clock=fixed_wall_clock,
        services=services,
    )
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            assert word(app).startswith("INHALE")
            assert device.played == []  # asked for while the device was still opening
            opening.set()
            player = services.player
            assert player.wait(5) is not None
            assert [cue for cue, _ in device.played] == [Cue.INHALE]
            (_, max_seconds) = device.played[0]
            assert max_seconds is not None and 2.5 < max_seconds <= 3.0  # what is left of it
            assert device.guides and device.guides[-1] is not None, "the guide came too"
    finally:
        services.close()
