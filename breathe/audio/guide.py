"""The guide layer: a quiet sound that fills every phase, synthesized live from the session clock.

The mixer pulls `Guide.render(frames, gain)` once per device buffer (10 ms); the guide reads the
session clock's active time there, so it follows pauses exactly and needs no WAV per phase length.
What plays when (a glide per inhale, ticks in holds and rests, countdowns) is the score, in
`score`; this module is its synthesiser.

Cheap by construction: no per-sample Python in the steady state. A tone is a one-period
wavetable, already scaled to the level (cached per half decibel), read by slicing at whole
steps (the pitch moves per buffer, the phase is continuous); the noise is a slice of a short
loop scaled the same way. The few buffers at a phase edge, a fade or a tick are shaped by
ramps that `map` computes, never a Python loop per sample. About 0.1-0.2 % of one core
(`python -m benchmarks.guide_cpu`).
"""

from __future__ import annotations

import array
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from operator import add, mul, sub
from typing import TYPE_CHECKING

from breathe.audio.score import Score, Sound
from breathe.audio.waveforms import (
    MAX_NOISE_TABLES,
    MAX_TABLES,
    NOISE_TABLES,
    RATE,
    TABLE_SIZE,
    TABLES,
    TICK_DB,
    TICK_LEVELS,
    TickKind,
    Timbre,
    breath_loop,
    db,
    rms,
    table_rms,
    tick_shape,
    unit_table,
)
from breathe.core.engine import Segment

if TYPE_CHECKING:
    from breathe.core.session import SessionRun

# Levels in dBFS at volume 100, before the mixer's volume gain. The onset cues sit near
# -20 LUFS (momentary max); this puts the guide's phases about 9 LU under them.
GUIDE_DB = -19.5
EDGE_SECONDS = 0.02  # each phase's tone fades in and out over this (the onset cue covers it)
PAUSE_FADE_SECONDS = 0.1  # the guide is gone within this of a pause
RESUME_FADE_SECONDS = 0.05
RESYNC_SECONDS = 0.25  # a device renders ahead in bursts; further off than this is a jump
REMINDER_SECONDS = 60.0  # while waiting between strength sets, a soft knock each minute
SUB_BLOCKS = 4  # per buffer, each split between the two whole steps around the exact one
LEVEL_STEP_DB = 0.5  # tables are cached per step: a swell moves in steps nobody hears
MAX_CHUNK = 1024
SLOW = object()  # `_fast` cannot do this buffer


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
        self._level = db(level_db)
        self._tick_level = db(tick_db)
        self._noise = noise if noise is not None else breath_loop()
        self._noise_rms = rms(self._noise) / 32768.0 or 1.0
        self._noise_peak = max(1, max(map(abs, self._noise))) / 32767.0
        self._noise_pos = 0
        self._phase = 0  # position in the wavetable (an index)
        self._carry = 0.0  # frames owed to the faster of a buffer's two steps
        self._t: float | None = None  # active time at the start of the next buffer
        self._fade = 0.0  # the pause/end fade, 0..1
        self._ticks: list[_TickVoice] = []
        self._ticked_until: float | None = None
        self._seg: Segment | None = None  # the segment of the last fast buffer
        self._reminders = 0  # minutes of the current wait between sets already marked
        for timbre in (Timbre.TONE, Timbre.HUM):
            unit_table(timbre)  # built here, not on the audio thread
        for kind in TickKind:
            tick_shape(kind)
        self._last_sound = Sound(None)
        self.enabled = True
        self.finished = False

    # -- what plays when ------------------------------------------------------------------

    # -- the audio thread ----------------------------------------------------------------

    def render(self, frames: int, gain: float) -> array.array[int] | None:
        """The next `frames` samples of the guide times `gain` (the volume), or None for silence."""
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
        stopped = run.result is not None or t >= self._schedule.total
        holding = clock.paused or run.awaiting or stopped or not self.enabled
        if run.awaiting:
            self._remind(clock.current_pause())
        else:
            self._reminders = 0
        dt = frames / RATE
        t_end = t if holding else t + dt
        self._t = t_end
        if holding and self._fade <= 0.0 and not self._ticks:
            if stopped:
                self.finished = True
            return None
        if not holding and self._fade >= 1.0 and not self._ticks and frames <= MAX_CHUNK:
            fast = self._fast(t, frames, gain)
            if fast is not SLOW:
                return fast  # type: ignore[return-value]
        out: list[int] | None = None
        pos = 0
        while pos < frames:
            n = min(MAX_CHUNK, frames - pos)
            t0 = t + pos / RATE if not holding else t
            chunk = self._render_span(t0, n, gain, holding)
            if chunk is not None:
                if out is None:
                    out = [0] * pos
                out.extend(chunk)
            elif out is not None:
                out.extend(repeat(0, n))
            pos += n
        if out is None:
            return None
        try:
            return array.array("h", out)
        except OverflowError:  # only at a level far above the design
            return array.array("h", (max(-32768, min(32767, s)) for s in out))

    def _fast(self, t: float, frames: int, gain: float) -> array.array[int] | object | None:
        """Most buffers: inside one phase, away from its edges, no tick, no fade. One
        wavetable read straight into the output; `SLOW` when the buffer needs more care."""
        t1 = t + frames / RATE
        seg = self._seg
        if seg is None or not (seg.start <= t and t1 <= seg.end):
            st = self._schedule.at(t)
            if st.done:
                return SLOW
            seg = self._seg = st.segment
        if t - seg.start < EDGE_SECONDS or seg.end - t1 < EDGE_SECONDS + 1.0 / RATE:
            return SLOW
        lo = self._ticked_until
        if lo is None or abs(lo - t) > RESYNC_SECONDS:
            lo = t
        if lo < seg.start:
            return SLOW
        for at, _ in self.score.segment_ticks(seg):
            if lo <= at < t1:
                return SLOW
        self._ticked_until = max(lo, t1)
        sound = self.score.sound_at(seg, t + frames / (2 * RATE))
        if sound.timbre is None or gain <= 0.0:
            self._last_sound = Sound(None)
            return None
        self._last_sound = sound
        samples = self._samples(sound, frames, sound.level * self._level * gain)
        try:
            return array.array("h", samples)
        except OverflowError:  # only at a level far above the design
            again = self._samples(sound, frames, sound.level * self._level * gain)
            return array.array("h", (max(-32768, min(32767, v)) for v in again))

    def _remind(self, waited: float) -> None:
        """A soft double knock each whole minute of a wait between sets."""
        minutes = int(waited // REMINDER_SECONDS)
        if minutes > self._reminders:
            self._reminders = minutes
            shape = tick_shape(TickKind.WOOD)
            gain = db(TICK_LEVELS[TickKind.WOOD])
            self._ticks.append(_TickVoice(shape, gain, 0))
            self._ticks.append(_TickVoice(shape, gain, -round(0.18 * RATE)))

    def _render_span(self, t0: float, n: int, gain: float, holding: bool) -> list[int] | None:
        """Samples for [t0, t0 + n/RATE): the continuous sound plus any ticks in it."""
        acc: list[int] | None = None
        if holding:
            # Paused or ended: keep the last sound going while it fades out.
            acc = self._fade_out(n, gain)
        else:
            acc = self._tone_span(t0, n, gain)
            self._schedule_ticks(t0, n)
        acc = self._mix_ticks(acc, n, gain)
        return acc

    def _tone_span(self, t0: float, n: int, gain: float) -> list[int] | None:
        schedule = self._schedule
        t1 = t0 + n / RATE
        out: list[int] = []
        pos = 0
        silent = True
        while pos < n:
            t = t0 + pos / RATE
            st = schedule.at(t)
            seg = st.segment
            if st.done:
                out.extend(repeat(0, n - pos))
                break
            # Frames of this chunk inside this segment.
            end_frame = (
                n if seg.end >= t1 else max(pos + 1, min(n, math.ceil((seg.end - t0) * RATE)))
            )
            m = end_frame - pos
            part = self._segment_part(seg, t, m, gain)
            if part is None:
                out.extend(repeat(0, m))
            else:
                silent = False
                out.extend(part)
            pos = end_frame
        return None if silent else out

    def _segment_part(self, seg: Segment, t: float, m: int, gain: float) -> list[int] | None:
        mid = t + m / (2 * RATE)
        sound = self.score.sound_at(seg, mid)
        if sound.timbre is None or gain <= 0.0:
            self._last_sound = Sound(None)
            return None
        # Fades: in after a pause or at a phase start, out at a phase end.
        fade_in = self._fade < 1.0
        t_last = t + (m - 1) / RATE
        edge = t - seg.start < EDGE_SECONDS or seg.end - t_last < EDGE_SECONDS + 1.0 / RATE
        amp = sound.level * self._level * gain
        self._last_sound = sound
        raw = self._oscillate(sound, m, amp)
        if not (edge or fade_in):
            return raw
        # The envelope, a product of ramps made by C (`map`), never a loop per sample here.
        env: Iterator[float] = repeat(1.0)
        if edge:
            into = (t - seg.start) * RATE  # frames into the segment at this part's start
            left = (seg.end - t) * RATE  # frames to its end
            scale = 1.0 / (EDGE_SECONDS * RATE)
            ups = map(mul, map(add, range(m), repeat(into)), repeat(scale))
            downs = map(mul, map(sub, repeat(left), range(m)), repeat(scale))
            env = map(max, map(min, ups, downs, repeat(1.0)), repeat(0.0))
        if fade_in:
            step = 1.0 / (RESUME_FADE_SECONDS * RATE)
            fades = _ramp(self._fade, step, m)
            self._fade = min(1.0, self._fade + m * step)
            env = map(mul, env, fades)
        return list(map(int, map(mul, raw, env)))

    def _fade_out(self, n: int, gain: float) -> list[int] | None:
        sound = self._last_sound
        if self._fade <= 0.0 or sound.timbre is None or gain <= 0.0:
            self._fade = 0.0
            return None
        raw = self._oscillate(sound, n, sound.level * self._level * gain)
        step = -1.0 / (PAUSE_FADE_SECONDS * RATE)
        fades = _ramp(self._fade, step, n)
        self._fade = max(0.0, self._fade + n * step)
        return list(map(int, map(mul, raw, fades)))

    def _oscillate(self, sound: Sound, m: int, amp: float) -> list[int]:
        return list(self._samples(sound, m, amp))

    def _samples(self, sound: Sound, m: int, amp: float) -> Iterable[int]:
        """The next m samples of the sound at linear amplitude amp (lazily: C does the loop)."""
        if sound.timbre is Timbre.BREATH:
            return self._noise_part(m, amp)
        assert sound.timbre is not None
        # Equal loudness for both timbres: scale by the table's RMS.
        amp = amp / table_rms(sound.timbre) * 0.5
        return self._tone(self._table(sound.timbre, amp), sound.freq, m)

    def _tone(self, table: array.array[int], freq: float, m: int) -> array.array[int]:
        """m samples read from a one-period table at `freq`, by slicing (C does the loop).

        A slice needs a whole step, so each quarter of a buffer reads part of its frames at
        the step below the exact one and the rest at the step above, in the proportion that
        averages to the exact pitch: a 400 Hz wobble of 0.7 Hz at most, its sidebands 30 dB
        or more under even the hum's 14th partial.
        """
        exact = freq * TABLE_SIZE / RATE
        low = int(exact)
        out = array.array("h")
        p = self._phase
        done = 0
        for block in range(1, SUB_BLOCKS + 1):
            size = m * block // SUB_BLOCKS - done
            done += size
            want = (1.0 - (exact - low)) * size + self._carry
            k = min(size, max(0, round(want)))
            self._carry = want - k
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
        self._phase = p
        return out

    def _table(self, timbre: Timbre, amp: float) -> array.array[int]:
        amp = min(amp, 1.0)
        key = round(20.0 * math.log10(max(amp, 1e-6)) / LEVEL_STEP_DB)
        table = TABLES.get((timbre, key))
        if table is None:
            scale = 32767.0 * 10.0 ** (key * LEVEL_STEP_DB / 20.0)
            table = array.array("h", map(round, map(mul, unit_table(timbre), repeat(scale))))
            if len(TABLES) > MAX_TABLES:
                TABLES.clear()
            TABLES[(timbre, key)] = table
        return table

    def _noise_part(self, m: int, amp: float) -> array.array[int]:
        """m samples of the breath-noise loop at amp (same RMS as a tone at that level),
        sliced from a copy of the loop scaled to the nearest half decibel."""
        key = round(20.0 * math.log10(max(amp, 1e-6)) / LEVEL_STEP_DB)
        noise = NOISE_TABLES.get((id(self._noise), key))
        if noise is None:
            level = 10.0 ** (key * LEVEL_STEP_DB / 20.0)
            scale = min(level * 0.5 / self._noise_rms, 1.0 / self._noise_peak)
            noise = array.array("h", map(round, map(mul, self._noise, repeat(scale))))
            if len(NOISE_TABLES) > MAX_NOISE_TABLES:
                NOISE_TABLES.clear()
            NOISE_TABLES[(id(self._noise), key)] = noise
        p = self._noise_pos
        end = p + m
        part = noise[p:end] if end <= len(noise) else noise[p:] + noise[: end - len(noise)]
        self._noise_pos = end % len(noise)
        return part

    def _schedule_ticks(self, t0: float, n: int) -> None:
        t1 = t0 + n / RATE
        # From where the last buffer ended (a little device jitter neither drops nor doubles
        # a tick), unless the clock jumped.
        lo = self._ticked_until
        if lo is None or abs(lo - t0) > RESYNC_SECONDS:
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
