"""The sound a session was asked for, as the app's services keep it (changed live by the
mute, guide, volume and bell keys)."""

from __future__ import annotations

from dataclasses import dataclass

from breathe.core.defaults import DEFAULT_VOLUME


@dataclass
class AudioChoice:
    backend: str = "auto"
    volume: int = DEFAULT_VOLUME
    muted: bool = False
    guide: bool = True
    voice: bool = False
