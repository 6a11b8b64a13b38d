"""`breathe completion bash|zsh|fish`: a static completion script made with shtab from the
parser itself. Exercise and routine ids (the user's own included) are asked for when
completing, from the hidden `breathe --list-ids`, so the script never goes stale."""

from __future__ import annotations

import argparse
from typing import TextIO

from breathe.core.catalogue import Catalogue
from breathe.system.exits import EXIT_OK

SHELLS = ("bash", "zsh", "fish")
LIST_IDS = "--list-ids"


def add_completion_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(
        "completion",
        help="print a tab-completion script for bash, zsh or fish",
        description="Print a tab-completion script for your shell (see the README for where "
        "to put it). Ids are read when completing, so your own exercises complete too.",
    )
    command.add_argument("shell", choices=SHELLS, help="bash, zsh or fish")


def add_list_ids_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(LIST_IDS, action="store_true", help=argparse.SUPPRESS)


def cmd_list_ids(catalogue: Catalogue, out: TextIO) -> int:
    """Every exercise and routine id, one a line: what completion offers after `run`."""
    for id in _ids(catalogue):
        print(id, file=out)
    return EXIT_OK


def _ids(catalogue: Catalogue) -> list[str]:
    return [e.id for e in catalogue.exercises] + [r.id for r in catalogue.routines]


def cmd_completion(parser: argparse.ArgumentParser, shell: str, out: TextIO) -> int:
    import shtab

    # The built-in ids stand in when `breathe` cannot be run (renamed, not on PATH).
    builtin = " ".join(_ids(Catalogue()))
    ids = shtab.cmd(f"breathe {LIST_IDS} 2>/dev/null || echo {builtin}")
    for action in _actions(parser):
        if action.dest == "id" and not action.option_strings:
            action.complete = ids  # type: ignore[attr-defined]
        elif action.metavar == "FILE":
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    out.write(shtab.complete(parser, shell=shell))
    return EXIT_OK


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Every argument of the parser and its subcommands."""
    found: list[argparse.Action] = []
    for action in parser._actions:
        found.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found.extend(_actions(sub))
    return found
