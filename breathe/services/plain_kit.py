"""Plain mode's session kit: the shared `SessionKit`, its messages printed as lines and its
player opened before the session starts (so the first cue is on time)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from breathe.services.kit import KitNotices, SessionKit

if TYPE_CHECKING:  # the audio stack loads with the first cue's player, not with --no-sound
    from breathe.audio.player import Player
    from breathe.services.heart import HeartFeed


def plain_kit(
    out: TextIO,
    err: TextIO,
    *,
    backend: str,
    volume: int,
    guide: bool,
    voice: bool,
    tension_before: int | None = None,
    felt: str | None = None,
    heart: HeartFeed | None = None,
) -> SessionKit:
    """Sound and keep-awake notices go to `out` as lines (keep-awake only on a terminal: a
    dark screen matters to someone watching, a log is not told); history's go to `err`."""

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    def player() -> Player:
        from breathe.audio.player import open_player

        opened = open_player(
            backend,
            volume,
            bell_stream=sys.stderr,  # a bell in stdout would land in logs and pipes
            hush_stderr=True,  # nothing else draws on the terminal here
            voice=voice,
        )
        for line in opened.notices:
            say(line)
        return opened.player

    notices = KitNotices(
        history=lambda message: print(f"breathe: {message}", file=err),
        warning=lambda message: print(f"breathe: warning: {message}", file=err),
        sound=say,
        awake=say if out.isatty() else None,
    )
    return SessionKit(
        player,
        notices,
        guide=guide,
        voice=voice,
        tension_before=tension_before,
        felt=felt,
        owns_player=True,
        heart=heart,
        sound=backend != "off",
    )
