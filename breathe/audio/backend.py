"""What every audio backend shares: the error for one that cannot play, the volume and mute
bookkeeping, the silent player, and closing the live ones at exit (a started miniaudio device
that is never closed hangs the interpreter)."""

from __future__ import annotations

import atexit
import os
import shutil
import weakref
from collections.abc import Mapping
from pathlib import Path

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


def pulse_may_answer(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a PulseAudio server (or PipeWire's) may answer. False only when libpulse would
    surely find none: miniaudio then goes straight to ALSA instead of loading libpulse and its
    ~20 libraries (~2.5 MiB of a session's memory) only to fail over to it."""
    env = os.environ if environ is None else environ
    server = env.get("PULSE_SERVER", "").strip()
    if server:  # libpulse tries these and only these, and never spawns a daemon
        return any(_address_may_answer(address) for address in server.split())
    if shutil.which("pulseaudio") or _configured_server(env):
        return True  # it could spawn one, or a client.conf names one
    runtime = [env.get("PULSE_RUNTIME_PATH"), env.get("XDG_RUNTIME_DIR")]
    sockets = [Path(runtime[0]) / "native"] if runtime[0] else []
    if runtime[1]:
        sockets.append(Path(runtime[1]) / "pulse" / "native")
    if hasattr(os, "getuid"):
        sockets.append(Path(f"/run/user/{os.getuid()}/pulse/native"))
    sockets.append(Path("/var/run/pulse/native"))
    return any(path.exists() for path in sockets)


def _address_may_answer(address: str) -> bool:
    """A PULSE_SERVER entry: a unix socket that exists, or anything else (tcp, a host)."""
    if address.startswith("{"):  # "{machine-id}address": only for that machine
        address = address.partition("}")[2]
    path = address[len("unix:") :] if address.startswith("unix:") else address
    if not path.startswith("/"):
        return True
    return Path(path).exists()


def _configured_server(env: Mapping[str, str]) -> bool:
    """Any client.conf that sets `default-server` (read as libpulse would find them)."""
    home = env.get("HOME", "")
    config = env.get("XDG_CONFIG_HOME") or (f"{home}/.config" if home else "")
    files = [Path("/etc/pulse/client.conf"), *Path("/etc/pulse/client.conf.d").glob("*.conf")]
    files += [Path(name) for name in (env.get("PULSE_CLIENTCONFIG"),) if name]
    if config:
        files.append(Path(config) / "pulse" / "client.conf")
    if home:
        files.append(Path(home) / ".pulse" / "client.conf")
    for file in files:
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            if line.strip().startswith("default-server"):
                return True
    return False
