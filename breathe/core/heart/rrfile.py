"""RR files for `--hr FILE`, read from text: one interval in ms per line; a CSV with an `rr_ms`
column (and optional `t_s`); or OpenHRV's recording (`event,value,timestamp`, the intervals
in rows named `InterBeatInterval`). Every bad line is a located error, so a typo stops the
session before it starts rather than turning into a made-up beat.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass

MAX_INTERVALS = 50_000
OPENHRV_IBI_EVENTS = {"interbeatinterval", "ibi"}


class RRFileError(ValueError):
    """`file:line: what is wrong`."""


@dataclass(frozen=True)
class RRRecord:
    """The intervals in file order; `t_s` the file's own beat times when it had them."""

    rr_ms: tuple[float, ...]
    t_s: tuple[float, ...] | None = None


def _number(text: str, name: str, line: int, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise RRFileError(f"{name}:{line}: {what} {text.strip()!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise RRFileError(f"{name}:{line}: {what} {text.strip()!r} must be a positive number")
    return value


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for each non-blank line that is not a `#` comment."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            out.append((number, next(csv.reader([stripped]))))
    return out


def parse_rr_text(text: str, name: str) -> RRRecord:
    """The file's intervals; RRFileError naming the file and line of the first problem."""
    rows = _rows(text)
    if not rows:
        raise RRFileError(f"{name}:1: no RR intervals in the file")
    first_line, header = rows[0]
    cells = [c.strip().lower() for c in header]
    if cells[:2] == ["event", "value"]:
        record = _openhrv(rows[1:], name)
    elif "rr_ms" in cells:
        record = _columns(rows[1:], cells, name)
    elif len(cells) == 1:
        record = _one_column(rows, name)
    else:
        raise RRFileError(
            f"{name}:{first_line}: not an RR file: expected one interval in ms per line, "
            "a CSV with an rr_ms column, or an OpenHRV recording"
        )
    if not record.rr_ms:
        raise RRFileError(f"{name}:{first_line}: no RR intervals in the file")
    if len(record.rr_ms) > MAX_INTERVALS:
        raise RRFileError(f"{name}:{first_line}: over {MAX_INTERVALS:,} intervals")
    return record


def _one_column(rows: list[tuple[int, list[str]]], name: str) -> RRRecord:
    """Lines of one number each (a header word there is an error, so a typo is not skipped)."""
    for line, cells in rows:
        if len(cells) != 1:
            raise RRFileError(f"{name}:{line}: expected one interval in ms, got {len(cells)} cells")
    return RRRecord(tuple(_number(cells[0], name, line, "interval") for line, cells in rows))


def _columns(rows: list[tuple[int, list[str]]], header: list[str], name: str) -> RRRecord:
    rr_col = header.index("rr_ms")
    t_col = header.index("t_s") if "t_s" in header else None
    rr: list[float] = []
    times: list[float] = []
    for line, cells in rows:
        if len(cells) != len(header):
            raise RRFileError(f"{name}:{line}: {len(cells)} cells, the header has {len(header)}")
        rr.append(_number(cells[rr_col], name, line, "rr_ms"))
        if t_col is not None:
            times.append(_time(cells[t_col], name, line, times))
    return RRRecord(tuple(rr), tuple(times) if t_col is not None else None)


def _time(text: str, name: str, line: int, before: list[float]) -> float:
    try:
        value = float(text)
    except ValueError:
        raise RRFileError(f"{name}:{line}: t_s {text.strip()!r} is not a number") from None
    if not math.isfinite(value) or (before and value < before[-1]):
        raise RRFileError(f"{name}:{line}: t_s {text.strip()!r} goes back in time")
    return value


def _openhrv(rows: list[tuple[int, list[str]]], name: str) -> RRRecord:
    rr: list[float] = []
    for line, cells in rows:
        if len(cells) < 2:
            raise RRFileError(f"{name}:{line}: expected event,value,timestamp")
        if cells[0].strip().lower() in OPENHRV_IBI_EVENTS:
            rr.append(_number(cells[1], name, line, "interval"))
    return RRRecord(tuple(rr))
