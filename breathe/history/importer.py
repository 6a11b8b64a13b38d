"""`breathe import`: read and check a file made by `breathe export` (CSV or JSON, any version);
the store's one writer adds the sessions it does not have yet, in one transaction, never
touching existing rows (but one: the cut-off start of a session a full disk kept out, which
its printed record completes).

A session is already present when its `uid` is in the store or, for exports made before
uids existed (and for sessions imported from one), when a session with the same start time,
exercise and active seconds is. A file with any problem imports nothing.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breathe.history.heart import beat_rows
from breathe.history.records import (
    REQUIRED,
    RowProblem,
    SessionRecord,
    StrictChecker,
    local_day,
)
from breathe.system.files import UnreadableFile, read_regular
from breathe.system.jsontext import JsonProblem, loads

if TYPE_CHECKING:
    from breathe.history.store import HistoryStore

MAX_IMPORT_BYTES = 64 * 1024 * 1024  # about 300,000 sessions as JSON
MAX_PROBLEMS = 1000
# Sessions without a uid get one made from what identifies them, so two machines importing
# the same old export agree on it.
UID_NAMESPACE = uuid.UUID("6f3b1b1e-3c55-4b8e-9a59-0c6f2f3e7a10")
SKIPPED_RUNNING = "still running when exported"


class ImportRefused(Exception):
    """The file cannot be imported; `problems` has one line each, nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _key(s: SessionRecord) -> tuple[str, str, float]:
    return (s.started_at, s.exercise, round(s.active_s, 3))


def _made_uid(s: SessionRecord) -> str:
    started, exercise, active = _key(s)
    return uuid.uuid5(UID_NAMESPACE, f"{started}|{exercise}|{active:.3f}").hex


@dataclass
class ParsedExport:
    sessions: list[SessionRecord] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class ImportReport:
    added: int
    present: int
    skipped: Counter[str]

    def describe(self, dry_run: bool = False) -> str:
        reasons = ", ".join(
            f"{n} {why}" if len(self.skipped) > 1 else why for why, n in self.skipped.items()
        )
        skipped = f"{sum(self.skipped.values())} skipped" + (f" ({reasons})" if reasons else "")
        added = f"{self.added} would be added" if dry_run else f"{self.added} added"
        line = f"{added}, {self.present} already present, {skipped}"
        return f"dry run: {line}; nothing was changed" if dry_run else line


# Reading ------------------------------------------------------------------------------------


def read_export(path: Path, now: datetime | None = None) -> ParsedExport:
    """Parse and check the whole file; raises ImportRefused listing every problem."""
    try:
        # Regular files only, opened without blocking, at most the cap: /dev/zero, a FIFO or
        # /dev/urandom is one line at once (stat() says 0 bytes for them).
        data = read_regular(path, MAX_IMPORT_BYTES)
    except UnreadableFile as exc:
        if "limit" in exc.reason:  # a regular file, too big: say how big
            size = path.stat().st_size
            raise ImportRefused(
                [
                    f"{path} is {size / 1e6:.0f} MB; an export of breathe's history is far "
                    f"smaller (at most {MAX_IMPORT_BYTES // 2**20} MiB is read)"
                ]
            ) from None
        raise ImportRefused([f"cannot import {exc.path}: it {exc.reason}"]) from None
    except OSError as exc:
        raise ImportRefused([f"cannot read {path} ({exc.strerror or exc})"]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            [f"{path} is not text from 'breathe export' (not UTF-8 at byte {exc.start})"]
        ) from None
    head = text.lstrip()
    if not head:
        raise ImportRefused([f"{path} is empty"])
    items = _json_items(path, text) if head[0] in "[{" else _csv_items(path, text)
    parsed = ParsedExport()
    problems: list[str] = []
    checker = StrictChecker(now or datetime.now(timezone.utc))
    for where, item in items:
        try:
            session = checker.session(item)
        except RowProblem as exc:
            problems.append(f"{path} {where}: {exc}")
            if len(problems) == MAX_PROBLEMS:
                problems.append(f"{path}: stopped looking after {MAX_PROBLEMS} problems")
                break
            continue
        if session is None:
            parsed.skipped[SKIPPED_RUNNING] += 1
        else:
            parsed.sessions.append(session)
    if problems:
        raise ImportRefused(problems)
    return parsed


def _json_items(path: Path, text: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    try:
        data = loads(text)  # bounded: nesting, huge numbers and NaN are located problems
    except JsonProblem as exc:
        if exc.message.startswith("Expecting") and not text.rstrip().endswith("]"):
            why = f"the JSON ends early at line {exc.line} (a truncated file?)"
        else:
            why = f"not valid JSON at line {exc.line} column {exc.column} ({exc.message})"
        raise ImportRefused([f"{path}: {why}"]) from None
    if not isinstance(data, list):
        raise ImportRefused(
            [f"{path}: a JSON {type(data).__name__}, not the array of 'breathe export'"]
        )
    problems: list[str] = []
    good: list[tuple[str, Mapping[str, Any]]] = []
    for n, item in enumerate(data, 1):
        if isinstance(item, dict):
            good.append((f"item {n}", item))
        else:
            problems.append(f"{path} item {n}: not an object with a session's fields")
    if problems:
        raise ImportRefused(problems)
    return iter(good)


def _csv_items(path: Path, text: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportRefused([f"{path}: not a CSV file from 'breathe export' ({exc})"]) from None
    missing = [name for name in REQUIRED if name not in header]
    if len(missing) == len(REQUIRED):
        raise ImportRefused(
            [f"{path} is not a file made by 'breathe export' (CSV with its header, or JSON)"]
        )
    if missing:
        raise ImportRefused([f"{path}: the CSV header has no {', '.join(missing)}"])
    rows: list[tuple[str, Mapping[str, Any]]] = []
    problems: list[str] = []
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if not row:
                continue
            if len(row) != len(header):
                problems.append(
                    f"{path} {where}: {len(row)} fields, expected {len(header)} "
                    "(a truncated or edited file?)"
                )
                continue
            values = {k: (v if v != "" else None) for k, v in zip(header, row, strict=True)}
            rows.append((where, values))
    except csv.Error as exc:
        problems.append(f"{path} line {reader.line_num}: {exc} (a truncated file?)")
    if problems:
        raise ImportRefused(problems)
    return iter(rows)


# Adding -------------------------------------------------------------------------------------


def import_sessions(
    store: HistoryStore,
    parsed: ParsedExport,
    names: Mapping[str, str],
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Hand the sessions to the store's one writer, which adds those not present in one
    transaction (none on a dry run)."""
    known_names = dict(names)
    for ex, name in store.exercise_names().items():
        known_names.setdefault(ex, name)
    # Oldest first, so the new rows' ids follow the order the sessions happened in.
    sessions = sorted(parsed.sessions, key=lambda s: s.started_at)
    rows = [_row(s, s.uid or _made_uid(s), _name_of(s.exercise, known_names)) for s in sessions]
    # A session with its own uid is the same only as a stored one with that uid: two quick
    # sessions in one second are two. Start, exercise and time identify only those without.
    without_uid = {str(row["uid"]) for s, row in zip(sessions, rows, strict=True) if not s.uid}
    # ... and one stored from an export without uids has the uid made from it: still the same.
    made = {str(row["uid"]): _made_uid(s) for s, row in zip(sessions, rows, strict=True)}
    # On a real run the rows added so far are in the transaction, so the store finds them; a
    # dry run writes nothing, so it remembers what it would have added.
    seen_uids: set[object] = set()
    seen_keys: set[tuple[object, ...]] = set()

    def present(row: dict[str, object]) -> bool:
        by_start = row["uid"] in without_uid
        key = (row["started_at"], row["exercise_id"], row["active_s"])
        if row["uid"] in seen_uids or (by_start and key in seen_keys):
            return True
        if store.has_session(row, by_start=by_start):
            # The one stored row an import replaces: a session's start, cut off by a full
            # disk, whose whole record `breathe run` printed to be imported.
            return by_start or not store.completes_cut_off(row, dry_run=dry_run)
        if not by_start and store.has_session({"uid": made[str(row["uid"])]}, by_start=False):
            return True
        if dry_run:
            seen_uids.add(row["uid"])
            if by_start:
                seen_keys.add(key)
        return False

    added = len(store.insert_rows(rows, present=present, dry_run=dry_run))
    return ImportReport(added, len(rows) - added, parsed.skipped)


def _name_of(exercise: str, names: Mapping[str, str]) -> str:
    if exercise in names:
        return names[exercise]
    return " + ".join(names.get(part, part) for part in exercise.split("+"))


def _row(s: SessionRecord, uid: str, name: str) -> dict[str, object]:
    """The stored row of an imported session: finished, owned by no process."""
    return {
        "uid": uid,
        "started_at": s.started_at,
        "ended_at": s.ended_at,
        "updated_at": s.ended_at,
        "local_date": local_day(datetime.fromisoformat(s.started_at)),
        "exercise_id": s.exercise,
        "exercise_name": name,
        "routine": s.routine,
        "pattern": s.pattern,
        "exhale": s.exhale,
        "planned": s.planned,
        "breaths": s.breaths,
        "active_s": s.active_s,
        "paused_s": s.paused_s,
        "status": s.status,
        "tension_before": s.tension_before,
        "tension_after": s.tension_after,
        "note": s.note,
        "version": s.version,
        "felt": s.felt,
        "heart_bpm": s.heart_bpm,
        "heart_swing_bpm": s.heart_swing_bpm,
        "heart_rmssd_ms": s.heart_rmssd_ms,
        "heart_beats": s.heart_beats,
        "beats": beat_rows(s.heart_rr_ms),  # restored into the beats table
    }
