"""What the session header says about sound: honest for the whole session, not a toast.

`sound_status()` is the text; the session screen shows it in its header.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the header's words load without the players
    from breathe.audio.player import Player

NO_DEVICE = "no sound device"
DEVICE_LOST = "sound device lost"


def sound_status(player: Player | None, *, muted: bool, guide_on: bool = True) -> str:
    """ "sound on · guide", "sound on", "bell", "muted", "sound off", "no sound device" (the
    device could not be opened) or "sound device lost" (it went away mid-session)."""
    if player is None:
        return "sound off"
    opened = getattr(player, "opened", None)  # a BackgroundPlayer: None while opening
    if opened is not None and opened.notice:
        return NO_DEVICE
    if player.problem:
        return DEVICE_LOST
    if muted:
        return "muted"
    name = player.name
    if name == "off":
        return "sound off"
    if name == "bell":
        return "bell"
    return "sound on  ·  guide" if guide_on else "sound on"
