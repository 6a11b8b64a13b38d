"""The simpleaudio backend (optional): a stream per cue, opened on a worker thread."""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

from breathe.audio.backend import AudioUnavailable, BasePlayer, keep_closable
from breathe.audio.cues import SAMPLE_RATE, Cue, CueSet
from breathe.audio.mixer import Playback, gain_for, scaled
from breathe.audio.quiet import silence_alsa, stderr_silenced
from breathe.core.defaults import DEFAULT_VOLUME

SIMPLEAUDIO_FIX = "pip install 'breathe-coach[simpleaudio]'"


def simpleaudio_refusal(
    python: tuple[int, ...] = tuple(sys.version_info[:2]),
    version_of: Callable[[str], str] | None = None,
) -> str | None:
    """Why the installed simpleaudio must not be used here, or None when it is safe."""
    import importlib.metadata  # here: importing it costs every start-up ~10 ms and 1.4 MB

    version_of = version_of or importlib.metadata.version
    if python < (3, 12):
        return None
    try:
        version_of("simpleaudio-patched")
        return None
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        upstream = version_of("simpleaudio")
    except importlib.metadata.PackageNotFoundError:
        return None
    parts = tuple(int(p) if p.isdigit() else 0 for p in upstream.split(".")[:3])
    if parts <= (1, 0, 4):
        return (
            f"simpleaudio {upstream} crashes on Python {python[0]}.{python[1]}; "
            f"replace it with simpleaudio-patched: pip uninstall simpleaudio && {SIMPLEAUDIO_FIX}"
        )
    return None


class SimpleaudioPlayer(BasePlayer):
    """simpleaudio opens a stream per cue; a worker thread does that so `play()` never blocks."""

    name = "simpleaudio"

    def __init__(self, cues: CueSet, volume: int, module: ModuleType) -> None:
        super().__init__(volume)
        self._cues = cues
        self._sa = module
        self._queue: queue.Queue[tuple[Cue, Playback] | None] = queue.Queue()
        self._playing: list[Any] = []
        self._scaled: dict[tuple[Cue, float, int], bytes] = {}
        self._failed = False
        self._worker = threading.Thread(target=self._work, name="breathe-simpleaudio", daemon=True)
        self._worker.start()
        keep_closable(self)

    @classmethod
    def open(
        cls, cues: CueSet, volume: int = DEFAULT_VOLUME, *, hush_stderr: bool = False
    ) -> SimpleaudioPlayer:
        refusal = simpleaudio_refusal()
        if refusal:
            raise AudioUnavailable(refusal)
        try:
            import simpleaudio
        except ImportError:
            raise AudioUnavailable(f"simpleaudio is not installed ({SIMPLEAUDIO_FIX})") from None
        silence_alsa()
        with stderr_silenced(hush_stderr):
            try:
                # Opening is per sound with simpleaudio: a short silence proves a device exists.
                probe = bytes(2 * (SAMPLE_RATE // 100))
                simpleaudio.play_buffer(probe, 1, 2, SAMPLE_RATE).wait_done()
            except Exception:
                raise AudioUnavailable("no audio device found") from None
        return cls(cues, volume, simpleaudio)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                self._start(*item)
            finally:
                self._queue.task_done()

    def _start(self, cue: Cue, playback: Playback) -> None:
        if self._muted or self._closed:
            return
        gain = gain_for(self._volume)
        key = (cue, gain, playback.frames)
        data = self._scaled.get(key)
        if data is None:
            samples = self._cues.fitted_frames(cue, playback.frames)
            data = self._scaled[key] = scaled(samples, gain).tobytes()
        try:
            self._playing = [p for p in self._playing if p.is_playing()]
            self._playing.append(self._sa.play_buffer(data, 1, 2, SAMPLE_RATE))
            playback.started_at = time.monotonic()
        except Exception:
            self._failed = True

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        if self._muted or self._closed:
            return None
        frames = len(self._cues.fitted(cue, max_seconds))
        playback = Playback(frames=frames, queued_at=time.monotonic())
        self._queue.put((cue, playback))
        return playback

    def mute(self) -> None:
        super().mute()
        self._stop_all()

    def _stop_all(self) -> None:
        with contextlib.suppress(Exception):
            self._sa.stop_all()

    @property
    def problem(self) -> str | None:
        return "the audio device stopped" if self._failed and not self._closed else None

    def finish_playing(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        # unfinished_tasks counts a cue taken off the queue but not yet started, too.
        while time.monotonic() < deadline and (
            self._queue.unfinished_tasks or any(p.is_playing() for p in list(self._playing))
        ):
            time.sleep(0.01)

    def close(self) -> None:
        if self._closed:
            return
        super().close()
        self._queue.put(None)
        self._worker.join(timeout=2.0)
        self._stop_all()
