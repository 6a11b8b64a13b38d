"""The guide's synthesiser: a phase's continuous sound rendered once, in blocks, and kept.

A phase's tone (its glide, its swell, its 20 ms edges) depends only on the phase's shape, not
on when it plays, so `PhaseAudio` renders it a block (0.2 s) at a time when first read and
keeps the bytes: the audio thread then hands out slices, and the next breath of the same shape
costs no synthesis at all. The glide still moves every 10 ms (`STEP`), exactly as when it was
synthesized per device buffer.

The oscillator reads a one-period wavetable by slicing at whole steps, the noise is a slice of
a short loop; either is then scaled to the level (C loops, 220 samples a step).
Its state (table phase, step carry, noise position) at each block start does not depend on the
gain, so a volume change re-renders only from the block being played, with no click.
"""

from __future__ import annotations

import array
import math
from itertools import repeat
from operator import add, mul, sub

from breathe.audio.score import Score, Sound
from breathe.audio.waveforms import RATE, TABLE_SIZE, Timbre, rms, table_rms, unit_pcm
from breathe.core.engine import Segment

EDGE_SECONDS = 0.02  # each phase's tone fades in and out over this (the onset cue covers it)
STEP = 220  # frames per pitch and level step: 10 ms, one device buffer
BLOCK = 20 * STEP  # frames rendered at a time (0.2 s)
SUB_BLOCKS = 4  # per step, each split between the two whole steps around the exact one
LEVEL_STEP_DB = 0.5  # the level moves in steps of this (as when tables were kept per level)
ZERO_BLOCK = bytes(2 * BLOCK)

State = tuple[int, float, int]  # table phase, step carry, noise position


class Oscillator:
    """Wavetable tone and looped breath noise; the running phase is kept between calls."""

    def __init__(self, noise: array.array[int]) -> None:
        self._noise = noise
        self._noise_rms = rms(noise) / 32768.0 or 1.0
        self._noise_peak = max(1, max(map(abs, noise))) / 32767.0
        self.state: State = (0, 0.0, 0)
        for timbre in (Timbre.TONE, Timbre.HUM):
            unit_pcm(timbre)  # built here, not on the audio thread
            table_rms(timbre)

    def samples(self, sound: Sound, m: int, amp: float) -> array.array[int]:
        """The next m samples of the sound at linear amplitude amp (to the nearest half
        decibel: a swell moves in steps nobody hears)."""
        if sound.timbre is Timbre.BREATH:
            # The same RMS as a tone at that level, unless the loop's peak would clip.
            scale = min(_stepped(amp) * 0.5 / self._noise_rms, 1.0 / self._noise_peak)
            raw = self._noise_part(m)
        else:
            assert sound.timbre is not None
            # Equal loudness for both timbres: scale by the table's RMS.
            scale = _stepped(min(amp / table_rms(sound.timbre) * 0.5, 1.0))
            raw = self._tone(unit_pcm(sound.timbre), sound.freq, m)
        return array.array("h", map(int, map(mul, raw, repeat(scale))))  # (to 1 LSB)

    def advance(self, sound: Sound, m: int) -> None:
        """Move the state on as `samples(sound, m, ...)` would, without making a sample: how a
        jump into the middle of a phase finds the state there at no real cost."""
        phase, carry, noise_pos = self.state
        if sound.timbre is Timbre.BREATH:
            self.state = (phase, carry, (noise_pos + m) % len(self._noise))
            return
        low, parts, carry = _whole_steps(sound.freq, m, carry)
        for k, size in parts:
            phase = (phase + k * low + (size - k) * (low + 1)) % TABLE_SIZE
        self.state = (phase, carry, noise_pos)

    def _tone(self, table: array.array[int], freq: float, m: int) -> array.array[int]:
        """m samples read from a one-period table at `freq`, by slicing (C does the loop).

        A slice needs a whole step, so each quarter of a step reads part of its frames at
        the step below the exact one and the rest at the step above, in the proportion that
        averages to the exact pitch: a 400 Hz wobble of 0.7 Hz at most, its sidebands 30 dB
        or more under even the hum's 14th partial.
        """
        out = array.array("h")
        p, carry, noise_pos = self.state
        low, parts, carry = _whole_steps(freq, m, carry)
        for k, size in parts:
            for step, count in ((low, k), (low + 1, size - k)):
                while count > 0:
                    if step == 0:
                        out.extend(repeat(table[p], count))
                        break
                    take = min(count, (TABLE_SIZE - p + step - 1) // step)
                    out.extend(table[p : p + (take - 1) * step + 1 : step])
                    p += take * step
                    if p >= TABLE_SIZE:
                        p -= TABLE_SIZE
                    count -= take
        self.state = (p, carry, noise_pos)
        return out

    def _noise_part(self, m: int) -> array.array[int]:
        """The next m samples of the breath-noise loop, as recorded."""
        noise = self._noise
        phase, carry, p = self.state
        end = p + m
        part = noise[p:end] if end <= len(noise) else noise[p:] + noise[: end - len(noise)]
        self.state = (phase, carry, end % len(noise))
        return part


def _whole_steps(freq: float, m: int, carry: float) -> tuple[int, list[tuple[int, int]], float]:
    """How m frames at `freq` split between the whole table steps around the exact one: the
    lower step, each quarter's (frames at the lower step, its frames), and the carry after."""
    exact = freq * TABLE_SIZE / RATE
    low = int(exact)
    parts = []
    done = 0
    for block in range(1, SUB_BLOCKS + 1):
        size = m * block // SUB_BLOCKS - done
        done += size
        want = (1.0 - (exact - low)) * size + carry
        k = min(size, max(0, round(want)))
        carry = want - k
        parts.append((k, size))
    return low, parts, carry


def _stepped(amp: float) -> float:
    """amp to the nearest `LEVEL_STEP_DB`."""
    key = round(20.0 * math.log10(max(amp, 1e-6)) / LEVEL_STEP_DB)
    return float(10.0 ** (key * LEVEL_STEP_DB / 20.0))


class PhaseAudio:
    """One phase's continuous sound from its start, at one gain, in blocks of `BLOCK` frames
    (zeros past its end); `read` is what the audio thread calls."""

    def __init__(self, score: Score, seg: Segment, level: float, osc: Oscillator) -> None:
        self._score = score
        self._seg = seg
        self._level = level
        self._osc = osc
        self._exact = seg.seconds * RATE
        self.frames = math.ceil(self._exact)
        self.silent = score.sound_at(seg, seg.start).timbre is None
        self._states: list[State] = [(0, 0.0, 0)]  # the oscillator at each block's start
        self._blocks: dict[int, bytes] = {}
        self.gain = 0.0

    def read(self, pos: int, end: int, gain: float) -> bytes | None:
        """Frames [pos, end) of the phase times `gain`, or None where it is silent."""
        if self.silent or gain <= 0.0:
            return None
        if gain != self.gain:  # the volume changed: what is kept was for the old one
            self._blocks = {}
            self.gain = gain
        b = pos // BLOCK
        base = b * BLOCK
        if end - base <= BLOCK:
            block = self._blocks.get(b) or self._block(b)
            return block[2 * (pos - base) : 2 * (end - base)]
        parts = []
        while pos < end:
            b = pos // BLOCK
            base = b * BLOCK
            stop = min(end, base + BLOCK)
            block = self._blocks.get(b) or self._block(b)
            parts.append(block[2 * (pos - base) : 2 * (stop - base)])
            pos = stop
        return b"".join(parts)

    @property
    def kept_bytes(self) -> int:
        return 2 * BLOCK * len(self._blocks)

    def _block(self, b: int) -> bytes:
        if b < 0 or b * BLOCK >= self.frames:
            return ZERO_BLOCK
        # The oscillator's state at this block's start: a jump into the middle of a phase
        # moves it on through the blocks before, without rendering them.
        while len(self._states) <= b:
            self._states.append(self._state_after(len(self._states) - 1))
        return self._render(b)

    def _state_after(self, b: int) -> State:
        osc = self._osc
        osc.state = self._states[b]
        seg = self._seg
        start = b * BLOCK
        stop = min(self.frames, start + BLOCK)
        for i in range(start, stop, STEP):
            m = min(STEP, stop - i)
            sound = self._score.sound_at(seg, seg.start + (i + m / 2) / RATE)
            if sound.timbre is not None:
                osc.advance(sound, m)
        return osc.state

    def _render(self, b: int) -> bytes:
        osc = self._osc
        osc.state = self._states[b]
        out = array.array("h")
        start = b * BLOCK
        stop = min(self.frames, start + BLOCK)
        for i in range(start, stop, STEP):
            m = min(STEP, stop - i)
            out.extend(self._step(i, m))
        if len(self._states) == b + 1:
            self._states.append(osc.state)
        data = out.tobytes() + bytes(2 * (BLOCK - len(out)))
        self._blocks[b] = data
        return data

    def _step(self, i: int, m: int) -> array.array[int]:
        """Frames [i, i + m) of the phase: the sound at their middle, shaped by the edges."""
        seg = self._seg
        sound = self._score.sound_at(seg, seg.start + (i + m / 2) / RATE)
        if sound.timbre is None:
            return array.array("h", bytes(2 * m))
        raw = self._osc.samples(sound, m, sound.level * self._level * self.gain)
        edge_frames = EDGE_SECONDS * RATE
        if not (i < edge_frames or self._exact - (i + m - 1) < edge_frames + 1):
            return raw
        # The envelope, a product of ramps made by C (`map`), never a loop per sample here.
        scale = 1.0 / edge_frames
        left = self._exact - i  # frames to the phase's end
        ups = map(mul, map(add, range(m), repeat(i)), repeat(scale))
        downs = map(mul, map(sub, repeat(left), range(m)), repeat(scale))
        env = map(max, map(min, ups, downs, repeat(1.0)), repeat(0.0))
        return array.array("h", map(int, map(mul, raw, env)))


class PhaseCache:
    """Each phase shape's `PhaseAudio` of one session, the least recently used dropped past
    `max_bytes` (a 5.5 s phase keeps 243 KB)."""

    def __init__(self, score: Score, level: float, osc: Oscillator, max_bytes: int) -> None:
        self._score = score
        self._level = level
        self._osc = osc
        self._max_bytes = max_bytes
        self._phases: dict[tuple[object, ...], PhaseAudio] = {}

    def get(self, seg: Segment) -> PhaseAudio:
        key = (*self._score.sound_key(seg), math.ceil(seg.seconds * RATE))
        audio = self._phases.pop(key, None)
        if audio is None:
            audio = PhaseAudio(self._score, seg, self._level, self._osc)
            while self._phases and self._kept() > self._max_bytes:
                del self._phases[next(iter(self._phases))]
        self._phases[key] = audio  # last: the most recently used
        return audio

    def _kept(self) -> int:
        return sum(audio.kept_bytes for audio in self._phases.values())
