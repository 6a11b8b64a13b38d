"""The figures on synthetic series with known answers."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from breathe.core.heart import figures
from breathe.core.heart.beats import Beat


def beats_for_hr(hr_of_t: Callable[[float], float], seconds: float) -> list[Beat]:
    t = 0.0
    out = []
    while t < seconds:
        rr = 60_000.0 / hr_of_t(t)
        t += rr / 1000
        out.append(Beat(t, rr, rr))
    return out


def sine_beats(amplitude: float, hz: float = 0.1, seconds: float = 120.0) -> list[Beat]:
    return beats_for_hr(lambda t: 70 + amplitude * math.sin(2 * math.pi * hz * t), seconds)


def test_swing_is_twice_the_amplitude_per_breath_at_six_a_minute() -> None:
    beats = sine_beats(5.0)
    breaths = [(i * 10.0, (i + 1) * 10.0) for i in range(12)]
    found = figures.swings(beats, breaths)
    assert len(found) == 12
    for swing in found:
        assert swing == pytest.approx(10.0, abs=0.6)  # sampled at beats, so just under 2A


def test_swing_needs_two_beats() -> None:
    beats = [Beat(1.0, 1000, 1000)]
    assert figures.breath_swing(beats, 0, 10) is None


def test_rmssd_of_a_known_sequence() -> None:
    rr = [800, 810, 790, 820, 800]
    beats = [Beat(i, x, x) for i, x in enumerate(rr)]
    # diffs 10, -20, 30, -20: squares 100, 400, 900, 400 -> mean 450
    assert figures.rmssd(beats) == pytest.approx(math.sqrt(450))
    assert figures.rmssd(beats[:2]) is None


def test_rmssd_recent_keeps_the_last_minute() -> None:
    early = [Beat(float(i), 800 + (40 if i % 2 else 0), 800) for i in range(60)]
    late = [Beat(60.0 + i, 800.0, 800.0) for i in range(1, 70)]
    assert figures.rmssd_recent(early + late) == pytest.approx(0.0)
    assert figures.rmssd(early + late) > 0


def test_heart_rate_now_from_steady_800_ms_is_75() -> None:
    beats = [Beat(0.8 * i, 800.0, 800.0) for i in range(1, 20)]
    assert figures.heart_rate_now(beats) == pytest.approx(75.0)


def test_peak_phase_at_the_top_of_the_sine() -> None:
    beats = sine_beats(5.0)
    # The sine peaks 2.5 s into each 10 s period; say the inhale ends at 4 s. The fastest
    # interval starts at the peak and its beat lands one interval (~60/75 s) later.
    phase = figures.peak_phase(beats, 20.0, 24.0, 30.0)
    assert phase == pytest.approx(-1.5 + 60 / 75, abs=0.3)
    assert figures.peak_phase(beats, 20.0, 21.0, 30.0) == pytest.approx(phase + 3.0)


def test_lf_power_of_a_sine_is_concentrated_in_the_band() -> None:
    beats = sine_beats(5.0, seconds=300.0)
    series = figures.resample(beats)
    lf, total = figures.band_power(series, figures.RESAMPLE_HZ, figures.LF_BAND)
    assert lf == pytest.approx(12.5, rel=0.1)  # A**2 / 2
    assert lf / total > 0.9


def test_lf_power_small_for_a_fast_breath_sine() -> None:
    beats = sine_beats(5.0, hz=0.3, seconds=300.0)
    power = figures.lf_power(beats)
    assert power is not None and power < 0.5


def test_resample_steps_evenly() -> None:
    beats = [Beat(float(i), 1000.0, 1000.0) for i in range(1, 11)]
    assert figures.resample(beats, 2.0) == pytest.approx([60.0] * 19)
