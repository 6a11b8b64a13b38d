"""The guide's raw material: one-period wavetables per timbre, tick shapes, and the breath
noise loop, built once and cached per level, so a buffer is a slice, not a loop."""

from __future__ import annotations

import array
import math
from collections.abc import Iterable, Sequence
from enum import Enum
from functools import lru_cache
from itertools import repeat
from operator import mul

from breathe.audio.cues import SAMPLE_RATE, builtin_sounds_dir, load_wav

RATE = SAMPLE_RATE
TAU = 2.0 * math.pi

TICK_DB = -24.0  # a tick's level in dBFS at volume 100 (see the guide's GUIDE_DB)
TABLE_SIZE = 16384  # one period; read by slicing at a whole step (see `synth`)


class Timbre(Enum):
    TONE = "tone"
    HUM = "hum"
    BREATH = "breath"


# A soft tone: a fundamental with a little warmth.
TONE_PARTIALS = (1.0, 0.22, 0.07, 0.03)
# A nasal hum: strong upper partials (a high-pass at 400 Hz keeps most of it) with a
# formant-like lift around the 4th-7th harmonics (about 500-900 Hz at 131 Hz).
HUM_PARTIALS = (1.0, 0.75, 0.55, 0.8, 0.85, 0.7, 0.55, 0.4, 0.3, 0.22, 0.16, 0.12, 0.09, 0.06)


def db(value: float) -> float:
    return float(10.0 ** (value / 20.0))


def ease(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return 0.5 - 0.5 * math.cos(math.pi * x)


def log_glide(f0: float, f1: float, x: float) -> float:
    return float(f0 * (f1 / f0) ** ease(x))


@lru_cache(maxsize=4)
def unit_table(timbre: Timbre) -> array.array[float]:
    """One period, peak 1.0; partials in alternating sine phase to keep the crest low.

    Doubles in an array, not a tuple of floats: 128 KiB a timbre instead of 512 (the same
    values, so every table scaled from it is the same)."""
    partials = TONE_PARTIALS if timbre is Timbre.TONE else HUM_PARTIALS
    sine = array.array("d", (math.sin(TAU * i / TABLE_SIZE) for i in range(TABLE_SIZE)))
    quarter = TABLE_SIZE // 4
    mask = TABLE_SIZE - 1
    raw = array.array("d", bytes(8 * TABLE_SIZE))
    for k, a in enumerate(partials):
        shift = (k % 2) * quarter  # alternate sine and cosine phase: a lower crest factor
        for i in range(TABLE_SIZE):
            raw[i] += a * sine[((k + 1) * i + shift) & mask]
    mean = sum(raw) / TABLE_SIZE
    top = max(abs(s - mean) for s in raw)
    return array.array("d", ((s - mean) / top for s in raw))


def rms(values: Iterable[float]) -> float:
    """Root mean square; a sequence (the noise loop's 22,050 samples) is read where it is, not
    copied into a list of Python numbers (~0.7 MiB for a moment as a session starts)."""
    vals = values if isinstance(values, Sequence) else list(values)
    return math.sqrt(sum(v * v for v in vals) / len(vals))


@lru_cache(maxsize=4)
def table_rms(timbre: Timbre) -> float:
    return rms(unit_table(timbre))


def tick(
    freq: float, seconds: float, decay: float, partials: tuple[tuple[float, float], ...]
) -> list[float]:
    """A short struck tick, peak 1.0, with a raised-cosine attack and end (no click)."""
    n = round(seconds * RATE)
    attack = max(1, round(0.0015 * RATE))
    out = []
    for i in range(n):
        t = i / RATE
        s = sum(lv * math.sin(TAU * freq * r * t) * math.exp(-t * r / decay) for r, lv in partials)
        if i < attack:
            s *= 0.5 - 0.5 * math.cos(math.pi * i / attack)
        left = n - 1 - i
        if left < attack * 2:
            s *= 0.5 - 0.5 * math.cos(math.pi * left / (attack * 2))
        out.append(s)
    top = max(abs(s) for s in out)
    return [s / top for s in out]


class TickKind(Enum):
    HOLD = "hold"  # ~12 ms at 2 kHz
    WOOD = "wood"  # a soft wooden knock for rests
    COUNT = "count"  # 3-2-1, above 1 kHz
    LAST = "last"  # the "1" of a countdown, a little higher


@lru_cache(maxsize=8)
def tick_shape(kind: TickKind) -> tuple[float, ...]:
    if kind is TickKind.HOLD:
        return tuple(tick(2000.0, 0.012, 0.006, ((1.0, 1.0),)))
    if kind is TickKind.WOOD:
        return tuple(tick(1100.0, 0.04, 0.008, ((1.0, 1.0), (2.7, 0.35))))
    if kind is TickKind.COUNT:
        return tuple(tick(1568.0, 0.03, 0.01, ((1.0, 1.0), (2.0, 0.2))))
    return tuple(tick(2093.0, 0.04, 0.012, ((1.0, 1.0), (2.0, 0.2))))


# Loudness of a tick relative to TICK_DB: the countdown stands out a little.
TICK_LEVELS = {TickKind.HOLD: 0.0, TickKind.WOOD: 2.0, TickKind.COUNT: 3.0, TickKind.LAST: 3.0}

breath_loop_: array.array[int] | None = None


@lru_cache(maxsize=4)
def unit_pcm(timbre: Timbre) -> array.array[int]:
    """`unit_table` in 16 bits at full scale (32 KB): what the oscillator slices, then scales
    to the level, so no table per level is built (or kept) while a swell plays."""
    return array.array("h", map(round, map(mul, unit_table(timbre), repeat(32767.0))))


def breath_loop() -> array.array[int]:
    """The "ah" breath noise loop (made by sounds/make_sounds.py), loaded once."""
    global breath_loop_
    if breath_loop_ is None:
        breath_loop_ = load_wav(builtin_sounds_dir() / "guide-breath.wav").samples
    return breath_loop_
