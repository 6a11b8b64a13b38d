"""The guide's score: what it plays when, as pure timing from the session's schedule.

For each segment: the continuous sound at an instant (a timbre, a pitch and a level) and the
instants of its ticks. No audio here; `guide` renders the score into samples.

- inhale      a soft tone gliding up a fifth (262 -> 392 Hz, ease-in-out in log frequency),
              swelling; a top-up inhale continues the glide (392 -> 440 Hz); the last breath of a
              set glides an octave higher, to announce it
- hold        the top pitch held softly, and a short high tick (2 kHz) on each whole second
- exhale hum  a nasal tone falling 131 -> 110 Hz, rich in upper partials (laptop speakers keep
              it), fading so it runs out with the breath
- exhale ha   "ah"-formant breath noise, fading
- rest        a soft wooden tick on each whole second
- any phase of 4 s or more (and the count-in) ends with 3-2-1 countdown ticks above 1 kHz
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from breathe.audio.waveforms import TickKind, Timbre, db, ease, log_glide
from breathe.core.engine import ExhaleStyle, Segment, SegmentKind
from breathe.core.plan import SessionPlan

INHALE_LOW, INHALE_HIGH, TOP_UP_HIGH = 261.63, 392.0, 440.0
HUM_HIGH, HUM_LOW = 130.81, 110.0
COUNTDOWN_MIN_SECONDS = 4.0
COUNTDOWN = 3
COUNTED = frozenset({SegmentKind.LEAD_IN, SegmentKind.TRANSITION, SegmentKind.SET_REST})


@dataclass(frozen=True)
class Sound:
    """What the guide plays at one instant: a timbre, its pitch, and its level (linear)."""

    timbre: Timbre | None
    freq: float = 0.0
    level: float = 0.0


class Score:
    """What one session's guide plays when; ticks are worked out once per segment."""

    def __init__(self, plan: SessionPlan) -> None:
        self._plan = plan
        self.schedule = plan.schedule
        self._tick_cache: dict[int, tuple[tuple[float, TickKind], ...]] = {}
        self._last_breaths = self._mark_last_breaths()

    def _mark_last_breaths(self) -> frozenset[int]:
        """Indexes of inhale segments in the last breath of a set: their glide is an octave up."""
        segs = self.schedule.segments
        out: set[int] = set()
        per_set = [b.dose.breaths_per_set(b.pattern) for b in self.schedule.blocks]
        for seg in segs:
            if (
                seg.kind is SegmentKind.INHALE
                and seg.breath == per_set[seg.step]
                and per_set[seg.step] > 1
            ):
                out.add(seg.index)
        return frozenset(out)

    def _inhales_before(self, seg: Segment) -> int:
        """How many inhale segments of the same breath come before this one."""
        segs = self.schedule.segments
        n = 0
        i = seg.index - 1
        while i >= 0 and segs[i].kind is SegmentKind.INHALE and segs[i].breath == seg.breath:
            n += 1
            i -= 1
        return n

    def _top_pitch(self, seg: Segment) -> float:
        """The pitch the inhale(s) before a hold ended on."""
        segs = self.schedule.segments
        i = seg.index - 1
        while i >= 0 and segs[i].kind is not SegmentKind.INHALE:
            i -= 1
        if i < 0:
            return INHALE_HIGH
        prev = segs[i]
        octave = 2.0 if prev.index in self._last_breaths else 1.0
        return octave * (TOP_UP_HIGH if self._inhales_before(prev) else INHALE_HIGH)

    def sound_at(self, seg: Segment, t: float) -> Sound:
        """The continuous sound of segment `seg` at active time t (edges not applied)."""
        x = (t - seg.start) / (seg.end - seg.start)
        kind = seg.kind
        if kind is SegmentKind.INHALE:
            octave = 2.0 if seg.index in self._last_breaths else 1.0
            if self._inhales_before(seg):
                f0, f1, l0 = INHALE_HIGH, TOP_UP_HIGH, -2.0
            else:
                f0, f1, l0 = INHALE_LOW, INHALE_HIGH, -8.0
            level = db(l0 + (0.0 - l0) * ease(x))
            return Sound(Timbre.TONE, octave * log_glide(f0, f1, x), level)
        if kind is SegmentKind.HOLD:
            return Sound(Timbre.TONE, self._top_pitch(seg), db(-6.0))
        if kind is SegmentKind.EXHALE:
            level = db(-9.0 * x)
            if self._plan.block_for(seg).exhale is ExhaleStyle.HUM:
                return Sound(Timbre.HUM, log_glide(HUM_HIGH, HUM_LOW, x), level)
            return Sound(Timbre.BREATH, 0.0, level)
        return Sound(None)

    def sound_key(self, seg: Segment) -> tuple[object, ...]:
        """What `sound_at` reads of a segment besides the instant: two segments with equal
        keys sound the same from their starts, so the guide renders such a phase once."""
        kind = seg.kind
        if kind is SegmentKind.INHALE:
            top_up = bool(self._inhales_before(seg))
            return (kind, seg.seconds, seg.index in self._last_breaths, top_up)
        if kind is SegmentKind.HOLD:
            return (kind, seg.seconds, self._top_pitch(seg))
        if kind is SegmentKind.EXHALE:
            return (kind, seg.seconds, self._plan.block_for(seg).exhale)
        return (None, seg.seconds)

    def ticks_in(self, seg: Segment) -> list[tuple[float, TickKind]]:
        """Tick instants (active time) inside a segment and their sound.

        Holds and rests tick on each whole second inside them; when they last 4 s or more the
        last three of those ticks are the countdown's. Other phases of 4 s or more, the
        count-in and the waits before a mid-run reset or the next set count down 3-2-1 on
        the seconds before their end.
        """
        span = seg.end - seg.start
        eps = 1e-6
        long_enough = span >= COUNTDOWN_MIN_SECONDS - eps
        if seg.kind in (SegmentKind.HOLD, SegmentKind.REST):
            kind = TickKind.HOLD if seg.kind is SegmentKind.HOLD else TickKind.WOOD
            seconds = range(1, math.ceil(span - eps))
            last = len(seconds)
            return [
                (
                    seg.start + k,
                    kind
                    if not long_enough or k <= last - COUNTDOWN
                    else (TickKind.LAST if k == last else TickKind.COUNT),
                )
                for k in seconds
            ]
        if not (seg.kind in COUNTED or (seg.kind.is_breath and long_enough)):
            return []
        out = []
        for k in range(COUNTDOWN, 0, -1):
            at = seg.end - k
            if at < seg.start - eps or (seg.kind.is_breath and at < seg.start + 0.5):
                continue
            out.append((at, TickKind.LAST if k == 1 else TickKind.COUNT))
        return out

    def segment_ticks(self, seg: Segment) -> tuple[tuple[float, TickKind], ...]:
        """`ticks_in(seg)`, computed once per segment (the audio thread asks every buffer)."""
        ticks = self._tick_cache.get(seg.index)
        if ticks is None:
            ticks = self._tick_cache[seg.index] = tuple(self.ticks_in(seg))
        return ticks
