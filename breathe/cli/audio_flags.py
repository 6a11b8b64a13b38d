"""The command line's audio options, `--audio` and `--volume`, on `run` and `sound test`.

Nothing in this module imports a sound library; `cli.run_options` reads what they say.
"""

from __future__ import annotations

import argparse

from breathe.cli.argtypes import whole
from breathe.core.defaults import AUDIO_CHOICES, DEFAULT_VOLUME, MAX_VOLUME


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
