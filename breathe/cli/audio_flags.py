"""The command line's audio options, and the audio listener plain mode runs with.

Kept here so the CLI only adds two calls; nothing in this module imports a sound library.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO

from breathe.cli.argtypes import whole
from breathe.core.defaults import AUDIO_CHOICES, DEFAULT_VOLUME, MAX_VOLUME
from breathe.core.session import SessionListener


def add_audio_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--audio",
        choices=AUDIO_CHOICES,
        default=None,
        help="how cues sound: auto (the default: miniaudio, else simpleaudio if installed), "
        "miniaudio, simpleaudio, bell (the terminal bell) or off",
    )
    parser.add_argument(
        "--volume",
        type=whole("--volume", 0, MAX_VOLUME),
        default=None,
        metavar="0-100",
        help=f"cue volume (default {DEFAULT_VOLUME})",
    )


def audio_choice(args: argparse.Namespace, default: str = "auto") -> str:
    """`--no-sound` wins; then `--audio`; then the given default (e.g. from the config)."""
    if getattr(args, "no_sound", False):
        return "off"
    return getattr(args, "audio", None) or default


def volume_choice(args: argparse.Namespace, default: int = DEFAULT_VOLUME) -> int:
    volume = getattr(args, "volume", None)
    return default if volume is None else int(volume)


@contextlib.contextmanager
def plain_audio(
    args: argparse.Namespace,
    out: TextIO,
    *,
    default_choice: str = "auto",
    default_volume: int = DEFAULT_VOLUME,
    guide: bool | None = None,
    voice: bool | None = None,
) -> Iterator[tuple[SessionListener, ...]]:
    """Open sound for plain mode; yields the listeners to pass to `run_plain`.

    Opening happens before the session starts (so the first cue is on time) with fd 2 hushed,
    since nothing else draws on the terminal here. Notices are printed as lines on `out`.
    """
    from breathe.audio.listener import AudioCues
    from breathe.audio.player import open_player

    opened = open_player(
        audio_choice(args, default_choice),
        volume_choice(args, default_volume),
        bell_stream=sys.stderr,  # a bell in stdout would land in logs and pipes
        hush_stderr=True,
    )

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    for line in opened.notices:
        say(line)
    cues = AudioCues(opened.player, on_notice=say, guide=guide, voice=voice)
    try:
        yield (cues,)
    finally:
        cues.close()
