"""`breathe history` and `breathe export`. The store is imported inside the commands, so
building the parser for `breathe` or `breathe list` costs nothing."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from breathe.cli.argtypes import UsageError, whole
from breathe.cli.argtypes import tension as tension
from breathe.cli.errors import HistoryCommandError as HistoryCommandError
from breathe.core.text import printable
from breathe.system import paths
from breathe.system.exits import EXIT_OK

if TYPE_CHECKING:  # `breathe run` builds this parser: the bodies' imports wait for their use
    from breathe.core.insights import HeartInsight, Insight
    from breathe.core.report import SessionRow
    from breathe.history.records import SessionRecord
    from breathe.history.store import HistoryStore

DEFAULT_LIMIT = 20


def add_history_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    history = sub.add_parser(
        "history",
        help="past sessions, newest first",
        description="Show past sessions, newest first. Times are local; TIME excludes pauses.",
    )
    history.add_argument(
        "--limit",
        type=whole("--limit", 1, 1_000_000),
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N sessions (default {DEFAULT_LIMIT}; 'breathe export' gives all)",
    )
    history.add_argument(
        "--json",
        action="store_true",
        help="a JSON array of objects, one per session, with the fields of 'breathe export'",
    )
    history.add_argument(
        "--insights",
        action="store_true",
        help="what helps you: per exercise and routine, the average tension change (after - "
        "before) with n and a 95%% interval; below 5 rated sessions it needs more data",
    )
    export = sub.add_parser(
        "export",
        help="every session as CSV or JSON",
        description="Write every session, newest first, as CSV (with a header row) or JSON. "
        "Fields: id, started_at, ended_at, exercise, routine, pattern, exhale, planned, "
        "breaths, active_s, paused_s, status, tension_before, tension_after, note, version, uid "
        "(a stable id for 'breathe import'), felt (the pace check: easy, right or hard), "
        "heart_bpm, heart_swing_bpm, heart_rmssd_ms, heart_beats, heart_rr_ms (the heart "
        "figures and each beat's interval in ms; empty without heart data). "
        "Times are UTC, ISO 8601; exercise is the exercise id.",
    )
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="csv or json; by default the --output name's ending (.json, .csv), else csv",
    )
    export.add_argument(
        "--output",
        metavar="FILE",
        type=_output_path,
        help="write to FILE (replaced whole, never half-written) instead of standard output",
    )


def cmd_history(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO | None = None,
    routines: Mapping[str, str] | None = None,
) -> int:
    """`routines` names each routine by id (the catalogue's, with the user's): a routine's
    session is shown by its routine's name, and `--json` keeps the stored ids."""
    import json

    from breathe.cli.layout import output_width
    from breathe.history.access import read_history

    err = err or sys.stderr
    routines = routines or {}
    if args.insights:
        return _insights(args, out, err, routines)

    def read(store: HistoryStore) -> tuple[list[SessionRecord], dict[str, str]]:
        records = store.sessions(args.limit)
        return records, (store.exercise_names() if not args.json else {})

    nothing: tuple[list[SessionRecord], dict[str, str]] = ([], {})
    with _reading_errors():
        records, names = read_history(_teller(err), read, nothing)
    _report_bad_rows(records, err)
    if args.json:
        json.dump([r.as_dict() for r in records], out, indent=2)
        out.write("\n")
        return EXIT_OK
    if not records:
        print("No sessions yet. Start one with 'breathe run wall'.", file=out)
        return EXIT_OK
    for line in sessions_table(records, names, routines, output_width(out)):
        print(line, file=out)
    return EXIT_OK


def sessions_table(
    records: Iterable[SessionRow],
    names: Mapping[str, str],
    routines: Mapping[str, str],
    width: int,
) -> list[str]:
    """The sessions table in `width` cells, its columns as `core.report.SESSION_COLUMNS`
    describes them."""
    from breathe.cli.layout import fit_table
    from breathe.core.report import (
        HEART_COLUMN,
        NAME_COLUMN,
        SESSION_COLUMNS,
        HeartRow,
        has_heart,
        session_name,
    )

    shown = list(records)
    hearts = [r for r in shown if isinstance(r, HeartRow)]
    columns = SESSION_COLUMNS + ((HEART_COLUMN,) if has_heart(hearts) else ())
    rows = [tuple(c.heading for c in columns)] + [
        tuple(c.cell(r, session_name(r, names, routines)) for c in columns) for r in shown
    ]
    return fit_table(
        rows,
        width,
        [c.floor for c in columns],
        NAME_COLUMN,
        right=[c.right for c in columns],
        labels=[c.label for c in columns],
        short=[c.short for c in columns],
        indent="",
    )


def _report_bad_rows(records: Iterable[SessionRecord], err: TextIO) -> None:
    """One line for every row with values breathe cannot read, however many there are."""
    bad = [r for r in records if r.problem is not None]
    if bad:
        from breathe.core.report import BAD_ROW

        more = f" and {len(bad) - 1} more" if len(bad) > 1 else ""
        print(
            f"breathe: warning: session {bad[0].id} in the history file {paths.history_file()} "
            f"has values breathe cannot read ({bad[0].problem}){more}; shown as '{BAD_ROW}'",
            file=err,
        )


INSIGHTS_HEADING = "What helps you: tension after - before (0-10), negative is calmer"


HEART_INSIGHTS_HEADING = (
    "Your heart: mean swing per breath (larger is nearer your resonance) and heart rate, "
    "last minute - first minute"
)


def _insights(
    args: argparse.Namespace, out: TextIO, err: TextIO, routines: Mapping[str, str]
) -> int:
    import json

    from breathe.cli.layout import output_width, wrapped
    from breathe.core.insights import HeartSession, heart_insights, named
    from breathe.history.access import read_history

    nothing: tuple[list[Insight], list[HeartSession]] = ([], [])
    with _reading_errors():
        insights, sessions = read_history(
            _teller(err), lambda store: (store.tension_changes(), store.heart_sessions()), nothing
        )
    insights = named(insights, routines)
    hearts = named(heart_insights(sessions), routines)
    if args.json:
        json.dump(_insights_json(insights, hearts), out, indent=2)
        out.write("\n")
        return EXIT_OK
    if not insights:
        text = (
            "No sessions rated before and after yet: answer the 0-10 question before a "
            "session and after it."
        )
        lines = wrapped(text, output_width(out), "", "")
    else:
        lines = wrapped(INSIGHTS_HEADING, output_width(out), "", "")
        for insight in insights:
            lines += wrapped(printable(insight.sentence()), output_width(out), "  ", "    ")
    if hearts:
        lines += wrapped(HEART_INSIGHTS_HEADING, output_width(out), "", "")
        for heart in hearts:
            lines += wrapped(printable(heart.sentence()), output_width(out), "  ", "    ")
    for line in lines:
        print(line, file=out)
    return EXIT_OK


def _insights_json(insights: list[Insight], hearts: list[HeartInsight]) -> list[dict[str, Any]]:
    """Tension's entries, each with its heart figures beside it when there are any; an
    exercise with heart data but no rated session is an entry of its own."""
    from breathe.core.insights import Insight

    by_key = {(h.key, h.kind): h for h in hearts}
    items = []
    for insight in insights:
        heart = by_key.pop((insight.key, insight.kind), None)
        items.append(insight.as_dict() | (heart.as_dict() if heart is not None else {}))
    for heart in by_key.values():
        empty = Insight(heart.key, heart.kind, heart.name, 0, None, None, None)
        items.append(empty.as_dict() | heart.as_dict())
    return items


EXPORT_FORMATS = ("csv", "json")


def export_format(chosen: str | None, output: Path | None) -> str:
    """`--format`, or the one the output's name ends in; a name that says otherwise is refused
    (`--format csv --output x.json` would leave CSV in a .json file)."""
    ending = output.suffix.lower().lstrip(".") if output is not None else ""
    named = ending if ending in EXPORT_FORMATS else None
    if chosen is not None and named is not None and chosen != named:
        raise UsageError(
            f"--format {chosen} does not match the output's name {str(output)!r}; "
            f"use --format {named} or a name ending in .{chosen}"
        )
    return chosen or named or "csv"


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO | None = None) -> int:
    from breathe.history.access import open_for_reading

    err = err or sys.stderr
    write = write_csv if export_format(args.format, args.output) == "csv" else write_json
    with _reading_errors():
        # Export reads every row anyway: check the whole file first.
        store = open_for_reading(_teller(err), check=True)
        left_out: list[str] = []
        try:
            rows: Iterable[Any] = ()
            if store is not None and write is write_csv:
                rows = store.csv_rows(lambda record: left_out.append(_left_out(record)))
            elif store is not None:
                rows = _faithful(store.iter_sessions(), left_out)
            if args.output is None:
                write(rows, out)
            else:
                _write_file(args.output, lambda fh: write(rows, fh))
        finally:
            if store is not None:
                store.close()
    if left_out:
        print(
            f"breathe: left out {len(left_out)} stored "
            f"{'session' if len(left_out) == 1 else 'sessions'} that could not be written as "
            f"stored ({'; '.join(left_out[:3])}{'; ...' if len(left_out) > 3 else ''}), so "
            "that the export re-imports",
            file=err,
        )
    return EXIT_OK


def _faithful(records: Iterable[SessionRecord], left_out: list[str]) -> Iterator[SessionRecord]:
    """The records as stored: a row with odd stored values (a hand edit, another program),
    which a view shows with stand-ins, is left out and named, never written with them."""
    from breathe.history.export_rows import over_limit

    for record in records:
        if record.problem is not None or over_limit(record) is not None:
            left_out.append(_left_out(record))
            continue
        yield record


def _left_out(record: SessionRecord) -> str:
    from breathe.history.export_rows import over_limit

    return f"id {record.id}: {record.problem or over_limit(record)}"


def write_csv(rows: Iterable[Sequence[object]], out: TextIO) -> None:
    """`rows` are cells in FIELDS' order (`HistoryStore.csv_rows`); None is an empty cell."""
    import csv

    from breathe.history.records import FIELDS

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    writer.writerows(rows)


def write_json(records: Iterable[SessionRecord], out: TextIO) -> None:
    """A JSON array, written as it is read so 50,000 sessions need no big string."""
    import json

    out.write("[")
    sep = "\n  "
    for r in records:
        out.write(sep)
        out.write(json.dumps(r.as_dict()))
        sep = ",\n  "
    out.write("\n]\n" if sep != "\n  " else "]\n")


def _output_path(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("--output needs a file name")
    return Path(text)


def _teller(err: TextIO) -> Callable[[str], None]:
    return lambda message: print(f"breathe: {message}", file=err)


def _write_file(target: Path, write: Callable[[TextIO], None]) -> None:
    """Render into memory, then hand it to the one atomic writer (a failed render or a full
    disk leaves the old file as it was)."""
    from breathe.system.atomic import write_atomic as replace_file

    buffer = io.StringIO(newline="")
    try:
        write(buffer)
        if _is_stream(target):  # /dev/null, a terminal, /dev/stdout into a pipe
            _write_stream(target, buffer.getvalue())
            return
        replace_file(Path(target), buffer.getvalue())
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.filename is not None and Path(exc.filename).name.endswith(".tmp"):
            # The new file is written beside the target first: say that this failed.
            reason = f"cannot create a new file in {Path(exc.filename).parent}: {reason}"
        raise HistoryCommandError(f"cannot write {target} ({reason})") from None


def _is_stream(target: Path) -> bool:
    """A device or a pipe: written straight, as there is no file to replace."""
    import stat

    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _write_stream(target: Path, text: str) -> None:
    """Opened without blocking: a named pipe nobody reads would otherwise wait forever."""
    import errno

    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "a pipe that no program is reading from") from None
        raise
    os.set_blocking(fd, True)
    with open(fd, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)


@contextmanager
def _reading_errors() -> Iterator[None]:
    """A file that turns out damaged or unreadable mid-read becomes one sentence."""
    from breathe.history.access import history_errors
    from breathe.history.records import HistoryUnavailable

    try:
        with history_errors():
            yield
    except HistoryUnavailable as exc:
        raise HistoryCommandError(str(exc)) from None
