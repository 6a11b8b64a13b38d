"""`breathe import FILE [--dry-run]`: sessions from another machine's `breathe export`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from breathe.core.catalogue import Catalogue
from breathe.system.exits import EXIT_FAILURE, EXIT_OK

MAX_PROBLEMS_SHOWN = 20


def add_import_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(
        "import",
        help="add sessions from a file made by 'breathe export'",
        description="Add the sessions of a file made by 'breathe export' (CSV or JSON, from "
        "any version) that this history does not have yet. Existing sessions are never "
        "changed; a file with any problem adds nothing.",
    )
    command.add_argument("file", metavar="FILE", type=Path, help="the exported CSV or JSON")
    command.add_argument(
        "--dry-run", action="store_true", help="say what would be added, change nothing"
    )


def cmd_import(args: argparse.Namespace, catalogue: Catalogue, out: TextIO, err: TextIO) -> int:
    from breathe.history.importer import ImportRefused, import_sessions, read_export
    from breathe.history.records import HistoryUnavailable
    from breathe.history.store import HistoryStore

    def say(line: str) -> None:
        print(f"breathe: {line}", file=err)

    try:
        parsed = read_export(args.file)
    except ImportRefused as exc:
        for line in exc.problems[:MAX_PROBLEMS_SHOWN]:
            say(line)
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            say(f"... and {len(exc.problems) - MAX_PROBLEMS_SHOWN} more")
        say(f"nothing was imported from {args.file}")
        return EXIT_FAILURE
    names = {ex.id: ex.name for ex in catalogue.exercises}
    try:
        with HistoryStore.open() as store:
            for notice in store.notices:
                say(notice)
            report = import_sessions(store, parsed, names, dry_run=args.dry_run)
    except HistoryUnavailable as exc:
        say(f"{exc}; nothing was imported")
        return EXIT_FAILURE
    except Exception as exc:  # sqlite3.Error: a locked or full disk; the transaction is undone
        say(f"cannot write the history file ({exc}); nothing was imported")
        return EXIT_FAILURE
    print(report.describe(dry_run=args.dry_run), file=out)
    return EXIT_OK
