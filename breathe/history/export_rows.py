"""The CSV export's rows, read fast: the stored rows are checked a chunk at a time, each
check over a whole column in C (`as_stored`), and a chunk that `SessionRecord.from_row` would
read unchanged (no odd value, no heart data) goes to the CSV writer as SQLite gave it. Any
other chunk is read row by row through `from_row` as before, so the bytes written and the rows
left out are the same; 50,000 sessions no longer make 50,000 records.

`as_stored` may only be stricter than `from_row`, never looser: a chunk it refuses is merely
read the slow way (tests/history/test_export_rows.py holds the two together).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from itertools import chain
from operator import attrgetter, is_not, itemgetter
from typing import Any

from breathe.core.pace import FELT_VALUES
from breathe.core.stored import DEFAULT_TEXT_LIMIT, TEXT_LIMITS, THEN, compact_planned
from breathe.core.tension import TENSION_MAX, TENSION_MIN
from breathe.history.heart import HEART_FIELDS, rr_text
from breathe.history.records import (
    FIELDS,
    FINAL_STATUSES,
    MAX_STORED_BREATHS,
    MAX_STORED_SECONDS,
    SessionRecord,
)

Skipped = Callable[[SessionRecord], None]
Row = Sequence[object]
CHUNK_ROWS = 1000  # rows checked together: a few hundred kB in memory at a time

_AT = {name: i for i, name in enumerate(FIELDS)}
_NONE = type(None)


def _columns(*names: str) -> Callable[[Row], Any]:
    """The named fields of a row, as one value (one name) or a tuple (several)."""
    return itemgetter(*(_AT[name] for name in names))


_TEXT = _columns("exercise", "pattern", "exhale", "planned", "note", "version", "started_at")
_OPTIONAL_TEXT = _columns("routine", "uid", "ended_at")
_HEART = _columns(*HEART_FIELDS)
_ID, _BREATHS, _STATUS, _FELT, _PLANNED = (
    _columns(n) for n in ("id", "breaths", "status", "felt", "planned")
)
_SECONDS = _columns("active_s", "paused_s")
_TENSIONS = _columns("tension_before", "tension_after")
_STARTED, _ENDED = _columns("started_at"), _columns("ended_at")
_STATUSES = frozenset((*FINAL_STATUSES, "running"))
_FELT_OR_NONE = frozenset((*FELT_VALUES, None))


def as_stored(rows: Sequence[Row]) -> bool:
    """True when `SessionRecord.from_row` would read every row with no problem and no heart
    data, and give back each value as it is; each check runs over a whole column at once."""
    if not (
        set(map(type, chain.from_iterable(map(_TEXT, rows)))) <= {str}
        and set(map(type, chain.from_iterable(map(_OPTIONAL_TEXT, rows)))) <= {str, _NONE}
        and set(chain.from_iterable(map(_HEART, rows))) <= {None}
        and set(map(type, map(_ID, rows))) <= {int}
        and set(map(_STATUS, rows)) <= _STATUSES
        and set(map(_FELT, rows)) <= _FELT_OR_NONE
    ):
        return False
    breaths = list(map(_BREATHS, rows))
    seconds = list(chain.from_iterable(map(_SECONDS, rows)))
    tensions = [t for t in chain.from_iterable(map(_TENSIONS, rows)) if t is not None]
    return (
        _within(breaths, int, 0, MAX_STORED_BREATHS)
        and _within(seconds, float, 0, MAX_STORED_SECONDS)
        and _within(tensions, int, TENSION_MIN, TENSION_MAX)
        and _times(map(_STARTED, rows))
        and _times(filter(partial(is_not, None), map(_ENDED, rows)))
        and _compact(map(_PLANNED, rows))
        and all(_short(rows, name, limit) for name, limit in _LIMITS)
    )


_LIMITS = (*TEXT_LIMITS.items(), ("version", DEFAULT_TEXT_LIMIT))


def _short(rows: Sequence[Row], name: str, limit: int) -> bool:
    """No text of the column is longer than the import takes (None: no text); the types
    are checked before."""
    at = _AT[name]
    texts: list[str] = [row[at] for row in rows if row[at] is not None]  # type: ignore[misc]
    return max(map(len, texts), default=0) <= limit


def _compact(planned: Iterable[str]) -> bool:
    """Each planned text as `from_row` gives it: older versions listed every round."""
    return all(compact_planned(text) == text for text in planned if THEN in text)


def _within(values: list[Any], kind: type, low: float, high: float) -> bool:
    """All of `kind`, finite (a NaN would slip past min and max) and from low to high."""
    if not values:
        return True
    return (
        set(map(type, values)) <= {kind}
        and low <= min(values)
        and max(values) <= high
        and math.isfinite(sum(values))
    )


def _times(texts: Iterable[Any]) -> bool:
    """Each text is a time with its zone, as `records._is_time` asks of one."""
    try:
        moments = list(map(datetime.fromisoformat, texts))
    except ValueError:
        return False
    return None not in map(attrgetter("tzinfo"), moments)


def over_limit(record: SessionRecord) -> str | None:
    """Why the import would refuse a stored record's text (longer than any session this
    version stores: a hand edit, an older config's id), for the export to leave it out."""
    for name, limit in TEXT_LIMITS.items():
        value = getattr(record, name)
        if isinstance(value, str) and len(value) > limit:
            return f"{name} is {len(value):,} characters long; at most {limit:,}"
    if len(record.version) > DEFAULT_TEXT_LIMIT:
        return f"version is {len(record.version):,} characters long; at most {DEFAULT_TEXT_LIMIT}"
    return None


def csv_cells(record: SessionRecord) -> tuple[object, ...]:
    """A record's cells in FIELDS' order: the heart's intervals space-separated in their one
    cell; None stays None, which the CSV writer writes as an empty cell."""
    values = (getattr(record, name) for name in FIELDS)
    return tuple(rr_text(v) if isinstance(v, tuple) else v for v in values)


def export_cells(cursor: sqlite3.Cursor, skipped: Skipped) -> Iterator[Row]:
    """The CSV's rows from a cursor over RECORD_COLUMNS: a clean chunk as SQLite gave it, any
    other row by row through `from_row`; one with odd values goes to `skipped`, never to
    the file."""
    while rows := cursor.fetchmany(CHUNK_ROWS):
        if as_stored(rows):
            yield from rows
            continue
        for row in rows:
            record = SessionRecord.from_row(row)
            if record.problem is None and (too_long := over_limit(record)) is not None:
                record = replace(record, problem=too_long)
            if record.problem is not None:
                skipped(record)
                continue
            yield csv_cells(record)
