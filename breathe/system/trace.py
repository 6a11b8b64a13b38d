"""An opt-in timing trace (BREATHE_TRACE=<file>) so benchmarks can compare what the screen and
the speakers did against the schedule. Off by default: no file is touched without the variable.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from typing import TextIO

from breathe.core.engine import Segment, State
from breathe.core.session import SessionListener, SessionResult, SessionRun

TRACE_ENV = "BREATHE_TRACE"


class TraceListener(SessionListener):
    """Writes one JSON line per event with the system-wide monotonic clock."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @classmethod
    def from_env(cls) -> TraceListener | None:
        path = os.environ.get(TRACE_ENV)
        if not path:
            return None
        try:
            return cls(open(path, "a", encoding="utf-8"))
        except OSError:
            return None

    def _write(self, **event: object) -> None:
        event["monotonic"] = time.monotonic()
        try:
            self._stream.write(json.dumps(event) + "\n")
            self._stream.flush()
        except (OSError, ValueError):
            pass

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        if segment.index == 0 or not hasattr(self, "_origin"):
            # The instant active time 0 fell at: every boundary is origin + segment.start.
            self._origin = run.clock.instant_of(0.0)
            self._write(event="origin", origin=self._origin)
        self._write(
            event="segment",
            index=segment.index,
            kind=segment.kind.value,
            scheduled=run.clock.instant_of(segment.start),
        )

    def finished(self, run: SessionRun, result: SessionResult) -> None:
        self._write(event="finished", status=result.status)
        with contextlib.suppress(OSError):
            self._stream.close()
