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
from typing import Any

from breathe.audio.cues import Cue, cue_for
from breathe.audio.mixer import Playback
from breathe.audio.player import NO_SOUND, Player
from breathe.core.engine import Segment, State
from breathe.core.session import SessionResult, SessionRun

TRACE_ENV = "BREATHE_AUDIO_TRACE"


class AudioCues:
    def __init__(
        self,
        player: Player,
        on_notice: Callable[[str], None] | None = None,
        trace_path: Path | None = None,
        get_time: Callable[[], float] = time.monotonic,
    ) -> None:
        self.player = player
        self._on_notice = on_notice
        self._told_problem = False
        self._get_time = get_time
        env = os.environ.get(TRACE_ENV)
        self._trace_path = trace_path or (Path(env) if env else None)
        self._trace: list[tuple[str, int, float, float, Playback | None]] = []
        self.completed = False

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        cue = cue_for(segment.kind, run.plan.block_for(segment).exhale)
        if cue is not None:
            self._play(cue, segment.index, run.clock.instant_of(segment.start))

    def breath_completed(self, run: SessionRun, breaths: int, state: State) -> None:
        return None

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        if result.status == "completed":
            self.completed = True
            end = len(run.schedule.segments)
            self._play(Cue.SESSION_DONE, end, run.clock.instant_of(run.schedule.total))

    def close(self, finish_timeout: float = 2.0) -> None:
        """End of the session: let a completed session's last cue ring out, then release the
        device. Call it exactly where the session's screen or plain loop ends."""
        if self.completed:
            self.player.finish_playing(finish_timeout)
        self.write_trace()
        self.player.close()

    def _play(self, cue: Cue, index: int, boundary: float) -> None:
        playback = self.player.play(cue)
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
