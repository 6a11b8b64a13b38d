"""Players: one small interface over miniaudio, simpleaudio, the terminal bell, or nothing.

`open_player()` picks and opens a backend and never raises for a missing device: it returns a
silent player and one sentence saying why. The backends live in their own modules
(`miniaudio_player`, `simpleaudio_player`, `bell`, and `backend` for what they share); their
libraries are imported lazily, and opening may block on the sound server, so front ends call it
off their UI thread (see `open_player_in_background`).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from breathe.audio.backend import AudioUnavailable, BasePlayer, SilentPlayer
from breathe.audio.cues import Cue, CueSet, load_cues
from breathe.audio.miniaudio_player import BUFFER_MS, MiniaudioPlayer
from breathe.audio.mixer import GuideSource, Playback
from breathe.core.defaults import AUDIO_CHOICES, DEFAULT_VOLUME

if TYPE_CHECKING:
    from breathe.audio.bell import BellPlayer
    from breathe.audio.simpleaudio_player import SimpleaudioPlayer, simpleaudio_refusal

# The backends a session may never use load when chosen; their names are here all the same.
_LATER = {
    "BellPlayer": "breathe.audio.bell",
    "SimpleaudioPlayer": "breathe.audio.simpleaudio_player",
    "simpleaudio_refusal": "breathe.audio.simpleaudio_player",
}


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "BUFFER_MS",
    "NO_SOUND",
    "AudioUnavailable",
    "BackgroundPlayer",
    "BasePlayer",
    "BellPlayer",
    "MiniaudioPlayer",
    "OpenedPlayer",
    "Player",
    "SilentPlayer",
    "SimpleaudioPlayer",
    "open_player",
    "open_player_in_background",
    "simpleaudio_refusal",
]

NO_SOUND = "the session continues without sound"
LATE_CUE_SECONDS = 0.3  # a cue asked for while the device was opening plays if this recent


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


@dataclass(frozen=True)
class OpenedPlayer:
    """A player that is ready, and what to tell the user about sound (each one line)."""

    player: Player
    notice: str | None = None  # why there is no sound at all
    sound_notices: tuple[str, ...] = ()  # the user's own sound files that were refused
    cues: CueSet | None = None  # what it plays (the voice key reads the prompts through it)

    @property
    def notices(self) -> tuple[str, ...]:
        return (*self.sound_notices, *([self.notice] if self.notice else []))


def _open_simpleaudio(cues: CueSet, volume: int, *, hush_stderr: bool = False) -> BasePlayer:
    from breathe.audio.simpleaudio_player import SimpleaudioPlayer

    return SimpleaudioPlayer.open(cues, volume, hush_stderr=hush_stderr)


def _simpleaudio_installed() -> bool:
    return importlib.util.find_spec("simpleaudio") is not None


# What miniaudio imports at its top for features breathe never uses (streaming from a URL,
# reading stream titles): urllib.request alone pulls in http.client and email, ~1.5 MiB of a
# session's memory. Each is loaded only if something uses it.
_UNUSED_BY_MINIAUDIO = ("urllib.request", "html")


class _Deferred(types.ModuleType):
    """Stands in `sys.modules` for a module not imported yet: the first attribute asked of it
    imports the real one, which takes its place (in `sys.modules` and on its package).

    Not `importlib.util.LazyLoader`: since Python 3.12 an `import` statement reads the lazy
    module's `__spec__`, which loads it there and then."""

    def __getattr__(self, attr: str) -> Any:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        real = importlib.import_module(name)  # sets it on its package too
        return getattr(real, attr)


def defer_unused_imports(names: tuple[str, ...] = _UNUSED_BY_MINIAUDIO) -> None:
    """Put a `_Deferred` stand-in in `sys.modules` for each module not imported yet."""
    for name in names:
        if name in sys.modules:
            continue
        parent, _, child = name.rpartition(".")
        if parent:
            importlib.import_module(parent)
        spec = importlib.util.find_spec(name)  # found, not loaded: what `find_spec` answers
        if spec is None:
            continue
        module = sys.modules[name] = _Deferred(name)
        module.__spec__ = spec
        if parent:
            setattr(sys.modules[parent], child, module)


def open_player(
    choice: str = "auto",
    volume: int = DEFAULT_VOLUME,
    *,
    user_dir: Path | None = None,
    bell_stream: TextIO | None = None,
    ring: Callable[[], None] | None = None,
    hush_stderr: bool = False,
    voice: bool = True,
    on_late_notice: Callable[[str], None] | None = None,
) -> OpenedPlayer:
    """Open the chosen backend ("auto": the first of miniaudio, simpleaudio that opens).

    Never raises for a missing device or library: the result is then a silent player and a
    notice. `hush_stderr` also points fd 2 at /dev/null while opening; only for callers that
    know nothing else is drawing on it (plain mode, not the full-screen app). `ring` rings the
    terminal bell where a full-screen app owns the terminal (else "\\a" to `bell_stream`,
    standard output by default). `voice` False:
    the spoken prompts are read only if one is played, and a user's prompt refused then is
    told to `on_late_notice` (see `load_cues`).
    """
    if choice not in AUDIO_CHOICES:
        raise ValueError(f"audio must be one of {', '.join(AUDIO_CHOICES)}, not {choice!r}")
    if choice == "off":
        return OpenedPlayer(SilentPlayer(volume))
    if choice == "bell":
        from breathe.audio.bell import BellPlayer

        return OpenedPlayer(BellPlayer(volume, stream=bell_stream, ring=ring))
    if user_dir is None:
        from breathe.system.paths import user_sounds_dir

        user_dir = user_sounds_dir()
    cues = load_cues(user_dir, voice=voice, on_late_notice=on_late_notice)
    openers: dict[str, Callable[..., BasePlayer]] = {
        "miniaudio": MiniaudioPlayer.open,
        "simpleaudio": _open_simpleaudio,
    }
    order = ["miniaudio", "simpleaudio"] if choice == "auto" else [choice]
    if "miniaudio" in order:
        defer_unused_imports()
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
            return OpenedPlayer(player, None, cues.notices, cues)
    return OpenedPlayer(SilentPlayer(volume), f"{reason}; {NO_SOUND}", cues.notices, cues)


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
    if choice in ("auto", "miniaudio"):
        defer_unused_imports()  # here, on the caller's thread, not beside its imports
    return BackgroundPlayer(choice, volume, on_ready, **options)
