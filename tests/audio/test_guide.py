"""The guide layer and the onset cues, judged on the rendered output stream.

Each session is rendered through the real Mixer, buffer by buffer, on a fake clock (see
`guide_render.py`): exactly what the device would be handed. Loudness is measured with
pyloudnorm (ITU-R BS.1770); pitch by autocorrelation; ticks by the energy above 1 kHz.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

pyln = pytest.importorskip("pyloudnorm", reason="the test extra installs pyloudnorm")

from breathe.audio.cues import SAMPLE_RATE, Cue, load_cues  # noqa: E402
from breathe.audio.guide import Guide  # noqa: E402
from breathe.core.engine import ExhaleStyle, Segment, SegmentKind  # noqa: E402
from tests.helpers.guide_render import Rendered, plan, render  # noqa: E402

RATE = SAMPLE_RATE
TARGET_LUFS = -20.0  # sounds/make_sounds.py: every onset cue at volume 100
np.seterr(divide="ignore")


def pcm(chunk: bytes) -> np.ndarray:
    """A buffer the guide rendered (16-bit bytes), as floats at the same scale."""
    return np.frombuffer(chunk, dtype=np.int16).astype(np.float64)


def as_float(r: Rendered) -> np.ndarray:
    return np.frombuffer(r.samples, dtype=np.int16).astype(np.float64) / 32768.0


def span(r: Rendered, seg: Segment, lead: float = 0.0, trail: float = 0.0) -> tuple[int, int]:
    return r.sample_at(seg.start) + round(lead * RATE), r.sample_at(seg.end) - round(trail * RATE)


def rms_db(x: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(x * x)) + 1e-12))


def pitch(x: np.ndarray, lo: float = 80.0, hi: float = 1000.0) -> float:
    """Autocorrelation pitch (Hz) of a short window, refined by parabolic interpolation."""
    x = x - x.mean()
    n = len(x)
    spec = np.fft.rfft(x, 2 * n)
    ac = np.fft.irfft(spec * np.conj(spec))[:n]
    ac /= ac[0] or 1.0
    lags = np.arange(int(RATE / hi), int(RATE / lo))
    # The shortest lag that repeats nearly as well as the best (not a multiple of the period).
    best = ac[lags].max()
    k = int(lags[np.argmax(ac[lags] > 0.9 * best)])
    while k + 1 < n and ac[k + 1] > ac[k]:
        k += 1
    a, b, c = ac[k - 1], ac[k], ac[k + 1]
    shift = 0.5 * (a - c) / (a - 2 * b + c) if (a - 2 * b + c) else 0.0
    return RATE / (k + shift)


def periodicity(x: np.ndarray) -> float:
    x = x - x.mean()
    n = len(x)
    spec = np.fft.rfft(x, 2 * n)
    ac = np.fft.irfft(spec * np.conj(spec))[:n]
    lags = np.arange(int(RATE / 1000), int(RATE / 60))
    return float(ac[lags].max() / ac[0])


def flatness(x: np.ndarray) -> float:
    """Spectral flatness (geometric over arithmetic mean power) from 200 Hz to 5 kHz."""
    power = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / RATE)
    band = power[(freqs > 200) & (freqs < 5000)] + 1e-20
    return float(np.exp(np.mean(np.log(band))) / np.mean(band))


def highpass(x: np.ndarray, cutoff: float = 400.0) -> np.ndarray:
    """A 2nd-order Butterworth high-pass (RBJ biquad): what a small speaker leaves."""
    w0 = 2 * math.pi * cutoff / RATE
    alpha = math.sin(w0) / (2 * (1 / math.sqrt(2)))
    cw = math.cos(w0)
    b = np.array([(1 + cw) / 2, -(1 + cw), (1 + cw) / 2]) / (1 + alpha)
    a = np.array([1.0, -2 * cw / (1 + alpha), (1 - alpha) / (1 + alpha)])
    y = np.zeros_like(x)
    x1 = x2 = y1 = y2 = 0.0
    for i, v in enumerate(x):
        out = b[0] * v + b[1] * x1 + b[2] * x2 - a[1] * y1 - a[2] * y2
        y[i] = out
        x2, x1, y2, y1 = x1, v, y1, out
    return y


def momentary_max(x: np.ndarray) -> float:
    """BS.1770 momentary loudness (400 ms), the loudest block, hop 10 ms; silence around."""
    meter = pyln.Meter(RATE, block_size=0.4)
    block = int(0.4 * RATE)
    pad = np.zeros(block)
    x = np.concatenate([pad, x, pad])
    return max(
        meter.integrated_loudness(x[s : s + block]) for s in range(0, len(x) - block, RATE // 100)
    )


def loudness(x: np.ndarray) -> float:
    return float(pyln.Meter(RATE, block_size=0.4).integrated_loudness(x))


def tick_onsets(x: np.ndarray, start: int) -> list[float]:
    """Seconds (from `start`) where energy above 1 kHz jumps: each tick's onset."""
    spec = np.fft.rfft(x)
    freqs = np.fft.rfftfreq(len(x), 1 / RATE)
    spec[freqs < 1000] = 0
    high = np.fft.irfft(spec, len(x))
    hop = RATE // 1000  # 1 ms
    env = np.array([np.sqrt(np.mean(high[i : i + hop] ** 2)) for i in range(0, len(x) - hop, hop)])
    # Well above what a steady sound (the hum's upper partials) puts in that band.
    threshold = max(0.3 * env.max(), 4 * float(np.median(env)))
    onsets: list[float] = []
    for i, v in enumerate(env):
        if v > threshold and (not onsets or i / 1000 - onsets[-1] > 0.1):
            onsets.append(i / 1000)
    return [(o * RATE + start) / RATE for o in onsets]


def breath_segments(r: Rendered, kind: SegmentKind) -> list[Segment]:
    return [s for s in r.plan.schedule.segments if s.kind is kind]


# -- sessions, rendered once per module --------------------------------------------------------


@pytest.fixture(scope="module")
def hooklying() -> tuple[Rendered, Rendered]:
    p = plan("hooklying", breaths=2)
    return render(p), render(p, cues=False)


@pytest.fixture(scope="module")
def wall() -> tuple[Rendered, Rendered]:
    p = plan("wall", breaths=2)
    return render(p), render(p, cues=False)


@pytest.fixture(scope="module")
def box() -> tuple[Rendered, Rendered]:
    p = plan("box", breaths=2, lead_in=3)
    return render(p), render(p, cues=False)


@pytest.fixture(scope="module")
def sigh() -> tuple[Rendered, Rendered]:
    p = plan("sigh", breaths=3)
    return render(p), render(p, cues=False)


SESSIONS = ["hooklying", "wall", "box", "sigh"]


# -- onset cues ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SESSIONS)
def test_every_onset_cue_once_on_time_whole_and_not_overlapping(
    name: str, request: pytest.FixtureRequest
) -> None:
    full, _ = request.getfixturevalue(name)
    expected = []
    from breathe.audio.cues import cue_for_segment

    for seg in full.plan.schedule.segments:
        cue = cue_for_segment(full.plan.schedule, seg, full.plan.block_for(seg).exhale)
        if cue is not None:
            expected.append((cue.value, seg))
    played = [c for c in full.cue_onsets if c[0] != Cue.SESSION_DONE.value]
    assert [c[0] for c in played] == [e[0] for e in expected]
    assert full.cue_onsets[-1][0] == Cue.SESSION_DONE.value
    for (name_, at, length), (_, seg) in zip(played, expected, strict=True):
        boundary = full.sample_at(seg.start)
        assert 0 <= at - boundary <= RATE // 100 + 1, (name_, seg)  # within one 10 ms buffer
        assert at + length <= full.sample_at(seg.end), f"{name_} outlasts its phase"
    for (_, at, length), (_, nxt, _) in zip(played, full.cue_onsets[1:], strict=False):
        assert at + length <= nxt, "a cue runs into the next"


def test_a_top_up_inhale_has_its_own_short_cue(sigh: tuple[Rendered, Rendered]) -> None:
    full, _ = sigh
    names = [c[0] for c in full.cue_onsets]
    assert names[:3] == ["inhale", "inhale-top-up", "exhale-ha"]
    top_up = [c for c in full.cue_onsets if c[0] == "inhale-top-up"]
    assert all(0.1 <= length / RATE <= 0.16 for _, _, length in top_up)


def test_a_cue_longer_than_its_phase_is_cut_with_a_fade() -> None:
    r = render(plan("box", breaths=1, pattern="0.3-0.3-0.3-0.3"), guide=False)
    x = as_float(r)
    for seg in r.plan.schedule.segments:
        _a, b = span(r, seg)
        # No click at the cut: the last 2 ms before the next phase are near silence.
        assert np.abs(x[b - RATE // 500 : b]).max() < 0.01, seg
    assert all(length <= round(0.3 * RATE) for _, _, length in r.cue_onsets[:-1])


@pytest.mark.parametrize("cue", list(Cue), ids=lambda c: c.value)
def test_each_cue_is_at_the_loudness_target(cue: Cue) -> None:
    x = np.asarray(load_cues(None)[cue].samples, dtype=np.float64) / 32768.0
    assert abs(momentary_max(x) - TARGET_LUFS) <= 1.5


@pytest.mark.parametrize("cue", list(Cue), ids=lambda c: c.value)
def test_a_small_speaker_keeps_each_cue(cue: Cue) -> None:
    """A 400 Hz high-pass (laptop and phone speakers) costs at most 6 dB of loudness."""
    x = np.asarray(load_cues(None)[cue].samples, dtype=np.float64) / 32768.0
    assert momentary_max(x) - momentary_max(highpass(x)) <= 6.0


# -- the guide -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SESSIONS)
def test_the_guide_fills_every_inhale_and_exhale(name: str, request: pytest.FixtureRequest) -> None:
    """Never more than 12 dB under its median inside the phase (outside the onset cue)."""
    _, guide = request.getfixturevalue(name)
    x = as_float(guide)
    for seg in guide.plan.schedule.segments:
        if seg.kind not in (SegmentKind.INHALE, SegmentKind.EXHALE):
            continue
        a, b = span(guide, seg, lead=0.05, trail=0.05)
        win = RATE // 20  # 50 ms
        levels = [rms_db(x[i : i + win]) for i in range(a, b - win + 1, win // 2)]
        assert levels and min(levels) >= np.median(levels) - 12, (seg, levels)
        assert np.median(levels) > -60, "audible"


@pytest.mark.parametrize("name", SESSIONS)
def test_the_guide_under_the_cues_is_heard_between_them(
    name: str, request: pytest.FixtureRequest
) -> None:
    """In the real mix: after each onset cue ends, to the end of its phase, no hole."""
    full, _ = request.getfixturevalue(name)
    x = as_float(full)
    onsets = {at: at + length for _, at, length in full.cue_onsets}
    for seg in full.plan.schedule.segments:
        if seg.kind not in (SegmentKind.INHALE, SegmentKind.EXHALE):
            continue
        a, b = span(full, seg, trail=0.05)
        cue_end = max((end for at, end in onsets.items() if a <= at < b), default=a)
        win = RATE // 20
        levels = [rms_db(x[i : i + win]) for i in range(cue_end, b - win + 1, win // 2)]
        if len(levels) >= 4:
            assert min(levels) >= np.median(levels) - 12, (seg, levels)


def glide(x: np.ndarray, a: int, b: int, lo: float, hi: float) -> list[float]:
    win = int(0.06 * RATE)
    n = b - a
    return [
        pitch(x[a + int(f * n) - win // 2 : a + int(f * n) + win // 2], lo, hi)
        for f in (0.1, 0.35, 0.6, 0.85, 0.95)  # clear of the countdown ticks
    ]


@pytest.mark.parametrize("name", ["hooklying", "wall", "box"])
def test_the_inhale_glides_up_a_fifth(name: str, request: pytest.FixtureRequest) -> None:
    _, guide = request.getfixturevalue(name)
    x = as_float(guide)
    first = breath_segments(guide, SegmentKind.INHALE)[0]
    track = glide(x, *span(guide, first), 150, 600)
    assert track == sorted(track), track
    assert 250 <= track[0] <= 275 and 380 <= track[-1] <= 395, track


def test_the_last_breath_is_announced_an_octave_up(box: tuple[Rendered, Rendered]) -> None:
    _, guide = box
    x = as_float(guide)
    first, last = breath_segments(guide, SegmentKind.INHALE)
    low = glide(x, *span(guide, first), 150, 1000)
    high = glide(x, *span(guide, last), 150, 1000)
    for a, b in zip(low, high, strict=True):
        assert b / a == pytest.approx(2.0, rel=0.03)


def test_a_top_up_continues_the_glide(sigh: tuple[Rendered, Rendered]) -> None:
    _, guide = sigh
    x = as_float(guide)
    segs = guide.plan.schedule.segments
    first, top_up = segs[0], segs[1]
    assert (first.kind, top_up.kind) == (SegmentKind.INHALE, SegmentKind.INHALE)
    rise = glide(x, *span(guide, first), 150, 600)
    more = glide(x, *span(guide, top_up, lead=0.05, trail=0.05), 150, 600)
    assert rise == sorted(rise) and more == sorted(more)
    assert more[0] >= rise[-1] * 0.98 and more[-1] > rise[-1] * 1.05, (rise, more)


def test_the_hum_exhale_falls_and_keeps_on_a_small_speaker(
    hooklying: tuple[Rendered, Rendered],
) -> None:
    _, guide = hooklying
    x = as_float(guide)
    exhale = breath_segments(guide, SegmentKind.EXHALE)[0]
    assert guide.plan.block_for(exhale).exhale is ExhaleStyle.HUM
    a, b = span(guide, exhale, lead=0.05, trail=0.05)
    track = glide(x, a, b, 80, 200)
    assert track == sorted(track, reverse=True), track
    assert 125 <= track[0] <= 135 and 108 <= track[-1] <= 115, track
    part = x[a:b]
    assert loudness(part) - loudness(highpass(part)) <= 6.0


def test_the_ha_exhale_is_breath_noise(wall: tuple[Rendered, Rendered]) -> None:
    _, guide = wall
    x = as_float(guide)
    exhale = breath_segments(guide, SegmentKind.EXHALE)[0]
    a, b = span(guide, exhale, lead=0.1, trail=0.1)
    mid = (a + b) // 2
    part = x[mid - 4096 : mid + 4096]
    assert periodicity(part) < 0.3, "no pitch"
    assert flatness(part) > 0.05


def test_the_hum_is_a_tone_not_noise(hooklying: tuple[Rendered, Rendered]) -> None:
    """The counterpart of the ha test, so its thresholds mean something."""
    _, guide = hooklying
    x = as_float(guide)
    exhale = breath_segments(guide, SegmentKind.EXHALE)[0]
    a, _b = span(guide, exhale, lead=0.1, trail=0.1)
    part = x[a + 4096 : a + 3 * 4096]
    assert periodicity(part) > 0.9
    assert flatness(part) < 0.01


def test_ticks_once_per_whole_second_in_holds_and_rests(box: tuple[Rendered, Rendered]) -> None:
    _, guide = box
    x = as_float(guide)
    for seg in guide.plan.schedule.segments:
        if seg.kind not in (SegmentKind.HOLD, SegmentKind.REST):
            continue
        a, b = span(guide, seg, lead=0.05, trail=0.05)
        onsets = tick_onsets(x[a:b], a)
        starts = [o - a / RATE for o in onsets]
        assert len(starts) == math.ceil(seg.seconds) - 1, (seg, starts)
        for k, at in enumerate(starts, start=1):
            assert at == pytest.approx(k - 0.05, abs=0.02), (seg, starts)
        gaps = np.diff(onsets)
        assert all(abs(g - 1.0) <= 0.02 for g in gaps), gaps


def test_the_count_in_ticks_3_2_1(box: tuple[Rendered, Rendered]) -> None:
    _, guide = box
    x = as_float(guide)
    lead = guide.plan.schedule.segments[0]
    assert lead.kind is SegmentKind.LEAD_IN and lead.seconds == 3
    onsets = tick_onsets(x[: guide.sample_at(lead.end)], 0)
    assert onsets == pytest.approx([0.0, 1.0, 2.0], abs=0.02)


def test_a_long_phase_counts_down_its_last_3_seconds(
    hooklying: tuple[Rendered, Rendered],
) -> None:
    """Above 1 kHz, so a hum does not mask it: 8 s exhale -> ticks at 5, 6 and 7 s."""
    _, guide = hooklying
    x = as_float(guide)
    exhale = breath_segments(guide, SegmentKind.EXHALE)[0]
    a, b = span(guide, exhale, lead=0.2)  # past the hum's own start
    start = guide.sample_at(exhale.start) / RATE
    # (A brick-wall filter rings at the cut's very edge: look from 100 ms in.)
    onsets = [o - start for o in tick_onsets(x[a:b], a) if o - a / RATE > 0.1]
    assert onsets == pytest.approx([5.0, 6.0, 7.0], abs=0.02)


@pytest.mark.parametrize("name", ["hooklying", "wall"])
def test_the_guide_sits_8_to_10_lu_under_the_cues(
    name: str, request: pytest.FixtureRequest
) -> None:
    _, guide = request.getfixturevalue(name)
    x = as_float(guide)
    for kind in (SegmentKind.INHALE, SegmentKind.EXHALE):
        seg = breath_segments(guide, kind)[0]
        a, b = span(guide, seg, lead=0.05, trail=0.05)
        level = loudness(x[a:b])
        assert TARGET_LUFS - 10.5 <= level <= TARGET_LUFS - 7.5, (kind, level)


# -- pause and resume -----------------------------------------------------------------------------


def test_pause_blips_fades_the_guide_and_shifts_everything_after() -> None:
    p = plan("hooklying", breaths=2)
    pause_at, pause_for = 2.0, 1.5  # in the middle of the first inhale
    r = render(p, pause=(pause_at, pause_for))
    x = as_float(r)
    names = [c[0] for c in r.cue_onsets]
    assert names[:3] == ["inhale", "pause", "resume"]
    (_, pause_sample, pause_len), (_, resume_sample, _) = r.cue_onsets[1:3]
    key = round(pause_at * RATE)
    assert 0 <= pause_sample - key <= 0.03 * RATE, "the blip within 30 ms of the key"
    assert 0 <= resume_sample - (key + round(pause_for * RATE)) <= 0.03 * RATE
    # Silence while paused, once the blip and the guide's fade (<= 150 ms) are over.
    quiet = x[max(pause_sample + pause_len, key + int(0.15 * RATE)) : resume_sample]
    assert np.abs(quiet).max() < 1e-4
    # The guide itself fades within 150 ms of the key.
    alone = render(p, pause=(pause_at, pause_for), cues=False)
    y = as_float(alone)
    assert np.abs(y[key + int(0.15 * RATE) : key + round(pause_for * RATE)]).max() < 1e-4
    # ... and resumes where it was: the same pitch just after as just before.
    win = int(0.06 * RATE)
    before = pitch(y[key - win - 200 : key - 200], 150, 600)
    after = pitch(
        y[key + round(pause_for * RATE) + 1200 : key + round(pause_for * RATE) + 1200 + win],
        150,
        600,
    )
    assert after == pytest.approx(before, rel=0.03)
    # Every later onset is its boundary plus exactly the pause (+-15 ms).
    later = [c for c in r.cue_onsets[3:] if c[0] != "session-done"]
    segs = [s for s in p.schedule.segments if s.start > pause_at]
    assert len(later) == len(segs)
    paused = r.run.clock.paused_seconds()  # the fake key presses land on 10 ms buffers
    assert paused == pytest.approx(pause_for, abs=0.011)
    for (_, at, _), seg in zip(later, segs, strict=True):
        expected = (seg.start + paused) * RATE
        assert abs(at - expected) <= 0.015 * RATE


# -- cheap -----------------------------------------------------------------------------------------


def test_a_guide_buffer_is_cheap() -> None:
    """Steady state (tables warm): well under 0.5 % of a core at 100 buffers a second."""
    import time

    from breathe.core.session import SessionRun
    from tests.helpers.clock import FakeClock

    p = plan("hooklying", breaths=2)
    clock = FakeClock()
    run = SessionRun(p, get_time=clock)
    run.start()
    guide = Guide(run)
    frames = 220
    for _ in range(1300):  # one whole breath to warm the tables
        guide.render(frames, 0.5)
        clock.now += frames / RATE
    clock.now = 1000.0
    run = SessionRun(p, get_time=clock)
    run.start()
    guide = Guide(run)
    n = 1400
    started = time.process_time()
    for _ in range(n):
        guide.render(frames, 0.5)
        clock.now += frames / RATE
    per_second = (time.process_time() - started) / (n * frames / RATE)
    assert per_second < 0.005 * 2, f"{per_second:.2%} of a core"  # 2x slack for a busy CI


# -- structure ------------------------------------------------------------------------------------


def test_3_2_1_before_each_mid_run_reset() -> None:
    from breathe.core.session import SessionRun

    p = plan_session_mid_run(every=2)
    guide = Guide(SessionRun(p))
    transition = next(s for s in p.schedule.segments if s.kind is SegmentKind.TRANSITION)
    ticks = guide.score.ticks_in(transition)
    assert [round(transition.end - at, 6) for at, _ in ticks] == [3.0, 2.0, 1.0]


def plan_session_mid_run(every: int) -> object:
    from fractions import Fraction

    from breathe.core.catalogue import Catalogue
    from breathe.core.plan import plan_session

    return plan_session(Catalogue(), "mid-run", every_minutes=Fraction(every), lead_in=0)


def test_a_wait_between_sets_starts_with_set_done_and_knocks_each_minute() -> None:
    from fractions import Fraction

    from breathe.audio.listener import AudioCues
    from breathe.audio.mixer import Mixer
    from breathe.audio.player import MiniaudioPlayer
    from breathe.core.catalogue import Catalogue
    from breathe.core.plan import plan_session
    from breathe.core.session import SessionRun
    from tests.helpers.clock import FakeClock
    from tests.helpers.guide_render import FakeDevice

    p = plan_session(Catalogue(), "between-sets", lead_in=Fraction(0))
    clock = FakeClock()
    mixer = Mixer(100, get_time=clock)
    player = MiniaudioPlayer(load_cues(None), mixer, FakeDevice(), get_time=clock)
    played: list[tuple[str, float]] = []
    original = mixer.play

    def spy(samples: object) -> object:
        name = next(c.value for c, s in load_cues(None).sounds.items() if s.samples == samples)
        played.append((name, clock.now - 1000.0))
        return original(samples)  # type: ignore[arg-type]

    mixer.play = spy  # type: ignore[method-assign]
    run = SessionRun(p, get_time=clock)
    run.add_listener(AudioCues(player, get_time=clock, guide=True))
    run.start()
    first_wait = p.schedule.await_points[0]
    knocks = []
    while clock.now - 1000.0 < first_wait + 130:
        run.poll()
        out = mixer.render(220)
        if run.awaiting:
            x = np.frombuffer(out, dtype=np.int16)
            if np.abs(x).max() > 300 and (not knocks or clock.now - knocks[-1] > 1):
                knocks.append(clock.now)
        clock.now += 220 / RATE
    assert run.awaiting
    assert ("set-done", pytest.approx(first_wait, abs=0.011)) in played
    # (The first sound of the wait is the set-done cue itself.)
    assert [round(k - 1000.0 - first_wait) for k in knocks] == [0, 60, 120]


def test_a_device_pulling_in_bursts_neither_drops_nor_doubles_a_tick() -> None:
    """Real devices ask for several buffers at once, then none for a while: the guide keeps
    its own sample timeline and only follows the clock gently."""
    from breathe.core.session import SessionRun
    from tests.helpers.clock import FakeClock

    p = plan("box", breaths=1, pattern="1-4.5-1-3.5")
    clock = FakeClock()
    run = SessionRun(p, get_time=clock)
    run.start()
    guide = Guide(run)
    out = []
    burst = 5  # 50 ms of buffers at one clock reading, then the clock catches up
    while run.clock.elapsed() < p.schedule.total:
        for _ in range(burst):
            chunk = guide.render(220, 1.0)
            out.append(np.zeros(220) if chunk is None else pcm(chunk))
        clock.now += burst * 220 / RATE
    x = np.concatenate(out) / 32768.0
    hold, rest = p.schedule.segments[1], p.schedule.segments[3]
    for seg in (hold, rest):
        a, b = round(seg.start * RATE) + 1000, round(seg.end * RATE) - 1000
        onsets = tick_onsets(x[a:b], a)
        # Whole seconds inside: 1-4 s in the 4.5 s hold (the last three a countdown), 1-3 s in
        # the 3.5 s rest.
        assert len(onsets) == math.ceil(seg.seconds) - 1, (seg, onsets)
        assert all(abs(g - 1.0) <= 0.02 for g in np.diff(onsets)), onsets


def test_volume_0_is_silence_and_the_clock_is_unaffected() -> None:
    p = plan("box", breaths=1, pattern="1-2-1-2")
    quiet, loud = render(p, volume=0), render(p, volume=100)
    assert not any(quiet.samples)
    assert len(quiet.samples) == len(loud.samples)
    assert [(n, at) for n, at, _ in quiet.cue_onsets] == [(n, at) for n, at, _ in loud.cue_onsets]


def test_the_guide_key_fades_it_out_and_back_in_at_the_current_position() -> None:
    from breathe.audio.listener import AudioCues
    from breathe.audio.mixer import Mixer
    from breathe.audio.player import MiniaudioPlayer
    from breathe.core.session import SessionRun
    from tests.helpers.clock import FakeClock
    from tests.helpers.guide_render import FakeDevice

    p = plan("hooklying", breaths=1)
    clock = FakeClock()
    mixer = Mixer(100, get_time=clock)
    player = MiniaudioPlayer(load_cues(None), mixer, FakeDevice(), get_time=clock)
    run = SessionRun(p, get_time=clock)
    cues = AudioCues(player, get_time=clock, guide=True)
    run.add_listener(cues)
    run.start()
    out: list[np.ndarray] = []

    def advance(seconds: float) -> np.ndarray:
        chunk = []
        for _ in range(round(seconds * RATE / 220)):
            run.poll()
            b = mixer.render(220)
            chunk.append(np.frombuffer(b, dtype=np.int16).astype(np.float64) / 32768)
            clock.now += 220 / RATE
        out.extend(chunk)
        return np.concatenate(chunk)

    advance(6.0)  # into the 8 s hum exhale, past its cue
    cues.set_guide_on(False)
    off = advance(1.0)
    assert np.abs(off[int(0.15 * RATE) :]).max() < 1e-4, "gone within 150 ms"
    cues.set_guide_on(True)
    back = advance(0.5)
    assert np.abs(back[: RATE // 1000]).max() < np.abs(back[int(0.2 * RATE) :]).max() / 4
    # 7.2 s in: 3.2 s into the 8 s exhale, where the hum is at 131 * (110/131)^ease(0.4).
    expected = 130.81 * (110 / 130.81) ** (0.5 - 0.5 * math.cos(math.pi * 0.4))
    assert pitch(back[int(0.2 * RATE) : int(0.26 * RATE)], 80, 200) == pytest.approx(
        expected, rel=0.01
    )


# -- voice prompts --------------------------------------------------------------------------------


def test_voice_prompts_replace_the_tonal_cues_never_on_top_of_them() -> None:
    r = render(plan("hooklying", breaths=2), voice=True)
    assert [c[0] for c in r.cue_onsets] == [
        "voice-breathe-in",
        "voice-hum-out",
        "voice-rest",
        "voice-last-breath",
        "voice-hum-out",
        "voice-rest",
        "voice-well-done",
    ]


def test_a_phase_too_short_to_speak_keeps_its_tonal_cue() -> None:
    r = render(plan("sigh", breaths=2), voice=True)
    names = [c[0] for c in r.cue_onsets]
    # 2 s inhale spoken; the 0.5 s top-up keeps its 150 ms lift.
    assert names[:3] == ["voice-breathe-in", "inhale-top-up", "voice-ha-out"]
    assert names[3] == "voice-last-breath"


def test_pause_and_resume_are_said() -> None:
    r = render(plan("hooklying", breaths=1), voice=True, pause=(2.0, 1.0))
    assert [c[0] for c in r.cue_onsets][:3] == [
        "voice-breathe-in",
        "voice-paused",
        "voice-resuming",
    ]


def test_a_held_tone_is_clean() -> None:
    """The wavetable is read by slicing at whole steps, split between the two around the
    exact one: nothing but the tone's partials may come out of that (all else 50 dB down)."""
    r = render(plan("box", breaths=1, pattern="1-4-1-1"), cues=False)
    x = as_float(r)
    hold = breath_segments(r, SegmentKind.HOLD)[0]
    a, _ = span(r, hold, lead=0.1)
    part = x[a : a + 16384]
    spec = np.abs(np.fft.rfft(part * np.hanning(len(part)))) ** 2
    freqs = np.fft.rfftfreq(len(part), 1 / RATE)
    f0 = pitch(part[:2048], 150, 600)
    assert f0 == pytest.approx(392.0, rel=0.003)
    near = np.zeros_like(spec, dtype=bool)
    for k in range(1, 6):
        near |= np.abs(freqs - k * f0) < 8
    band = freqs < 1500  # under the hold's 2 kHz ticks
    assert 10 * np.log10(spec[band & ~near].sum() / spec[band & near].sum()) < -50


@pytest.mark.parametrize("frames", [64, 441, 1024, 3000])
def test_any_buffer_size_gives_the_same_guide(frames: int) -> None:
    """Devices ask for what they like: the guide is the same stream, cut differently."""
    from breathe.core.session import SessionRun
    from tests.helpers.clock import FakeClock

    def stream(size: int) -> np.ndarray:
        p = plan("box", breaths=1, pattern="1-2-1-1.5")
        clock = FakeClock()
        run = SessionRun(p, get_time=clock)
        run.start()
        guide = Guide(run)
        out = []
        while run.clock.elapsed() < p.schedule.total:
            chunk = guide.render(size, 1.0)
            assert chunk is None or len(chunk) == 2 * size
            out.append(np.zeros(size) if chunk is None else pcm(chunk))
            clock.now += size / RATE
        return np.concatenate(out)[: int(5.4 * RATE)] / 32768.0

    ref, other = stream(220), stream(frames)
    # Same level envelope (50 ms windows within 1 dB where there is sound) ...
    win = RATE // 20
    for i in range(0, len(ref) - win, win):
        a, b = rms_db(ref[i : i + win]), rms_db(other[i : i + win])
        if a > -50:
            assert abs(a - b) < 1.0, (i / RATE, a, b)
    # ... and the same tick in the 2 s hold (at 2.0 s), and the rest's (at 5.0 s).
    for a, b in ((1.1, 2.9), (4.1, 5.4)):
        part = slice(int(a * RATE), int(b * RATE))
        assert tick_onsets(other[part], int(a * RATE)) == pytest.approx(
            tick_onsets(ref[part], int(a * RATE)), abs=0.003
        )
        assert len(tick_onsets(ref[part], int(a * RATE))) == 1


@pytest.mark.parametrize(("late", "count_in"), [(0.03, 3), (0.15, 3), (0.03, 2)])
def test_a_count_in_keeps_its_first_tick_when_the_device_asks_late(
    late: float, count_in: int
) -> None:
    """The device's first request comes a little after the clock starts (the app starts it
    once screen and sound are ready): the count-in's first tick (the "3" of 3-2-1, at 0) is
    played at once, not lost; the others stay on their seconds."""
    from breathe.core.session import SessionRun
    from tests.helpers.clock import FakeClock

    p = plan("box", breaths=1, pattern="1-1-1-1", lead_in=count_in)
    clock = FakeClock()
    run = SessionRun(p, get_time=clock)
    guide = Guide(run)
    run.start()
    clock.now += late
    out = []
    while run.clock.elapsed() < count_in - 0.2:
        chunk = guide.render(220, 1.0)
        out.append(np.zeros(220) if chunk is None else pcm(chunk))
        clock.now += 220 / RATE
    x = np.concatenate(out) / 32768.0
    onsets = [late + at for at in tick_onsets(x, 0)]
    assert onsets == pytest.approx([late, *range(1, count_in)], abs=0.02), onsets


def test_the_guide_key_in_a_session_started_without_it_starts_it_at_once() -> None:
    """`g` mid-hold in a `--no-guide` session: the guide sounds from the key on (its hold
    ticks), and the next cue keeps its instant (making the guide does not hold it back)."""
    p = plan("box", breaths=1, pattern="2-3-2-2")
    hold = p.schedule.segments[1]
    key = hold.start + 0.4
    plain = render(p, guide=False)
    keyed = render(p, guide=False, guide_key_at=key)
    x = as_float(keyed)
    a = keyed.sample_at(key)
    before = x[: a - 300]
    assert np.array_equal(before, as_float(plain)[: a - 300])  # nothing changed before the key
    after = x[a + RATE // 2 : keyed.sample_at(hold.end) - 200]  # (the hold cue has rung out)
    assert rms_db(after) > -45, rms_db(after)  # the hold's sound, from the key on
    onsets = [o for o in tick_onsets(after, a + RATE // 2) if o > key + 0.55]
    assert onsets == pytest.approx([hold.start + 1, hold.start + 2], abs=0.02), onsets
    assert [(n, at) for n, at, _ in keyed.cue_onsets] == [(n, at) for n, at, _ in plain.cue_onsets]
