"""`AudioCues`: the session listener that plays a cue as each phase starts.

The session's clock decides when a cue plays (the listener is called from `SessionRun.poll`);
nothing here times the session. With `BREATHE_AUDIO_TRACE=<file>` every cue's onset is
recorded for the benchmarks: the boundary instant, when `play()` returned, and when the first
frame reached the device, as JSON lines.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breathe.audio.cues import VOICE_MIN_SECONDS, Cue, cue_for_segment, spoken_for
from breathe.audio.layers import guide_default, voice_default
from breathe.audio.mixer import Playback
from breathe.audio.player import NO_SOUND, Player
from breathe.core.engine import Segment, State
from breathe.core.session import SessionListener, SessionResult, SessionRun

if TYPE_CHECKING:
    from breathe.audio.guide import Guide

TRACE_ENV = "BREATHE_AUDIO_TRACE"


def is_last_breath(run: SessionRun, segment: Segment) -> bool:
    """An inhale of the last breath of its set (when a set has more than one)."""
    per_set = run.schedule.blocks[segment.step].dose.breaths_per_set(
        run.schedule.blocks[segment.step].pattern
    )
    return per_set > 1 and segment.breath == per_set


class AudioCues(SessionListener):
    def __init__(
        self,
        player: Player,
        on_notice: Callable[[str], None] | None = None,
        trace_path: Path | None = None,
        get_time: Callable[[], float] = time.monotonic,
        guide: bool | None = None,
        voice: bool | None = None,
    ) -> None:
        self.player = player
        self.guide_on = guide_default() if guide is None else guide
        self.voice = voice_default() if voice is None else voice
        self.guide: Guide | None = None
        self._prepared: Guide | None = None  # made by `starting`, attached at the first phase
        self._run: SessionRun | None = None  # the running session, once a phase has started
        self._on_notice = on_notice
        self._told_problem = False
        self._get_time = get_time
        env = os.environ.get(TRACE_ENV)
        self._trace_path = trace_path or (Path(env) if env else None)
        self._trace: list[tuple[str, int, float, float, Playback | None]] = []
        self.completed = False

    def starting(self, run: SessionRun) -> None:
        """The guide is made before the clock starts (its module and sounds take ~0.2 s to
        load): made at the first inhale, it held the first cue back by that much."""
        if self.guide_on and self._prepared is None:
            from breathe.audio.guide import guide_for

            self._prepared = guide_for(run)

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        self._run = run
        cue = cue_for_segment(run.schedule, segment, run.plan.block_for(segment).exhale)
        if cue is not None:
            if self.voice and segment.seconds >= VOICE_MIN_SECONDS:
                last = cue is Cue.INHALE and is_last_breath(run, segment)
                cue = spoken_for(cue, last_breath=last)
            # No cue outlasts its phase: what is left of it (a late poll has eaten some).
            boundary = run.clock.instant_of(segment.start)
            left = max(0.0, run.clock.instant_of(segment.end) - self._get_time())
            self._play(cue, segment.index, boundary, max_seconds=left)
        if self.guide is None and self.guide_on:  # after the cue: making it must not delay it
            self._attach_guide(run)

    def awaiting(self, run: SessionRun, sets_done: int) -> None:
        """A wait between strength sets begins: the set-done motif (the guide then knocks
        softly each minute of the wait)."""
        self._play(Cue.SET_DONE, -1, self._get_time())

    def paused(self, run: SessionRun) -> None:
        """The user paused: a falling blip (the guide fades out by itself)."""
        self._play(self._say(Cue.PAUSE), -1, self._get_time())

    def resumed(self, run: SessionRun) -> None:
        """The user resumed: a rising blip (the guide picks up where it was)."""
        self._play(self._say(Cue.RESUME), -1, self._get_time())

    def _say(self, cue: Cue) -> Cue:
        return spoken_for(cue) if self.voice else cue

    def _attach_guide(self, run: SessionRun) -> None:
        from breathe.audio.guide import guide_for

        guide, self._prepared = self._prepared or guide_for(run), None
        if guide is not None and self.player.set_guide(guide):
            self.guide = guide

    def set_guide_on(self, on: bool) -> None:
        """The app's guide key: takes effect at once (the guide fades in or out), also in a
        session started without it (the guide is made now, mid-phase)."""
        self.guide_on = on
        if self.guide is not None:
            self.guide.enabled = on
        elif on and self._run is not None and self._run.result is None:
            self._attach_guide(self._run)

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        """The closing notes when a session is done, and when it is ended from a pause (the
        app pauses it to ask "End this session early?"), so eyes closed hear it is over. An
        end mid-breath (Ctrl-C, a signal) is the program leaving at once: left silent."""
        if result.status == "completed" or (result.status == "ended_early" and run.paused):
            self.completed = result.status == "completed"
            end = len(run.schedule.segments)
            done = self._say(Cue.SESSION_DONE)
            due = run.clock.instant_of(run.schedule.total) if self.completed else self._get_time()
            self._play(done, end, due)

    def close(self, finish_timeout: float = 2.0) -> None:
        """End of the session: let a completed session's last cue ring out, then release the
        device. Call it exactly where the session's screen or plain loop ends."""
        if self.completed:
            self.player.finish_playing(finish_timeout)
        self.write_trace()
        self.player.close()

    def _play(
        self, cue: Cue, index: int, boundary: float, max_seconds: float | None = None
    ) -> None:
        playback = self.player.play(cue, max_seconds)
        if self._trace_path is not None:
            self._trace.append((cue.value, index, boundary, self._get_time(), playback))
        problem = self.player.problem
        if problem and not self._told_problem:
            self._told_problem = True
            if self._on_notice is not None:
                self._on_notice(f"{problem}; {NO_SOUND}")

    def trace_rows(self) -> list[dict[str, Any]]:
        rows = []
        for cue, index, boundary, returned, playback in self._trace:
            started = playback.started_at if playback else None
            rows.append(
                {
                    "cue": cue,
                    "segment": index,
                    "backend": self.player.name,
                    "boundary": boundary,
                    "play_returned": returned,
                    "first_frame": started,
                    "late_ms": round((returned - boundary) * 1000, 3),
                    "first_frame_ms": (
                        round((started - boundary) * 1000, 3) if started is not None else None
                    ),
                }
            )
        return rows

    def write_trace(self) -> None:
        """Append this session's onsets; a trace that cannot be written is not worth a crash."""
        if self._trace_path is None or not self._trace:
            return
        try:
            with self._trace_path.open("a", encoding="utf-8") as f:
                for row in self.trace_rows():
                    f.write(json.dumps(row) + "\n")
        except OSError:
            pass
        self._trace.clear()
