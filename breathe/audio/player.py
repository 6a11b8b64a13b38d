"""Players: one small interface over miniaudio, simpleaudio, the terminal bell, or nothing.

`open_player()` picks and opens a backend and never raises for a missing device: it returns a
silent player and one sentence saying why. Backend modules are imported only here, lazily, and
opening may block on the sound server, so front ends call it off their UI thread (see
`open_player_in_background`).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import queue
import sys
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, TextIO

from breathe.audio.cues import SAMPLE_RATE, Cue, CueSet, load_cues
from breathe.audio.mixer import (
    GuideSource,
    Mixer,
    Playback,
    clamp_volume,
    gain_for,
    scaled,
)
from breathe.audio.quiet import silence_alsa, stderr_silenced
from breathe.core.defaults import AUDIO_CHOICES, DEFAULT_VOLUME

NO_SOUND = "the session continues without sound"
BUFFER_MS = 10  # one device period: the longest a cue waits to start
LATE_CUE_SECONDS = 0.3  # a cue asked for while the device was opening plays if this recent
FLUSH_BUFFERS = 4  # buffers to let through after the last cue, so its tail is heard
STALL_SECONDS = 2.0  # a device that has not pulled audio for this long has gone away
SIMPLEAUDIO_FIX = "pip install 'breathe-coach[simpleaudio]'"


class AudioUnavailable(Exception):
    """A backend cannot play; the message is a short reason, e.g. "no audio device found"."""


class Player(Protocol):
    @property
    def name(self) -> str: ...

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        """Start a cue; `max_seconds` trims it (with a short fade) to fit its phase."""
        ...

    def set_guide(self, guide: GuideSource | None) -> bool: ...

    @property
    def volume(self) -> int: ...

    def set_volume(self, volume: int) -> None: ...

    @property
    def muted(self) -> bool: ...

    def mute(self) -> None: ...

    def unmute(self) -> None: ...

    @property
    def problem(self) -> str | None:
        """Why sound stopped after opening (a device that vanished), else None."""
        ...

    def finish_playing(self, timeout: float) -> None: ...

    def close(self) -> None: ...


_live_players: weakref.WeakSet[BasePlayer] = weakref.WeakSet()


@atexit.register
def _close_live_players() -> None:
    # A started miniaudio device that is never closed hangs the interpreter at exit.
    for player in list(_live_players):
        player.close()


class BasePlayer:
    """Volume and mute bookkeeping shared by every backend; plays nothing by itself."""

    name = "off"

    def __init__(self, volume: int = DEFAULT_VOLUME) -> None:
        self._volume = clamp_volume(volume)
        self._muted = False
        self._closed = False

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        return None

    @property
    def volume(self) -> int:
        return self._volume

    def set_volume(self, volume: int) -> None:
        self._volume = clamp_volume(volume)

    @property
    def muted(self) -> bool:
        return self._muted

    def mute(self) -> None:
        self._muted = True

    def unmute(self) -> None:
        self._muted = False

    @property
    def problem(self) -> str | None:
        return None

    @property
    def closed(self) -> bool:
        return self._closed

    def finish_playing(self, timeout: float) -> None:
        return None

    def set_guide(self, guide: GuideSource | None) -> bool:
        """Play this guide layer under the cues; False where the backend cannot (bell, off)."""
        return False

    def close(self) -> None:
        self._closed = True


class SilentPlayer(BasePlayer):
    """`--audio off`, and what a session gets when no backend could open."""

    name = "off"


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
        _live_players.add(self)

    @classmethod
    def open(
        cls, cues: CueSet, volume: int = DEFAULT_VOLUME, *, hush_stderr: bool = False
    ) -> MiniaudioPlayer:
        try:
            import miniaudio
        except ImportError as exc:  # a broken install; auto falls through to the next backend
            raise AudioUnavailable(f"the miniaudio package could not be loaded ({exc})") from None
        silence_alsa()
        mixer = Mixer(volume)
        # JACK without a running server can crash the process: ask only for these on Linux.
        backends = (
            [miniaudio.Backend.PULSEAUDIO, miniaudio.Backend.ALSA]
            if sys.platform.startswith("linux")
            else None
        )
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
        _live_players.add(self)

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


@dataclass(frozen=True)
class OpenedPlayer:
    """A player that is ready, and what to tell the user about sound (each one line)."""

    player: Player
    notice: str | None = None  # why there is no sound at all
    sound_notices: tuple[str, ...] = ()  # the user's own sound files that were refused

    @property
    def notices(self) -> tuple[str, ...]:
        return (*self.sound_notices, *([self.notice] if self.notice else []))


def _simpleaudio_installed() -> bool:
    return importlib.util.find_spec("simpleaudio") is not None


def open_player(
    choice: str = "auto",
    volume: int = DEFAULT_VOLUME,
    *,
    user_dir: Path | None = None,
    bell_stream: TextIO | None = None,
    hush_stderr: bool = False,
) -> OpenedPlayer:
    """Open the chosen backend ("auto": the first of miniaudio, simpleaudio that opens).

    Never raises for a missing device or library: the result is then a silent player and a
    notice. `hush_stderr` also points fd 2 at /dev/null while opening; only for callers that
    know nothing else is drawing on it (plain mode, not the full-screen app).
    """
    if choice not in AUDIO_CHOICES:
        raise ValueError(f"audio must be one of {', '.join(AUDIO_CHOICES)}, not {choice!r}")
    if choice == "off":
        return OpenedPlayer(SilentPlayer(volume))
    if choice == "bell":
        return OpenedPlayer(BellPlayer(volume, stream=bell_stream))
    if user_dir is None:
        from breathe.system.paths import user_sounds_dir

        user_dir = user_sounds_dir()
    cues = load_cues(user_dir)
    openers: dict[str, Callable[..., BasePlayer]] = {
        "miniaudio": MiniaudioPlayer.open,
        "simpleaudio": SimpleaudioPlayer.open,
    }
    order = ["miniaudio", "simpleaudio"] if choice == "auto" else [choice]
    reason: str | None = None
    for name in order:
        if choice == "auto" and name == "simpleaudio" and not _simpleaudio_installed():
            continue
        try:
            player = openers[name](cues, volume, hush_stderr=hush_stderr)
        except AudioUnavailable as exc:
            reason = reason or str(exc)
        except Exception as exc:  # whatever a native library throws, the session goes on
            reason = reason or f"the {name} audio device could not be opened ({exc})"
        else:
            return OpenedPlayer(player, None, cues.notices)
    return OpenedPlayer(SilentPlayer(volume), f"{reason}; {NO_SOUND}", cues.notices)


class BackgroundPlayer(BasePlayer):
    """A player to hand out at once while the real one opens on a thread.

    The session never waits for sound: of the cues asked for before the device is open, the
    latest plays when it opens if that is under LATE_CUE_SECONDS later (so the first inhale
    is heard), the others are skipped. Volume, mute and the guide set meanwhile are applied
    when it opens.
    """

    def __init__(
        self,
        choice: str = "auto",
        volume: int = DEFAULT_VOLUME,
        on_ready: Callable[[OpenedPlayer], None] | None = None,
        opener: Callable[..., OpenedPlayer] = open_player,
        get_time: Callable[[], float] = time.monotonic,
        **options: Any,
    ) -> None:
        super().__init__(volume)
        self._lock = threading.Lock()
        self._opened: OpenedPlayer | None = None
        self._ready = threading.Event()
        self._guide: GuideSource | None = None
        # The latest cue asked for before the device opened: (cue, when, max_seconds).
        self._pending: tuple[Cue, float, float | None] | None = None
        self._get_time = get_time

        def run() -> None:
            try:
                opened = opener(choice, self._volume, **options)
            except Exception as exc:
                opened = OpenedPlayer(SilentPlayer(self._volume), f"{exc}; {NO_SOUND}")
            with self._lock:
                if self._closed:
                    opened.player.close()
                else:
                    opened.player.set_volume(self._volume)
                    if self._muted:
                        opened.player.mute()
                    if self._guide is not None:
                        opened.player.set_guide(self._guide)
                    self._opened = opened
                    self._play_pending(opened.player)
            self._ready.set()
            if on_ready is not None and not self._closed:
                on_ready(opened)

        self._thread = threading.Thread(target=run, name="breathe-audio-open", daemon=True)
        self._thread.start()

    @property
    def name(self) -> str:  # type: ignore[override]
        opened = self._opened
        return opened.player.name if opened else "opening"

    @property
    def opened(self) -> OpenedPlayer | None:
        """The opened player and why there is no sound (if so); None while still opening."""
        return self._opened

    def wait(self, timeout: float | None = None) -> OpenedPlayer | None:
        """The opened player and its notices, or None if not open within timeout."""
        self._ready.wait(timeout)
        return self._opened

    def play(self, cue: Cue, max_seconds: float | None = None) -> Playback | None:
        opened = self._opened
        if opened is not None:
            return opened.player.play(cue, max_seconds)
        with self._lock:
            if self._opened is None:
                self._pending = (cue, self._get_time(), max_seconds)
                return None
        return self._opened.player.play(cue, max_seconds)

    def _play_pending(self, player: Player) -> None:
        """A cue missed by less than LATE_CUE_SECONDS plays now: the first inhale is heard
        even when the session starts while the device is still opening."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        cue, asked, max_seconds = pending
        late = self._get_time() - asked
        if late >= LATE_CUE_SECONDS:
            return
        if max_seconds is not None:
            max_seconds -= late
            if max_seconds <= 0.05:
                return
        player.play(cue, max_seconds)

    def switch_to(self, opened: OpenedPlayer) -> None:
        """Play through another player from now on (the terminal bell when no device was
        found), with this one's volume and mute; the old one is closed."""
        self._ready.wait(5)  # never race the opening thread
        with self._lock:
            old, self._opened = self._opened, opened
            opened.player.set_volume(self._volume)
            if self._muted:
                opened.player.mute()
            if self._guide is not None:
                opened.player.set_guide(self._guide)
        if old is not None:
            old.player.close()

    def set_guide(self, guide: GuideSource | None) -> bool:
        with self._lock:
            self._guide = guide
            opened = self._opened
        if opened is not None:
            return opened.player.set_guide(guide)
        return True

    def set_volume(self, volume: int) -> None:
        with self._lock:
            super().set_volume(volume)
            if self._opened:
                self._opened.player.set_volume(self._volume)

    def mute(self) -> None:
        with self._lock:
            super().mute()
            if self._opened:
                self._opened.player.mute()

    def unmute(self) -> None:
        with self._lock:
            super().unmute()
            if self._opened:
                self._opened.player.unmute()

    @property
    def problem(self) -> str | None:
        opened = self._opened
        return opened.player.problem if opened else None

    def finish_playing(self, timeout: float) -> None:
        opened = self._opened
        if opened:
            opened.player.finish_playing(timeout)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            super().close()
            opened = self._opened
        if opened:
            opened.player.close()


def open_player_in_background(
    choice: str = "auto",
    volume: int = DEFAULT_VOLUME,
    on_ready: Callable[[OpenedPlayer], None] | None = None,
    **options: Any,
) -> BackgroundPlayer:
    """Start opening on a thread and return a usable player now (for the app's first paint)."""
    return BackgroundPlayer(choice, volume, on_ready, **options)
