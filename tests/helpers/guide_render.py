"""Render a whole session through the real Mixer on a fake clock: what the device would get."""

from __future__ import annotations

import array
from dataclasses import dataclass, field
from fractions import Fraction

from breathe.audio.cues import SAMPLE_RATE, load_cues
from breathe.audio.listener import AudioCues
from breathe.audio.mixer import Mixer
from breathe.audio.player import MiniaudioPlayer
from breathe.core.catalogue import Catalogue
from breathe.core.engine import ExhaleStyle
from breathe.core.plan import DoseChoice, SessionPlan, plan_session
from breathe.core.session import SessionRun
from tests.helpers.clock import FakeClock

FRAMES = 220  # one 10 ms device buffer


class FakeDevice:
    def close(self) -> None:
        pass


@dataclass
class Rendered:
    plan: SessionPlan
    samples: array.array[int]
    start: float  # clock reading at sample 0
    run: SessionRun
    pauses: list[tuple[float, float]] = field(default_factory=list)  # active time, seconds
    # Each cue played: its name, first sample and length in samples.
    cue_onsets: list[tuple[str, int, int]] = field(default_factory=list)

    def sample_at(self, active: float) -> int:
        """Output sample index of an instant of active time (pauses shift later ones)."""
        shift = sum(length for at, length in self.pauses if at <= active)
        return round((active + shift) * SAMPLE_RATE)


def plan(
    id: str,
    *,
    breaths: int | None = None,
    pattern: str | None = None,
    exhale: ExhaleStyle | None = None,
    lead_in: float = 0,
    sets: int = 1,
) -> SessionPlan:
    dose = DoseChoice(breaths=breaths, sets=sets) if breaths is not None else None
    return plan_session(
        Catalogue(), id, dose, exhale=exhale, pattern=pattern, lead_in=Fraction(lead_in)
    )


def render(
    session: SessionPlan,
    *,
    volume: int = 100,
    guide: bool = True,
    pause: tuple[float, float] | None = None,  # at active time, for seconds
    tail: float = 0.5,
    cues: bool = True,  # False: the guide alone, to analyse it without the cues on top
    voice: bool = False,
    guide_key_at: float | None = None,  # active time the guide is turned on (the `g` key)
) -> Rendered:
    clock = FakeClock()
    mixer = Mixer(volume, get_time=clock)
    player = MiniaudioPlayer(load_cues(None), mixer, FakeDevice(), get_time=clock)
    run = SessionRun(session, get_time=clock)
    audio = AudioCues(player, get_time=clock, guide=guide, voice=voice)
    run.add_listener(audio)
    out = array.array("h")
    start = clock.now
    played: list[tuple[str, int, int]] = []
    original = mixer.play

    def spy(samples: array.array[int]) -> object:
        playback = original(samples) if cues else None
        name = next(
            (c.value for c, s in player._cues.sounds.items() if s.samples[:64] == samples[:64]),
            "?",
        )
        played.append((name, len(out), len(samples)))
        return playback

    mixer.play = spy  # type: ignore[method-assign]
    run.start()
    rendered = Rendered(session, out, start, run, cue_onsets=played)
    paused_until: float | None = None
    end_at: float | None = None
    while True:
        if pause is not None and paused_until is None and run.clock.elapsed() >= pause[0]:
            rendered.pauses.append((run.clock.elapsed(), pause[1]))
            run.toggle_pause()
            paused_until = clock.now + pause[1]
        if paused_until is not None and run.paused and clock.now >= paused_until - 1e-9:
            run.toggle_pause()
        if guide_key_at is not None and not audio.guide_on and run.clock.elapsed() >= guide_key_at:
            audio.set_guide_on(True)
        run.poll()
        buffer = mixer.render(FRAMES)
        if isinstance(buffer, bytes):  # silence comes as bytes
            out.frombytes(buffer)
        else:
            out.extend(buffer)
        clock.now += FRAMES / SAMPLE_RATE
        if run.result is not None and end_at is None:
            end_at = clock.now + tail
        if end_at is not None and clock.now >= end_at:
            break
    audio.close(finish_timeout=0)
    return rendered
