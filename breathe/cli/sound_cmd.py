"""The command line's sound layers: `--guide/--no-guide`, `--voice/--no-voice`, `breathe sound`.

Nothing here imports a sound library until a command runs; what the flags mean, over the
settings, is read once into `RunOptions` (`cli.run_options`).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from breathe.cli.run_options import RunOptions


def add_layer_options(parser: argparse.ArgumentParser) -> None:
    """`--guide/--no-guide` and `--voice/--no-voice` on `breathe run`."""
    parser.add_argument(
        "--guide",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a quiet sound that fills every phase: a rising tone to breathe in, ticks to "
        "hold and rest, a falling hum or breath noise out (default on)",
    )
    parser.add_argument(
        "--voice",
        action=argparse.BooleanOptionalAction,
        default=None,
        help='spoken prompts ("breathe in", "hold", ...) instead of the tonal cues (default off)',
    )


def add_sound_command(sub: Any) -> None:
    """`breathe sound test [--audio ...] [--volume N] [--no-guide]`."""
    from breathe.cli.audio_flags import add_audio_options

    sound = sub.add_parser(
        "sound",
        help="check your sound before a session",
        description="'breathe sound test' plays every cue and one guided breath, naming each "
        "and the device it played on.",
    )
    sound.add_argument("action", choices=["test"], help="test: play everything once")
    add_audio_options(sound)
    sound.add_argument(
        "--guide",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="end with one guided box breath: in, hold, out, rest, as a session plays them "
        "(default on)",
    )


def run_sound_command(options: RunOptions, out: TextIO) -> int:
    """0 when sound played; 1 when there is none (the lines say why)."""
    from breathe.audio.soundcheck import sound_test

    return sound_test(out, options.audio, options.volume, guide=options.guide)
