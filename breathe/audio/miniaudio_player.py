"""The miniaudio backend: one device for the whole session, fed by the mixer."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from breathe.audio.backend import AudioUnavailable, BasePlayer, keep_closable, pulse_may_answer
from breathe.audio.cues import SAMPLE_RATE, Cue, CueSet
from breathe.audio.mixer import GuideSource, Mixer, Playback
from breathe.audio.quiet import silence_alsa, stderr_silenced
from breathe.core.defaults import DEFAULT_VOLUME

BUFFER_MS = 10  # one device period: the longest a cue waits to start
FLUSH_BUFFERS = 4  # buffers to let through after the last cue, so its tail is heard
STALL_SECONDS = 2.0  # a device that has not pulled audio for this long has gone away


def _import_miniaudio() -> Any:
    """miniaudio imports numpy whenever it is installed, only to accept numpy arrays (breathe
    hands it bytes): ~10 MiB and ~60 ms a session need not pay. Hidden while it loads."""
    hide = "numpy" not in sys.modules
    if hide:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy: ImportError
    try:
        import miniaudio
    finally:
        if hide and "numpy" in sys.modules and sys.modules["numpy"] is None:
            del sys.modules["numpy"]
    return miniaudio


class MiniaudioPlayer(BasePlayer):
    """One playback device for the whole session, fed by the mixer from miniaudio's thread."""

    name = "miniaudio"

    def __init__(
        self,
        cues: CueSet,
        mixer: Mixer,
        device: Any,
        get_time: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(mixer.volume)
        self._cues = cues
        self._mixer = mixer
        self._device = device
        self._get_time = get_time
        self._opened_at = get_time()
        self._close_lock = threading.Lock()
        keep_closable(self)

    @classmethod
    def open(
        cls, cues: CueSet, volume: int = DEFAULT_VOLUME, *, hush_stderr: bool = False
    ) -> MiniaudioPlayer:
        try:
            miniaudio = _import_miniaudio()
        except ImportError as exc:  # a broken install; auto falls through to the next backend
            raise AudioUnavailable(f"the miniaudio package could not be loaded ({exc})") from None
        silence_alsa()
        mixer = Mixer(volume)
        # JACK without a running server can crash the process: ask only for these on Linux
        # (PulseAudio only when a server may answer: see `pulse_may_answer`).
        backends = None
        if sys.platform.startswith("linux"):
            backends = [miniaudio.Backend.ALSA]
            if pulse_may_answer():
                backends.insert(0, miniaudio.Backend.PULSEAUDIO)
        with stderr_silenced(hush_stderr):
            try:
                device = miniaudio.PlaybackDevice(
                    output_format=miniaudio.SampleFormat.SIGNED16,
                    nchannels=1,
                    sample_rate=SAMPLE_RATE,
                    buffersize_msec=BUFFER_MS,
                    backends=backends,
                    app_name="breathe",
                )
            except miniaudio.MiniaudioError:
                raise AudioUnavailable("no audio device found") from None
            try:
                stream = mixer.stream()
                next(stream)
                device.start(stream)
            except miniaudio.MiniaudioError:
                device.close()
                raise AudioUnavailable("the audio device could not be started") from None
        return cls(cues, mixer, device)

    @property
    def mixer(self) -> Mixer:
        return self._mixer

    @property
    def device_name(self) -> str | None:
        """The sound system miniaudio opened, e.g. "PulseAudio" or "ALSA"."""
        backend = getattr(self._device, "backend", None)
        return str(backend) if backend else None

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        if self._closed:
            return None
        return self._mixer.play(self._cues.fitted(cue, max_seconds))

    def set_volume(self, volume: int) -> None:
        super().set_volume(volume)
        self._mixer.set_volume(self._volume)

    def set_guide(self, guide: GuideSource | None) -> bool:
        if self._closed:
            return False
        self._mixer.set_guide(guide)
        return True

    def mute(self) -> None:
        super().mute()
        self._mixer.muted = True

    def unmute(self) -> None:
        super().unmute()
        self._mixer.muted = False

    @property
    def problem(self) -> str | None:
        if self._closed:
            return None
        last = self._mixer.last_render or self._opened_at
        if self._get_time() - last > STALL_SECONDS:
            return "the audio device stopped"
        return None

    def finish_playing(self, timeout: float) -> None:
        deadline = self._get_time() + timeout

        def waiting() -> bool:
            return self._get_time() < deadline and self.problem is None

        while self._mixer.busy and waiting():
            time.sleep(0.01)
        # The last buffers are still queued in the device: let it ask for a few more.
        flushed = self._mixer.renders + FLUSH_BUFFERS
        while self._mixer.renders < flushed and waiting():
            time.sleep(0.01)

    def close(self) -> None:
        with self._close_lock:
            if self._closed:
                return
            super().close()
            self._mixer.stop_all()
            self._device.close()
