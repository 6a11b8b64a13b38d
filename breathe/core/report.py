"""Text made from stored sessions: the sessions table's cells, minutes, counts (pure: the
history package reads the rows, this says them; streaks are figures, in `core.streaks`)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from breathe.core.text import format_clock, plural, printable, status_text


class SessionRow(Protocol):
    """What a table row needs of a stored session (the history's `SessionRecord` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def started_at(self) -> str: ...
    @property
    def exhale(self) -> str: ...
    @property
    def active_s(self) -> float: ...
    @property
    def breaths(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def problem(self) -> str | None: ...
    @property
    def tension_before(self) -> int | None: ...
    @property
    def tension_after(self) -> int | None: ...


BAD_ROW = "bad row"  # the status shown for a stored row with values breathe cannot read
TABLE_HEADINGS = ("ID", "DATE", "EXERCISE", "EXHALE", "TIME", "BREATHS", "STATUS", "TENSION")


def local_time_text(iso_text: str) -> str:
    """`2026-11-26 07:30` in this machine's zone; a time that is not one, as it was."""
    try:
        return datetime.fromisoformat(iso_text).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, OverflowError):
        return printable(str(iso_text))[:16]


def tension_text(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return ""
    return f"{'-' if before is None else before} -> {'-' if after is None else after}"


def display_row(record: SessionRow, name: str) -> tuple[str, ...]:
    """One session as the table cells under TABLE_HEADINGS."""
    return (
        str(record.id),
        local_time_text(record.started_at),
        printable(name),
        printable(record.exhale),
        format_clock(record.active_s),
        str(record.breaths),
        status_text(record.status) if record.problem is None else BAD_ROW,
        tension_text(record.tension_before, record.tension_after),
    )


def minutes_text(minutes: float) -> str:
    """`2.5 min` under ten minutes, `1,024 min` above, `0 min` for none."""
    if minutes <= 0:
        return "0 min"
    return f"{minutes:.1f} min" if minutes < 10 else f"{minutes:,.0f} min"


def count_text(n: int, word: str) -> str:
    return plural(n, word, grouped=True)
