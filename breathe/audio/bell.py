"""The terminal bell: a backend for terminals over SSH or without a sound card."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from breathe.audio.backend import BasePlayer
from breathe.audio.cues import Cue
from breathe.audio.mixer import Playback
from breathe.core.defaults import DEFAULT_VOLUME


class BellPlayer(BasePlayer):
    """The terminal bell: one ring per cue, for terminals over SSH or without a sound card."""

    name = "bell"

    def __init__(
        self,
        volume: int = DEFAULT_VOLUME,
        stream: TextIO | None = None,
        ring: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(volume)
        self._stream = stream if stream is not None else sys.stdout
        self._ring = ring or self._write_bell

    def _write_bell(self) -> None:
        self._stream.write("\a")
        self._stream.flush()

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        if self._muted or self._closed or self._volume == 0:
            return None
        try:
            self._ring()
        except (OSError, ValueError):  # a closed or vanished terminal: nothing to ring
            return None
        now = time.monotonic()
        return Playback(frames=0, queued_at=now, started_at=now)
