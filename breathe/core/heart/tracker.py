"""The live heart of one session: measurements in, figures out. The lead's wiring feeds it
packets (or plain intervals) as they arrive and asks for the line and the summary; it keeps
the beats for saving. Cost: one cleaning step per beat; figures only on demand."""

from __future__ import annotations

import statistics

from breathe.core.heart import figures, text
from breathe.core.heart.beats import Beat, BeatClock
from breathe.core.heart.packet import Measurement


class HeartTracker:
    """Beats of one session on its clock, starting at `start`; `last_bpm` from the strap's
    own reading is kept for sensors that send no RR."""

    def __init__(self, start: float = 0.0) -> None:
        self.clock = BeatClock(start)
        self.beats: list[Beat] = []
        self.last_bpm: int | None = None
        self.contact: bool | None = None
        self.breath_swings: list[float] = []
        self._saw_rr = False
        self._anchored = False

    def add_measurement(self, m: Measurement, now: float | None = None) -> list[Beat]:
        """Add one packet's beats. With `now` (the session clock when it arrived), the first
        packet after the start or a `resync` anchors the running sum: its last beat is taken
        to be `now`; later beats follow from the sum of RR alone."""
        self.last_bpm = m.bpm
        self.contact = m.contact
        if now is not None and not self._anchored and m.rr_ms:
            self.clock.t = now - sum(m.rr_ms) / 1000.0
        if m.rr_ms:
            self._anchored = True
        return self.add_intervals(m.rr_ms)

    def add_intervals(self, rr_ms: tuple[float, ...] | list[float]) -> list[Beat]:
        if rr_ms:
            self._saw_rr = True
        new = self.clock.add_all(list(rr_ms))
        self.beats.extend(new)
        return new

    def resync(self) -> None:
        """After a dropped link the running sum has lost the missing beats: the next packet
        given with `now` anchors it again (call on the `connected` that follows `lost`)."""
        self._anchored = False

    def end_breath(self, start: float, end: float) -> float | None:
        """Close a breath: its swing (None without beats enough), kept for the summary."""
        swing = figures.breath_swing(self.beats, start, end)
        if swing is not None:
            self.breath_swings.append(swing)
        return swing

    @property
    def has_rr(self) -> bool:
        return self._saw_rr

    @property
    def artefacts(self) -> int:
        return self.clock.artefacts

    def bpm_now(self) -> float | None:
        return figures.heart_rate_now(self.beats) if self.beats else self.last_bpm

    def line(self) -> str:
        """`72 bpm · swing 9 · RMSSD 48 ms`, or the no-RR wording for optical sensors."""
        if not self._saw_rr and self.last_bpm is not None:
            return text.no_rr_line(self.last_bpm)
        last_swing = self.breath_swings[-1] if self.breath_swings else None
        return text.heart_line(self.bpm_now(), last_swing, figures.rmssd_recent(self.beats))

    def plain_suffix(self) -> str:
        last_swing = self.breath_swings[-1] if self.breath_swings else None
        return text.plain_suffix(self.bpm_now(), last_swing)

    def mean_bpm(self) -> float | None:
        if not self.beats:
            return float(self.last_bpm) if self.last_bpm is not None else None
        return 60_000.0 * len(self.beats) / sum(b.rr_ms for b in self.beats)

    def mean_swing(self) -> float | None:
        return statistics.fmean(self.breath_swings) if self.breath_swings else None

    def summary(self) -> str:
        if not self._saw_rr and self.last_bpm is not None:
            return text.no_rr_summary(self.mean_bpm())
        return text.summary_line(
            self.mean_bpm(), self.mean_swing(), figures.rmssd(self.beats), self.artefacts
        )

    def trace(self, seconds: float = 60.0, hz: float = 1.0) -> list[float]:
        """The last minute's heart rate at even steps, for a sparkline under the bar."""
        if not self.beats:
            return []
        since = self.beats[-1].t - seconds
        return figures.resample([b for b in self.beats if b.t >= since], hz)
