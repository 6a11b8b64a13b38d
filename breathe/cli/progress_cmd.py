"""`breathe progress [ID] [--hold | --resume | --reset]`, and the next dose for `breathe run`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from breathe.core.catalogue import Catalogue
from breathe.core.engine import ScheduleError
from breathe.system.exits import EXIT_OK

if TYPE_CHECKING:
    from breathe.core.progression import NextDose
    from breathe.history.store import HistoryStore


def add_progress_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    progress = sub.add_parser(
        "progress",
        help="each exercise's next dose and why; hold or reset it",
        description="Show the next dose of each exercise (or of ID) and why. It steps up after "
        "3 completed sessions in a row rated about right or too easy, back after one too "
        "hard or two ended early in a row, one step at a time, never past its ladder's top.",
    )
    progress.add_argument("id", metavar="ID", nargs="?", help="one exercise, e.g. hooklying")
    what = progress.add_mutually_exclusive_group()
    what.add_argument("--hold", action="store_true", help="keep ID at the step shown as next")
    what.add_argument("--resume", action="store_true", help="let ID move again after --hold")
    what.add_argument(
        "--reset", action="store_true", help="back to ID's own dose; past sessions stop counting"
    )


def _read(catalogue: Catalogue, ids: list[str] | None) -> list[NextDose]:
    from breathe.history.access import read_history
    from breathe.history.progress import next_doses

    def read(store: HistoryStore) -> list[NextDose]:
        return next_doses(store, catalogue, ids)

    return read_history(
        lambda message: print(f"breathe: {message}", file=sys.stderr),
        read,
        next_doses(None, catalogue, ids),
    )


def next_dose_for(catalogue: Catalogue, id: str) -> NextDose | None:
    """The next dose of one exercise from the history, or None (no ladder, or a routine)."""
    if catalogue.exercise(id) is None:
        return None
    found = _read(catalogue, [id])
    return found[0] if found else None


def cmd_progress(args: argparse.Namespace, catalogue: Catalogue, out: TextIO) -> int:
    from breathe.cli.errors import HistoryCommandError
    from breathe.history.records import HistoryUnavailable

    try:
        return _progress(args, catalogue, out)
    except HistoryUnavailable as exc:  # one line, as `history` says it (not a traceback)
        raise HistoryCommandError(str(exc)) from None


def _progress(args: argparse.Namespace, catalogue: Catalogue, out: TextIO) -> int:
    from breathe.history import progress

    if args.id is not None:
        catalogue.require_exercise(args.id)  # an unknown id or a routine: one line, exit 2
    elif args.hold or args.resume or args.reset:
        raise ScheduleError("--hold, --resume and --reset need an exercise ID")
    if args.hold:
        # The step `breathe progress ID` shows as next, as the app's `p` holds the one shown.
        shown = _read(catalogue, [args.id])
        progress.set_held(args.id, True, shown[0].rung.key if shown else None)
    if args.resume:
        progress.set_held(args.id, False)
    if args.reset:
        from breathe.history.access import open_for_reading

        store = open_for_reading(lambda message: print(f"breathe: {message}", file=sys.stderr))
        try:
            progress.reset(args.id, store)
        finally:
            if store is not None:
                store.close()
    doses = _read(catalogue, [args.id] if args.id else None)
    if args.id is not None and not doses:
        print(f"{args.id}: no ladder; it runs at its own dose", file=out)
        return EXIT_OK
    width = max((len(d.exercise.id) for d in doses), default=0)
    for dose in doses:
        print(f"{dose.exercise.id.ljust(width)}  {dose.line()}", file=out)
    return EXIT_OK
