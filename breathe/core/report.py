"""Text made from stored sessions: the sessions table's cells, minutes, counts (pure: the
history package reads the rows, this says them; streaks are figures, in `core.streaks`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from breathe.core.text import format_clock, plural, printable, status_text


class SessionRow(Protocol):
    """What a table row needs of a stored session (the history's `SessionRecord` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def started_at(self) -> str: ...
    @property
    def exercise(self) -> str: ...
    @property
    def routine(self) -> str | None: ...
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


@runtime_checkable
class HeartRow(Protocol):
    """A stored session's heart figures (`--hr`); None without heart data."""

    @property
    def heart_bpm(self) -> float | None: ...
    @property
    def heart_swing_bpm(self) -> float | None: ...
    @property
    def heart_rmssd_ms(self) -> float | None: ...
    @property
    def started_at(self) -> str: ...


BAD_ROW = "bad row"  # the status shown for a stored row with values breathe cannot read


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


def session_name(record: SessionRow, names: Mapping[str, str], routines: Mapping[str, str]) -> str:
    """What a session is called: a routine's session by the routine's name (its id once the
    routine is no longer defined), never by its first exercise; else the exercise's name."""
    if record.routine is not None:
        return routines.get(record.routine, record.routine)
    return names.get(record.exercise, record.exercise)


@dataclass(frozen=True)
class Column:
    """One column of the sessions table; a new column is one more entry in SESSION_COLUMNS.
    `floor` is the narrowest it may wrap to when the terminal is narrow (None: never wraps);
    `label` names the value when a very narrow terminal stacks a row's cells; `short` gives
    the cell's shorter form for a table that would otherwise squeeze the names."""

    heading: str
    cell: Callable[[SessionRow, str], str]  # (record, its display name) -> the cell's text
    right: bool = False  # numbers line up on the right
    floor: int | None = None
    label: str = ""
    short: Callable[[str], str] | None = None


SESSION_COLUMNS: tuple[Column, ...] = (
    Column("ID", lambda r, _: str(r.id), right=True),
    Column(
        "DATE",
        lambda r, _: local_time_text(r.started_at),
        short=lambda text: text[5:] if text[:4].isdigit() else text,  # `11-30 07:30`
    ),
    Column("EXERCISE", lambda _, name: printable(name), floor=14),
    Column("EXHALE", lambda r, _: printable(r.exhale)),
    Column("TIME", lambda r, _: format_clock(r.active_s), right=True, label="time"),
    Column("BREATHS", lambda r, _: str(r.breaths), right=True, label="breaths"),
    Column(
        "STATUS",
        lambda r, _: status_text(r.status) if r.problem is None else BAD_ROW,
        floor=7,
    ),
    Column(
        "TENSION",
        lambda r, _: tension_text(r.tension_before, r.tension_after),
        label="tension",
    ),
)
TABLE_HEADINGS = tuple(c.heading for c in SESSION_COLUMNS)
NAME_COLUMN = TABLE_HEADINGS.index("EXERCISE")  # the free text: it wraps first


def display_row(record: SessionRow, name: str) -> tuple[str, ...]:
    """One session as the table cells under TABLE_HEADINGS."""
    return tuple(column.cell(record, name) for column in SESSION_COLUMNS)


# Shown only when some session in the table has heart data: mean heart rate / mean swing.
HEART_HEADING = "HEART"  # bpm/swing: `72/8`


def has_heart(records: Iterable[HeartRow]) -> bool:
    return any(r.heart_bpm is not None for r in records)


def heart_cell(record: HeartRow) -> str:
    """`75/9`: the session's mean heart rate and mean swing per breath (`-`: no swing, as
    from a sensor without intervals); empty without heart data."""
    bpm, swing = record.heart_bpm, record.heart_swing_bpm
    if bpm is None:
        return ""
    return f"{bpm:.0f}/{'-' if swing is None else format(swing, '.0f')}"


def heart_column_cell(record: SessionRow, _name: str) -> str:
    """The heart's cell of a table row, for the rows that carry heart figures."""
    return heart_cell(record) if isinstance(record, HeartRow) else ""


# Added after SESSION_COLUMNS when a shown session has heart data (`has_heart`).
HEART_COLUMN = Column(HEART_HEADING, heart_column_cell, right=True, label="heart")


def last_heart_text(records: Iterable[HeartRow]) -> str:
    """`Heart, 2026-03-03 07:30: 72 bpm · swing 8 · RMSSD 44 ms`, of the newest session (of
    `records`, newest first) with heart data; empty when none has any."""
    latest = next((r for r in records if r.heart_bpm is not None), None)
    if latest is None or latest.heart_bpm is None:
        return ""
    parts = [f"{latest.heart_bpm:.0f} bpm"]
    if latest.heart_swing_bpm is not None:
        parts.append(f"swing {latest.heart_swing_bpm:.0f}")
    if latest.heart_rmssd_ms is not None:
        parts.append(f"RMSSD {latest.heart_rmssd_ms:.0f} ms")
    return f"Heart, {local_time_text(latest.started_at)}: " + " · ".join(parts)


def minutes_text(minutes: float) -> str:
    """`2.5 min` under ten minutes, `1,024 min` above, `0 min` for none."""
    if minutes <= 0:
        return "0 min"
    return f"{minutes:.1f} min" if minutes < 10 else f"{minutes:,.0f} min"


def count_text(n: int, word: str) -> str:
    return plural(n, word, grouped=True)
