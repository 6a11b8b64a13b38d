"""A sample mixer for one long-lived output stream: silence when idle, cues summed when busy.

The device pulls `render(frames)` every buffer; `play()` only queues a voice, so a cue starts in
the very next buffer the device asks for. Pure Python and clock-injected so it is unit-tested
without any audio hardware.
"""

from __future__ import annotations

import array
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from itertools import repeat
from operator import add, mul
from typing import Protocol

from breathe.core.defaults import DEFAULT_VOLUME, MAX_VOLUME

MAX_VOICES = 8
_MAX = 32767
_MIN = -32768


def clamp_volume(volume: float) -> int:
    return max(0, min(MAX_VOLUME, round(volume)))


def gain_for(volume: int) -> float:
    """Volume 0-100 to an amplitude factor; squared, so the low half of the range is usable."""
    return (clamp_volume(volume) / 100.0) ** 2


def scaled(samples: array.array[int], gain: float) -> array.array[int]:
    """Samples times gain, rounded and clipped to 16 bits: what the mixer outputs for one cue."""
    if gain == 1.0 and samples.typecode == "h":
        return array.array("h", samples)
    try:  # the same values, with C doing the loop
        return array.array("h", map(round, map(mul, samples, repeat(gain))))
    except OverflowError:  # a loud cue, or several summed: clip (rare)
        return array.array("h", (max(_MIN, min(_MAX, round(s * gain))) for s in samples))


class GuideSource(Protocol):
    """A layer synthesized per buffer (see `breathe.audio.guide`)."""

    @property
    def finished(self) -> bool: ...

    def render(self, frames: int, gain: float) -> bytes | None:
        """`frames` 16-bit samples (native byte order) already times `gain`, or None for
        silence."""
        ...


@dataclass
class Playback:
    """One cue being played; `started_at` is when its first frame went to the device."""

    frames: int
    queued_at: float
    started_at: float | None = None


@dataclass
class _Voice:
    samples: array.array[int]
    playback: Playback
    pos: int = 0


class Mixer:
    def __init__(
        self,
        volume: int = DEFAULT_VOLUME,
        get_time: Callable[[], float] = time.monotonic,
        max_voices: int = MAX_VOICES,
    ) -> None:
        self._lock = threading.Lock()
        self._voices: list[_Voice] = []
        self._get_time = get_time
        self._max_voices = max_voices
        self._volume = clamp_volume(volume)
        self._gain = gain_for(self._volume)
        self._muted = False
        self._silence: dict[int, bytes] = {}
        self._guide: GuideSource | None = None
        self.last_render: float | None = None
        self.renders = 0  # buffers handed to the device so far

    @property
    def volume(self) -> int:
        return self._volume

    def set_volume(self, volume: float) -> None:
        """Takes effect from the next buffer, also for cues already playing."""
        self._volume = clamp_volume(volume)
        self._gain = gain_for(self._volume)

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = value
        if value:
            self.stop_all()

    def play(self, samples: array.array[int]) -> Playback | None:
        """Queue a cue; None when muted (nothing will sound)."""
        if self._muted or not samples:
            return None
        playback = Playback(frames=len(samples), queued_at=self._get_time())
        with self._lock:
            self._voices.append(_Voice(samples, playback))
            # A device that stopped pulling must not let voices pile up without bound.
            del self._voices[: -self._max_voices]
        return playback

    def set_guide(self, guide: GuideSource | None) -> None:
        """The layer to add under the cues from the next buffer on (None: no guide)."""
        with self._lock:
            self._guide = guide

    @property
    def guide(self) -> GuideSource | None:
        return self._guide

    def _render_guide(self, frames: int) -> bytes | None:
        guide = self._guide
        if guide is None or self._muted:
            return None
        try:
            out = guide.render(frames, self._gain)
        except Exception:  # a broken guide must not take the cues with it
            out = None
            self._drop_guide(guide)
        if guide.finished:
            self._drop_guide(guide)
        if out is not None and len(out) != 2 * frames:
            return None
        return out

    def _drop_guide(self, guide: GuideSource) -> None:
        with self._lock:  # not a guide set meanwhile for the next session
            if self._guide is guide:
                self._guide = None

    def stop_all(self) -> None:
        with self._lock:
            self._voices.clear()

    @property
    def busy(self) -> bool:
        return bool(self._voices)

    def render(self, frames: int) -> bytes | array.array[int]:
        """The next `frames` samples: summed voices times the gain, clipped to 16 bits, plus
        the guide (if any) under them."""
        now = self._get_time()
        guide = self._render_guide(frames)
        with self._lock:
            self.last_render = now
            self.renders += 1
            if not self._voices or self._muted:
                self._voices.clear()
                return guide if guide is not None else self._silent(frames)
            chunks = []
            for voice in self._voices:
                if voice.pos == 0:
                    voice.playback.started_at = now
                chunks.append(voice.samples[voice.pos : voice.pos + frames])
                voice.pos += frames
            self._voices = [v for v in self._voices if v.pos < len(v.samples)]
        gain = self._gain
        if len(chunks) == 1:
            out = scaled(chunks[0], gain)
        else:
            acc: list[int] = [0] * frames
            for chunk in chunks:  # summed by C, a chunk at a time
                acc[: len(chunk)] = map(add, acc, chunk)
            out = scaled(array.array("q", acc), gain)
        if len(out) < frames:
            out.frombytes(self._silent(frames - len(out)))
        if guide is not None:
            under = array.array("h", guide)
            try:
                out = array.array("h", map(add, out, under))
            except OverflowError:  # a loud user cue on top of the guide: clip
                pairs = zip(out, under, strict=True)
                out = array.array("h", (max(_MIN, min(_MAX, a + b)) for a, b in pairs))
        return out

    def _silent(self, frames: int) -> bytes:
        silence = self._silence.get(frames)
        if silence is None:
            silence = self._silence[frames] = bytes(2 * frames)
        return silence

    def stream(self) -> Generator[bytes | array.array[int], int, None]:
        """The generator protocol of miniaudio's PlaybackDevice: sent a frame count each buffer."""
        frames = yield b""
        while True:
            try:
                out = self.render(frames)
            except Exception:  # never let the audio thread die: a bad buffer is silence
                out = bytes(2 * frames)
            frames = yield out
