"""What every audio backend shares: the error for one that cannot play, the volume and mute
bookkeeping, the silent player, and closing the live ones at exit (a started miniaudio device
that is never closed hangs the interpreter)."""

from __future__ import annotations

import atexit
import weakref

from breathe.audio.cues import Cue
from breathe.audio.mixer import GuideSource, Playback, clamp_volume
from breathe.core.defaults import DEFAULT_VOLUME


class AudioUnavailable(Exception):
    """A backend cannot play; the message is a short reason, e.g. "no audio device found"."""


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


def keep_closable(player: BasePlayer) -> None:
    """Close this player at interpreter exit if nobody else has."""
    _live_players.add(player)
