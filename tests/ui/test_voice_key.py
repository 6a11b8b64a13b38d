"""`v` in a session: voice prompts on (or off) at once. A custom prompt in the sounds folder
that cannot be read is said in the header, once, as at a start with voice on; the session
goes on. No sound device here: the prompts are read all the same (as at a start)."""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import pytest

from breathe.audio.miniaudio_player import MiniaudioPlayer
from breathe.audio.player import AudioUnavailable
from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.system.paths import user_sounds_dir
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
from tests.helpers.pilot import fixed_wall_clock

pytestmark = pytest.mark.app


async def until(check: Any, pilot: Any, within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "not within the time"
        await pilot.pause(0.02)


async def test_voice_turned_on_mid_session_tells_a_broken_prompt_once(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sounds = user_sounds_dir()
    sounds.mkdir(parents=True)
    (sounds / "voice-hold.wav").write_bytes(b"RIFF, but not a WAV at all")

    def no_device(*args: Any, **options: Any) -> MiniaudioPlayer:
        raise AudioUnavailable("no audio device found")

    monkeypatch.setattr(MiniaudioPlayer, "open", no_device)
    told: list[str] = []
    tell = SessionScreen.tell

    def heard(screen: SessionScreen, message: str) -> None:
        told.append(message)
        tell(screen, message)

    monkeypatch.setattr(SessionScreen, "tell", heard)
    plan = plan_session(Catalogue(), "box", DoseChoice(breaths=20), lead_in=Fraction(0))
    services = SessionServices(AudioChoice("miniaudio", 40, voice=False))
    app = BreatheApp(plan, wall_clock=fixed_wall_clock, services=services)
    # As `cli.run` wires them.
    services.notify = lambda message: app.notify(message)
    services.notify_from_thread = lambda message: app.call_from_thread(app.notify, message)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            await until(lambda: screen.run.clock.started, pilot)
            assert services.player.wait(5) is not None
            await pilot.pause(0.1)
            assert not [m for m in told if "voice-hold" in m]  # voice off: not read

            await pilot.press("v")
            await until(lambda: any("voice-hold" in m for m in told), pilot)
            (notice,) = [m for m in told if "voice-hold" in m]
            assert str(sounds / "voice-hold.wav") in notice
            assert notice.endswith("using the built-in voice-hold sound")
            assert "voice prompts on" in told
            assert services.kit.cues is not None and services.kit.cues.voice

            await pilot.press("v", "v")  # off and on again: not told twice
            await pilot.pause(0.2)
            assert told.count("voice prompts off") == 1
            assert len([m for m in told if "voice-hold" in m]) == 1
            assert app.screen is screen and app.screen.run.result is None  # the session goes on
            await pilot.press("q", "y")
            await pilot.pause()
    finally:
        services.close()
