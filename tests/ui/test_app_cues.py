"""The app's sessions reach the audio listener through the wrappers: pause, resume and the
between-sets "set done" sound are played in the app as in plain mode."""

from __future__ import annotations

from fractions import Fraction

import pytest

from breathe.audio.cues import Cue
from breathe.audio.listener import AudioCues
from breathe.audio.mixer import Playback
from breathe.audio.player import SilentPlayer
from breathe.core.catalogue import Catalogue
from breathe.core.plan import DoseChoice, plan_session
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import at, make_app, word

pytestmark = pytest.mark.app


class Played(SilentPlayer):
    """A device that keeps the cues asked of it."""

    name = "recording"

    def __init__(self) -> None:
        super().__init__(40)
        self.cues: list[Cue] = []

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        self.cues.append(cue)
        return Playback(frames=1, queued_at=0.0)


def cues_on(device: Played, clock: FakeClock) -> AudioCues:
    return AudioCues(device, get_time=clock, guide=False, voice=False)


async def test_space_pauses_and_resumes_with_their_sounds(safety_seen: None) -> None:
    clock = FakeClock()
    device = Played()
    plan = plan_session(Catalogue(), "box", DoseChoice(breaths=2), lead_in=Fraction(0))
    app = make_app(plan, clock, cues_on(device, clock))
    async with app.run_test(size=(100, 30)) as pilot:
        await at(app, clock, pilot, 1)
        assert word(app) == "INHALE"
        await pilot.press("space")
        await pilot.pause()
        assert device.cues[-1] is Cue.PAUSE
        await at(app, clock, pilot, 5)
        await pilot.press("space")
        await pilot.pause()
        assert device.cues[-1] is Cue.RESUME
        assert device.cues == [Cue.INHALE, Cue.PAUSE, Cue.RESUME]


async def test_a_between_sets_wait_plays_the_set_done_sound(safety_seen: None) -> None:
    clock = FakeClock()
    device = Played()
    plan = plan_session(Catalogue(), "between-sets", lead_in=Fraction(0))
    app = make_app(plan, clock, cues_on(device, clock))
    round_seconds = 5 * 13  # wall-sit, 4-0-7-2, five breaths
    async with app.run_test(size=(100, 30)) as pilot:
        await at(app, clock, pilot, round_seconds - 1)
        assert Cue.SET_DONE not in device.cues
        await at(app, clock, pilot, round_seconds + 0.5)
        assert word(app) == "SET 1 DONE"
        assert device.cues[-1] is Cue.SET_DONE
        assert device.cues.count(Cue.SET_DONE) == 1
