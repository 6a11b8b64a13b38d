"""The first cue in the app: on its beat when the device opens within the start's wait, and
still heard (with the guide under it) when the device opens after the session started."""

from __future__ import annotations

import threading
import time
from fractions import Fraction
from typing import Any

import pytest

from breathe.audio import player as player_module
from breathe.audio.cues import Cue
from breathe.audio.mixer import Playback
from breathe.audio.player import BackgroundPlayer, OpenedPlayer, SilentPlayer
from breathe.core.catalogue import Catalogue
from breathe.core.engine import SegmentKind
from breathe.core.plan import DoseChoice, plan_session
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.ui import app as app_module
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
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

    def background(
        choice: str, volume: int, on_ready: Any = None, **options: Any
    ) -> BackgroundPlayer:
        return BackgroundPlayer(choice, volume, on_ready, opener=slow_open)

    # The services import it when the first session opens the device.
    monkeypatch.setattr(player_module, "open_player_in_background", background)
    monkeypatch.setattr(app_module, "SOUND_OPEN_WAIT", 0.05)  # it gives up on the device
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
            assert isinstance(app.screen, SessionScreen)
            await started(app.screen, pilot)
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


async def started(screen: SessionScreen, pilot: Any, within: float = 5.0) -> None:
    """Until the session's clock runs (the screen starts it once it is ready)."""
    deadline = time.monotonic() + within
    while not screen.run.clock.started:
        assert time.monotonic() < deadline, "the session never started"
        await pilot.pause(0.01)


class Timed(Device):
    """A device that notes the monotonic instant each cue is asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[Cue, float]] = []

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        self.asked.append((cue, time.monotonic()))
        return super().play(cue, max_seconds)


@pytest.mark.parametrize("lead_in", [0, 3])
async def test_the_first_cue_is_asked_for_on_its_beat(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch, lead_in: int
) -> None:
    """The device takes 200 ms to open, under the start's wait: the clock starts once it is
    open, and the first inhale cue is asked for within 60 ms of its boundary."""
    device = Timed()

    def slow_open(*args: Any, **options: Any) -> OpenedPlayer:
        time.sleep(0.2)
        return OpenedPlayer(device)

    def background(
        choice: str, volume: int, on_ready: Any = None, **options: Any
    ) -> BackgroundPlayer:
        return BackgroundPlayer(choice, volume, on_ready, opener=slow_open)

    # The services import it when the first session opens the device.
    monkeypatch.setattr(player_module, "open_player_in_background", background)
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=1), lead_in=Fraction(lead_in))
    inhale = next(s for s in plan.schedule.segments if s.kind is SegmentKind.INHALE)
    services = SessionServices(AudioChoice("auto", 40, guide=False))
    app = BreatheApp(plan, get_time=time.monotonic, wall_clock=fixed_wall_clock, services=services)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            await started(screen, pilot)
            boundary = screen.run.clock.instant_of(inhale.start)
            while not any(cue is Cue.INHALE for cue, _ in device.asked):
                assert time.monotonic() < boundary + 2, "no inhale cue"
                await pilot.pause(0.01)
            asked = next(at for cue, at in device.asked if cue is Cue.INHALE)
            assert -0.005 <= asked - boundary <= 0.060, f"{asked - boundary:+.3f} s late"
    finally:
        services.close()


async def test_get_ready_shows_while_the_device_opens_without_a_count_in(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No count-in, a device that takes 400 ms to open: until the clock runs the screen says
    GET READY (nothing has started, so nothing says breathe in), then the first phase."""
    device = Device()
    release = threading.Event()

    def slow_open(*args: Any, **options: Any) -> OpenedPlayer:
        release.wait(5)
        return OpenedPlayer(device)

    def background(
        choice: str, volume: int, on_ready: Any = None, **options: Any
    ) -> BackgroundPlayer:
        return BackgroundPlayer(choice, volume, on_ready, opener=slow_open)

    monkeypatch.setattr(player_module, "open_player_in_background", background)
    plan = plan_session(Catalogue(), "wall", DoseChoice(breaths=1), lead_in=Fraction(0))
    services = SessionServices(AudioChoice("auto", 40, guide=False))
    app = BreatheApp(plan, get_time=time.monotonic, wall_clock=fixed_wall_clock, services=services)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            await pilot.pause(0.4)
            assert not screen.run.clock.started
            assert word(app).startswith("GET READY")
            assert screen.bar.level == 0.0
            release.set()
            await started(screen, pilot)
            await pilot.pause(0.05)
            assert word(app).startswith("INHALE")
            assert [cue for cue, _ in device.played] == [Cue.INHALE]
    finally:
        release.set()
        services.close()
