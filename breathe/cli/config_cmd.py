"""`breathe config`: show, create or check the config file; and the settings that fill in
what the command line left open."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import TextIO

from breathe.config.model import LoadedConfig
from breathe.config.reader import load
from breathe.config.values import toml_value
from breathe.core.engine import ExhaleStyle
from breathe.core.text import plural
from breathe.system import app_state, paths
from breathe.system.atomic import write_atomic


def add_config_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cfg = sub.add_parser(
        "config",
        help="show, create or check your settings, exercises and routines",
        description="With no option: print the config file's path and the settings in effect.",
    )
    what = cfg.add_mutually_exclusive_group()
    what.add_argument("--init", action="store_true", help="write a commented example config file")
    what.add_argument(
        "--check", action="store_true", help="validate the config file; exit 1 on errors"
    )
    cfg.add_argument(
        "--force", action="store_true", help="with --init: replace an existing file (kept as .bak)"
    )


EXAMPLE_CONFIG = """\
# breathe config: settings, your own exercises and routines.
# Every entry below is an example, commented out: this file changes nothing until you take
# the "# " off the start of a line (and off its [table] line). Then check it with
# `breathe config --check`; `breathe list` shows what you added.

# [settings]
# exhale = "hum"          # or "ha"
# sound = true
# volume = 40             # 0-100
# lead_in = 3             # seconds
# reduced_motion = false
# theme = "nord"          # any Textual theme, e.g. textual-dark, nord, gruvbox, dracula
# audio = "auto"          # auto, miniaudio, simpleaudio, bell or off
# guide = true            # a quiet sound through every phase (g in a session)
# voice = false           # spoken prompts instead of the tonal cues
# progress = true         # each exercise's dose climbs its ladder (--no-progress for one run)
# weekly_goal = { sessions = 4 }   # or { minutes = 60 }; g on the home screen sets it

# [exhale]                # one exercise's own style, over [settings] exhale; `e` writes these
# goal-post = "hum"

# [exercises.stairs]      # the id is the table name
# name = "Stair breathing"
# cue = "Stand tall at the bottom of the stairs."
# pattern = "2-0-3-0"     # same syntax as --pattern
# breaths = 6             # or minutes = 5; sets = 3 with breaths per set; rest = 20 between sets
# exhale = "ha"
# why = "A short reminder of what it is for."
# progress = { exhale = [3, 5], step = 1 }   # its ladder: exhale 3, 4, 5 s (or breaths, minutes)

# [routines.morning]
# name = "Morning"
# steps = [ { exercise = "wall", breaths = 4 }, { exercise = "stairs", minutes = 2 } ]
# transition = 10         # seconds to get into position between steps
"""


def report(loaded: LoadedConfig, err: TextIO, *, once: bool = False) -> None:
    """Problems on stderr, one line each, for commands that carry on regardless. With `once`,
    a terminal hears the same problems once per terminal session (`breathe config --check`
    always lists them; logs and pipes hear them every time)."""
    lines = [f"breathe: {problem.format()}" for problem in loaded.problems]
    if not lines:
        return
    terminal = app_state.terminal_session(err) if once else None
    if terminal is not None and not app_state.first_time_in_terminal(terminal, lines):
        return
    for line in lines:
        print(line, file=err)


def load_for_cli(err: TextIO) -> LoadedConfig:
    loaded = load()
    report(loaded, err, once=True)
    return loaded


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, ExhaleStyle):
        return value.value
    if isinstance(value, Fraction):
        return str(toml_value("", value))
    return str(value)


def _theme(theme: str | None) -> str:
    from breathe.config.model import TEXTUAL_THEMES

    if not theme:
        return "the app's default"
    if theme not in TEXTUAL_THEMES:  # as the warning says: not what the app will show
        return f"{theme} (not a built-in theme: the app's default may be used)"
    return theme


def describe_settings(loaded: LoadedConfig) -> Iterator[str]:
    s = loaded.settings
    rows = [
        ("exhale", _fmt(s.exhale) if s.exhale else "each exercise's own"),
        ("sound", _fmt(s.sound)),
        ("volume", _fmt(s.volume)),
        ("lead_in", f"{_fmt(s.lead_in)} s"),
        ("theme", _theme(s.theme)),
        ("reduced_motion", _fmt(s.reduced_motion)),
        ("audio", s.audio),
        ("guide", "on" if s.guide is not False else "off"),
        ("voice", "on" if s.voice else "off"),
        ("progress", "on" if s.progress else "off"),
        ("weekly_goal", s.weekly_goal.describe() if s.weekly_goal else "none"),
        ("exercises", ", ".join(e.id for e in loaded.exercises) or "none of your own"),
        ("routines", ", ".join(r.id for r in loaded.routines) or "none of your own"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        yield f"{key.ljust(width)}  {value}"


def _own_entries(exercises: int, routines: int) -> str:
    """The user's own entries, said so that none at all does not sound like nothing usable."""
    from breathe.core.catalogue import Catalogue

    built_in = Catalogue()
    besides = (
        f"the {plural(len(built_in.exercises), 'built-in exercise')} and "
        f"{plural(len(built_in.routines), 'routine')}"
    )
    if not exercises and not routines:
        return f"settings only, no exercises or routines of your own ({besides} are there)"
    own = f"{plural(exercises, 'exercise')} and {plural(routines, 'routine')} of your own"
    return f"{own}, besides {besides}"


def cmd_config(init: bool, check: bool, force: bool, out: TextIO, err: TextIO) -> int:
    """`breathe config [--init [--force] | --check]`; returns the exit status."""
    file = paths.config_file()
    if force and not init:
        print("breathe: --force only goes with --init", file=err)
        return 2
    if init:
        return _init(file, force, out, err)
    loaded = load(file)
    if check:
        for problem in loaded.problems:
            print(problem.format(), file=out)
        if not loaded.found:
            print(f"no config file at {file}; defaults in use ('breathe config --init')", file=out)
            return 0
        counts = _own_entries(len(loaded.exercises), len(loaded.routines))
        warned = f" and {plural(len(loaded.warnings), 'warning')}" if loaded.warnings else ""
        if loaded.errors:
            errors = plural(len(loaded.errors), "error")
            print(f"config has {errors}{warned}; usable: {counts}", file=out)
            return 1
        warned = f" ({plural(len(loaded.warnings), 'warning')})" if loaded.warnings else ""
        print(f"config OK: {counts}{warned}", file=out)
        return 0
    report(loaded, err)
    state = "" if loaded.found else " (no file yet: defaults; 'breathe config --init' makes one)"
    print(f"config  {file}{state}", file=out)
    for line in describe_settings(loaded):
        print(f"  {line}", file=out)
    return 1 if loaded.errors else 0


def _init(file: Path, force: bool, out: TextIO, err: TextIO) -> int:
    exists = file.exists()
    if exists and not force:
        print(f"breathe: {file} already exists; use --init --force to replace it", file=err)
        return 1
    backup = file.with_name(file.name + ".bak")
    try:
        if exists:
            # Moved aside, never read: a FIFO or a link to /dev/zero in its place must not hang
            # or fill memory, and a file of any size is kept whole.
            os.replace(file, backup)
        try:
            write_atomic(file, EXAMPLE_CONFIG, make_dirs=True)
        except OSError:
            if exists:
                os.replace(backup, file)
            raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"breathe: cannot write {file}: {reason}", file=err)
        return 1
    note = f" (the old one is in {file.name}.bak)" if exists else ""
    print(f"wrote an example config to {file}{note}", file=out)
    return 0
