"""The guide renders each phase shape once and hands the device slices of it: later breaths
cost no synthesis, the mixer passes the guide's bytes through untouched, and neither a
volume change nor a device clock that drifts from the session clock makes a click."""

from __future__ import annotations

import array

import numpy as np
import pytest

from breathe.audio import synth
from breathe.audio.cues import SAMPLE_RATE
from breathe.audio.guide import Guide
from breathe.audio.mixer import Mixer
from breathe.core.engine import SegmentKind
from breathe.core.session import SessionRun
from tests.helpers.clock import FakeClock
from tests.helpers.guide_render import plan

RATE = SAMPLE_RATE
FRAMES = 220


def guide_run(pattern: str, breaths: int = 3) -> tuple[Guide, SessionRun, FakeClock]:
    p = plan("box", breaths=breaths, pattern=pattern)
    clock = FakeClock()
    run = SessionRun(p, get_time=clock)
    run.start()
    return Guide(run), run, clock


def test_a_later_breath_of_the_same_shape_synthesizes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    guide, run, clock = guide_run("2-1-2-1")  # breaths 1 and 2 alike, the 3rd an octave up
    steps: list[float] = []
    original = synth.Oscillator.samples

    def counting(self: synth.Oscillator, sound: object, m: int, amp: float) -> object:
        steps.append(run.clock.elapsed())
        return original(self, sound, m, amp)  # type: ignore[arg-type]

    monkeypatch.setattr(synth.Oscillator, "samples", counting)
    total = run.schedule.total
    while run.clock.elapsed() < total:
        guide.render(FRAMES, 0.5)
        clock.now += FRAMES / RATE
    second = [s for s in run.schedule.segments if s.breath == 2]
    assert steps, "the first breath was synthesized"
    # A block or so ahead of the first breath's end at most; nothing in the second's middle.
    assert not [t for t in steps if second[0].start + 0.5 < t < second[-1].end - 0.5]
    third_inhale = next(s for s in run.schedule.segments if s.breath == 3)
    assert third_inhale.kind is SegmentKind.INHALE
    assert any(third_inhale.start - 0.5 <= t < third_inhale.end for t in steps), "octave up"


def test_the_mixer_hands_the_guides_buffer_through_untouched() -> None:
    guide, _, clock = guide_run("4-0-4-0", breaths=1)
    mixer = Mixer(40, get_time=clock)
    mixer.set_guide(guide)
    seen = []
    original = guide.render

    def spy(frames: int, gain: float) -> bytes | None:
        out = original(frames, gain)
        seen.append(out)
        return out

    guide.render = spy  # type: ignore[method-assign]
    same = 0
    for _ in range(200):
        out = mixer.render(FRAMES)
        same += seen[-1] is not None and out is seen[-1]
        clock.now += FRAMES / RATE
    assert same > 150


def jumps(x: np.ndarray) -> float:
    """The largest sample-to-sample step, relative to the largest the tone makes itself."""
    d = np.abs(np.diff(x))
    return float(d.max() / np.percentile(d, 99.5))


def test_a_volume_change_in_the_middle_of_a_phase_is_smooth() -> None:
    guide, _, clock = guide_run("3-0-3-0", breaths=1)  # no ticks: 3 s phases
    out = []
    for i in range(250):
        gain = 0.5 if i < 120 else 0.7
        chunk = guide.render(FRAMES, gain)
        assert chunk is not None
        out.append(np.frombuffer(chunk, dtype=np.int16).astype(np.float64))
        clock.now += FRAMES / RATE
    x = np.concatenate(out)
    at = 120 * FRAMES
    assert np.abs(x[at : at + FRAMES]).max() > 1.3 * np.abs(x[at - FRAMES : at]).max()
    assert jumps(x[at - 2000 : at + 2000]) < 2.0


@pytest.mark.parametrize("rate", [0.995, 1.005])
def test_a_device_clock_that_drifts_neither_clicks_nor_leaves_the_session_clock(
    rate: float,
) -> None:
    """The device takes samples 0.5 % faster or slower than the session clock runs: inside
    a phase the tone keeps its own sample count, each phase starts where the clock has it."""
    guide, run, clock = guide_run("3-0-3-0", breaths=3)
    out = []
    starts = []
    total = run.schedule.total
    while run.clock.elapsed() < total:
        chunk = guide.render(FRAMES, 0.5)
        out.append(np.zeros(FRAMES) if chunk is None else np.frombuffer(chunk, dtype=np.int16))
        starts.append(run.clock.elapsed())
        clock.now += rate * FRAMES / RATE
    x = np.concatenate(out).astype(np.float64)
    assert jumps(x) < 2.5
    # Between two phases the sound dips to nothing (each fades out and in over 20 ms; the
    # first may end early by its drift, 15 ms here): the next one rises from where the clock
    # has the edge, within 5 ms.
    clock_at = np.repeat(starts, FRAMES) + np.tile(np.arange(FRAMES) * rate / RATE, len(starts))
    hop = RATE // 1000
    for seg in run.schedule.segments[1:]:
        near = np.flatnonzero(np.abs(clock_at - seg.start) < 0.03)
        env = np.array([np.abs(x[i : i + hop]).mean() for i in range(near[0], near[-1], hop)])
        quiet = np.flatnonzero(env < 0.03 * env.max())
        rise = near[0] + hop * (int(quiet[-1]) + 1)
        assert clock_at[rise] == pytest.approx(seg.start, abs=0.005), seg


def test_the_phase_cache_keeps_within_its_bound() -> None:
    guide, run, _ = guide_run("2-1-2-1", breaths=2)
    score = guide.score
    osc = synth.Oscillator(array.array("h", [0, 100, -100, 0]))
    cache = synth.PhaseCache(score, 0.1, osc, max_bytes=200_000)  # two 2 s phases
    biggest = 0
    for seg in run.schedule.segments:
        audio = cache.get(seg)
        audio.read(0, audio.frames, 0.5)
        biggest = max(biggest, audio.kept_bytes)
        assert cache._kept() <= 200_000 + biggest  # (the one playing may take it over)
    shapes = {score.sound_key(s) for s in run.schedule.segments}
    assert 2 <= len(cache._phases) < len(shapes)


@pytest.mark.parametrize("pattern", ["4-0-8-0", "3-2-6-1"])
def test_a_jump_into_a_phase_renders_only_where_it_lands_and_sounds_the_same(
    monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    """Unmuting, turning the guide on or a stalled device lands in the middle of a phase not
    yet rendered: the blocks before are stepped over (no samples made), and what is read
    there is what playing the phase through would have given, sample for sample."""
    guide, run, _ = guide_run(pattern, breaths=1)
    made: list[int] = []
    original = synth.Oscillator.samples

    def counting(self: synth.Oscillator, sound: object, m: int, amp: float) -> object:
        made.append(m)
        return original(self, sound, m, amp)  # type: ignore[arg-type]

    for kind in (SegmentKind.INHALE, SegmentKind.EXHALE):
        seg = next(s for s in run.schedule.segments if s.kind is kind)
        through = synth.PhaseAudio(guide.score, seg, 0.1, synth.Oscillator(guide_noise()))
        whole = through.read(0, through.frames, 0.5)
        jumped = synth.PhaseAudio(guide.score, seg, 0.1, synth.Oscillator(guide_noise()))
        made.clear()
        monkeypatch.setattr(synth.Oscillator, "samples", counting)
        at = through.frames - 3 * synth.BLOCK // 2  # well into the phase's last blocks
        part = jumped.read(at, at + FRAMES, 0.5)
        monkeypatch.undo()
        assert 0 < sum(made) <= synth.BLOCK  # the block landed in, nothing before it
        assert whole is not None and part is not None
        assert part == whole[2 * at : 2 * (at + FRAMES)]


def guide_noise() -> array.array[int]:
    from breathe.audio.waveforms import breath_loop

    return breath_loop()
