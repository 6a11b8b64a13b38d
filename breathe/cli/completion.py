"""`breathe completion bash|zsh|fish`: a static completion script made with shtab from the
parser itself. Exercise and routine ids (the user's own included) are asked for when
completing, from the hidden `breathe --list-ids`, so the script never goes stale; `progress`
takes an exercise only, so it is offered exercises only (`--list-ids=exercises`)."""

from __future__ import annotations

import argparse
from typing import TextIO

from breathe.core.catalogue import Catalogue
from breathe.system.exits import EXIT_OK

SHELLS = ("bash", "zsh", "fish")
LIST_IDS = "--list-ids"
EXERCISES = "exercises"
# The commands whose ID is an exercise, never a routine.
EXERCISE_ONLY = frozenset({"breathe progress"})


def add_completion_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(
        "completion",
        help="print a tab-completion script for bash, zsh or fish",
        description="Print a tab-completion script for your shell (see the README for where "
        "to put it). Ids are read when completing, so your own exercises complete too.",
    )
    command.add_argument("shell", choices=SHELLS, help="bash, zsh or fish")


def add_list_ids_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        LIST_IDS, nargs="?", const="all", choices=("all", EXERCISES), help=argparse.SUPPRESS
    )


def cmd_list_ids(catalogue: Catalogue, out: TextIO, which: str = "all") -> int:
    """Every exercise and routine id (or, given `exercises`, exercise ids), one a line: what
    completion offers after `run` (or `progress`)."""
    for id in _ids(catalogue, exercises_only=which == EXERCISES):
        print(id, file=out)
    return EXIT_OK


def _ids(catalogue: Catalogue, *, exercises_only: bool = False) -> list[str]:
    routines = [] if exercises_only else [r.id for r in catalogue.routines]
    return [e.id for e in catalogue.exercises] + routines


def cmd_completion(parser: argparse.ArgumentParser, shell: str, out: TextIO) -> int:
    import shtab

    def ids(which: str) -> object:
        # The built-in ids stand in when `breathe` cannot be run (renamed, not on PATH).
        builtin = " ".join(_ids(Catalogue(), exercises_only=which == EXERCISES))
        return shtab.cmd(f"breathe {LIST_IDS}={which} 2>/dev/null || echo {builtin}")

    for prog, action in _actions(parser):
        if action.metavar == "ID":  # `run ID`, `progress ID`, `remind add --run ID`, ...
            which = EXERCISES if prog in EXERCISE_ONLY else "all"
            action.complete = ids(which)  # type: ignore[attr-defined]
        elif action.metavar == "FILE":
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    out.write(shtab.complete(parser, shell=shell))
    return EXIT_OK


def _actions(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.Action]]:
    """Every argument of the parser and its subcommands, with the command it belongs to."""
    found: list[tuple[str, argparse.Action]] = []
    for action in parser._actions:
        found.append((parser.prog, action))
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found.extend(_actions(sub))
    return found
