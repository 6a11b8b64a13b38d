"""The guide layer: a quiet sound that fills every phase, following the session clock.

The mixer pulls `Guide.render(frames, gain)` once per device buffer (10 ms); the guide reads the
session clock's active time there, so it follows pauses exactly and needs no WAV per phase length.
What plays when (a glide per inhale, ticks in holds and rests, countdowns) is the score, in
`score`; `synth` renders each phase's tone once, in blocks, and keeps it.

Cheap by construction: most buffers are one slice of a phase already rendered (the next breath
of the same shape renders nothing), handed to the device as bytes. Only the buffers at a phase
edge, a tick, a pause or resume fade take the longer path, and even there the samples are
shaped by ramps that `map` computes, never a Python loop per sample
(`python -m benchmarks.guide_cpu`).
"""

from __future__ import annotations

import array
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain, repeat
from operator import add, mul
from typing import TYPE_CHECKING

from breathe.audio.score import Score
from breathe.audio.synth import EDGE_SECONDS, Oscillator, PhaseAudio, PhaseCache
from breathe.audio.waveforms import (
    RATE,
    TICK_DB,
    TICK_LEVELS,
    TickKind,
    breath_loop,
    db,
    tick_shape,
)
from breathe.core.engine import Segment

if TYPE_CHECKING:
    from breathe.core.session import SessionRun

# Levels in dBFS at volume 100, before the mixer's volume gain. The onset cues sit near
# -20 LUFS (momentary max); this puts the guide's phases about 9 LU under them.
GUIDE_DB = -19.5
PAUSE_FADE_SECONDS = 0.1  # the guide is gone within this of a pause
RESUME_FADE_SECONDS = 0.05
RESYNC_SECONDS = 0.25  # a device renders ahead in bursts; further off than this is a jump
# The first buffer comes a little after its instant (the clock starts, then the device asks):
# a tick due that little before it (the count-in's "3", at 0) is played at once, not lost.
FIRST_TICK_GRACE_SECONDS = 0.2
# Inside a phase the tone runs on its own sample count (no click for a device's jitter); it
# is put back on the clock at each phase edge, or (with a fade) when it is further off.
DRIFT_SECONDS = 0.05
REMINDER_SECONDS = 60.0  # while waiting between strength sets, a soft knock each minute
KEPT_PHASE_BYTES = 1_500_000  # rendered phases kept for the next breath (~34 s of sound)


@dataclass
class _TickVoice:
    samples: tuple[float, ...]
    gain: float
    pos: int  # may be negative: starts that many frames into the buffer


class Guide:
    """The guide for one session; `render()` is called from the audio thread."""

    def __init__(
        self,
        run: SessionRun,
        *,
        level_db: float = GUIDE_DB,
        tick_db: float = TICK_DB,
        noise: array.array[int] | None = None,
    ) -> None:
        self._run = run
        self._schedule = run.schedule
        self.score = Score(run.plan)
        self._tick_level = db(tick_db)
        osc = Oscillator(noise if noise is not None else breath_loop())
        self._phases = PhaseCache(self.score, db(level_db), osc, KEPT_PHASE_BYTES)
        self._audio: PhaseAudio | None = None  # the phase being played ...
        self._seg: Segment | None = None
        self._pos = 0  # ... and its next frame
        self._quiet_until = -math.inf  # no edge or tick before this active time
        self._t: float | None = None  # active time at the start of the next buffer
        self._fade = 0.0  # the pause/end fade, 0..1
        self._ticks: list[_TickVoice] = []
        self._ticked_until: float | None = None
        self._reminders = 0  # minutes of the current wait between sets already marked
        for kind in TickKind:
            tick_shape(kind)
        self.enabled = True
        self.finished = False

    # -- the audio thread ----------------------------------------------------------------

    def render(self, frames: int, gain: float) -> bytes | None:
        """The next `frames` samples of the guide times `gain` (the volume), as 16-bit bytes,
        or None for silence."""
        if self.finished:
            return None
        run = self._run
        clock = run.clock
        now = clock.elapsed()
        t = self._t
        if t is None or abs(now - t) > RESYNC_SECONDS:
            if t is not None:
                self._fade = 0.0  # back from mute or a stalled device: fade in, no click
            t = now
        else:
            t += 0.1 * (now - t)  # follow the clock gently: a device's jitter is not a jump
        t1 = t + frames / RATE
        if (
            t1 <= self._quiet_until
            and self._fade >= 1.0
            and self.enabled
            and not (clock.paused or run.awaiting or self._ticks or run.result is not None)
        ):
            # Most buffers: inside a phase, away from its edges and ticks.
            self._t = t1
            lo = self._ticked_until  # (never back: a tick already played is not played again)
            self._ticked_until = t1 if lo is None or t1 > lo else lo
            audio = self._audio
            assert audio is not None
            pos = self._pos
            self._pos = pos + frames
            return audio.read(pos, pos + frames, gain)
        stopped = run.result is not None or t >= self._schedule.total
        holding = clock.paused or run.awaiting or stopped or not self.enabled
        if run.awaiting:
            self._remind(clock.current_pause())
        else:
            self._reminders = 0
        self._t = t if holding else t1
        if holding:
            return self._held(frames, gain, stopped)
        return self._playing(t, frames, gain)

    def _remind(self, waited: float) -> None:
        """A soft double knock each whole minute of a wait between sets."""
        minutes = int(waited // REMINDER_SECONDS)
        if minutes > self._reminders:
            self._reminders = minutes
            shape = tick_shape(TickKind.WOOD)
            gain = db(TICK_LEVELS[TickKind.WOOD])
            self._ticks.append(_TickVoice(shape, gain, 0))
            self._ticks.append(_TickVoice(shape, gain, -round(0.18 * RATE)))

    def _held(self, frames: int, gain: float, stopped: bool) -> bytes | None:
        """Paused, waiting, switched off or ended: the phase's sound goes on while it fades
        out, and ticks already sounding ring out."""
        self._quiet_until = -math.inf
        if self._fade <= 0.0 and not self._ticks:
            if stopped:
                self.finished = True
            return None
        acc: list[int] | None = None
        if self._fade > 0.0:
            audio = self._audio
            raw = audio.read(self._pos, self._pos + frames, gain) if audio else None
            if raw is None:
                self._fade = 0.0
            else:
                self._pos += frames
                step = -1.0 / (PAUSE_FADE_SECONDS * RATE)
                fades = _ramp(self._fade, step, frames)
                self._fade = max(0.0, self._fade + frames * step)
                acc = list(map(int, map(mul, array.array("h", raw), fades)))
        return _pack(self._mix_ticks(acc, frames, gain))

    def _playing(self, t: float, frames: int, gain: float) -> bytes | None:
        """A buffer that crosses a phase edge, has a tick, or fades in."""
        schedule = self._schedule
        self._schedule_ticks(t, frames)
        t1 = t + frames / RATE
        pieces: list[bytes] = []
        sounding = False
        done = 0
        while done < frames:
            at = t + done / RATE
            st = schedule.at(at)
            if st.done:
                self._audio, self._seg = None, None
                break
            seg = st.segment
            self._enter(seg, at)
            end = frames if seg.end >= t1 else max(done + 1, min(frames, _frames(seg.end - t)))
            piece = self._take(end - done, gain, cut=end < frames)
            sounding = sounding or piece is not None
            pieces.append(bytes(2 * (end - done)) if piece is None else piece)
            done = end
        last = self._seg
        self._quiet_until = -math.inf if last is None else self._next_event(last)
        if not (sounding or self._ticks):
            return None
        data = b"".join(pieces)
        data += bytes(2 * frames - len(data))
        acc: list[int] | None = None
        if self._fade < 1.0 and sounding:  # (a fade in starts with the sound)
            step = 1.0 / (RESUME_FADE_SECONDS * RATE)
            fades = _ramp(self._fade, step, frames)
            self._fade = min(1.0, self._fade + frames * step)
            acc = list(map(int, map(mul, array.array("h", data), fades)))
        if self._ticks:
            if acc is None:
                acc = array.array("h", data).tolist()
            return _pack(self._mix_ticks(acc, frames, gain))
        return data if acc is None else _pack(acc)

    def _enter(self, seg: Segment, at: float) -> None:
        """Play `seg` from active time `at`: a new phase from where the clock has it, the same
        one from its own next frame unless that is further off than `DRIFT_SECONDS`."""
        expected = round((at - seg.start) * RATE)
        if seg is not self._seg:
            self._seg = seg
            self._audio = self._phases.get(seg)
            self._pos = max(0, expected)
        elif abs(expected - self._pos) > DRIFT_SECONDS * RATE:
            self._pos = max(0, expected)
            self._fade = 0.0  # a jump inside the tone: fade it back in, no click

    def _take(self, m: int, gain: float, *, cut: bool) -> bytes | None:
        """The current phase's next m frames; when the clock ends it before its own end,
        its last frames are faded (its own edge would have been cut short)."""
        audio = self._audio
        if audio is None:
            return None
        pos = self._pos
        self._pos = pos + m
        piece = audio.read(pos, pos + m, gain)
        left = audio.frames - pos - m
        if piece is None or not cut or left <= 1:
            return piece
        k = min(m, left, round(EDGE_SECONDS * RATE))
        env = chain(repeat(1.0, m - k), _ramp(1.0, -1.0 / k, k))
        return array.array("h", map(int, map(mul, array.array("h", piece), env))).tobytes()

    def _next_event(self, seg: Segment) -> float:
        """The phase's end or its next tick: until then a buffer is a plain slice."""
        lo = self._ticked_until or seg.start
        return min([at for at, _ in self.score.segment_ticks(seg) if at >= lo], default=seg.end)

    def _schedule_ticks(self, t0: float, n: int) -> None:
        t1 = t0 + n / RATE
        # From where the last buffer ended (a little device jitter neither drops nor doubles
        # a tick), unless the clock jumped.
        lo = self._ticked_until
        if lo is None:
            lo = max(0.0, t0 - FIRST_TICK_GRACE_SECONDS)
        elif abs(lo - t0) > RESYNC_SECONDS:
            lo = t0
        self._ticked_until = max(lo, t1)
        schedule = self._schedule
        seg: Segment | None = schedule.at(lo).segment
        while seg is not None and seg.start < t1:
            for at, kind in self.score.segment_ticks(seg):
                if lo <= at < t1:
                    offset = max(0, round((at - t0) * RATE))
                    if offset < n:
                        shape = tick_shape(kind)
                        self._ticks.append(_TickVoice(shape, db(TICK_LEVELS[kind]), -offset))
            nxt = seg.index + 1
            seg = schedule.segments[nxt] if nxt < len(schedule.segments) else None

    def _mix_ticks(self, acc: list[int] | None, n: int, gain: float) -> list[int] | None:
        if not self._ticks:
            return acc
        if acc is None:
            acc = [0] * n
        scale = self._tick_level * gain * 32767.0
        keep = []
        for voice in self._ticks:
            start = max(0, -voice.pos)
            src = max(0, voice.pos)
            count = min(n - start, len(voice.samples) - src)
            if count > 0:
                g = scale * voice.gain
                seg = voice.samples[src : src + count]
                ticked = map(int, map(mul, seg, repeat(g)))
                acc[start : start + count] = map(add, acc[start : start + count], ticked)
            voice.pos += n
            if voice.pos < len(voice.samples):
                keep.append(voice)
        self._ticks = keep
        return acc


def _frames(seconds: float) -> int:
    return math.ceil(seconds * RATE)


def _pack(samples: list[int] | None) -> bytes | None:
    """16-bit bytes of the samples, clipped (only a level far above the design needs it)."""
    if samples is None:
        return None
    try:
        return array.array("h", samples).tobytes()
    except OverflowError:
        return array.array("h", (max(-32768, min(32767, s)) for s in samples)).tobytes()


def _ramp(start: float, step: float, n: int) -> Iterator[float]:
    """`start + (i + 1) * step` for i < n, held within 0..1: a fade, computed by C."""
    return map(
        max,
        map(min, map(add, repeat(start), map(mul, range(1, n + 1), repeat(step))), repeat(1.0)),
        repeat(0.0),
    )


def guide_for(run: SessionRun, make: Callable[..., Guide] = Guide) -> Guide | None:
    """A guide for this run, or None when its sounds cannot be loaded (the cues still play)."""
    try:
        return make(run)
    except Exception:
        return None
