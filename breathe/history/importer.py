"""`breathe import`: read and check a file made by `breathe export` (CSV or JSON, any version);
the store's one writer adds the sessions it does not have yet, in one transaction, never
touching existing rows.

A session is already present when its `uid` is in the store or, for exports made before
uids existed (and for sessions imported from one), when a session with the same start time,
exercise and active seconds is. A file with any problem imports nothing.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breathe.core.engine import ExhaleStyle
from breathe.core.pace import FELT_VALUES
from breathe.core.tension import TENSION_MAX, TENSION_MIN
from breathe.history.records import FINAL_STATUSES, iso, local_day

if TYPE_CHECKING:
    from breathe.history.store import HistoryStore

MAX_IMPORT_BYTES = 64 * 1024 * 1024  # about 300,000 sessions as JSON
MAX_SECONDS = 7 * 24 * 3600.0
MAX_BREATHS = 1_000_000
MAX_PROBLEMS = 1000
# Sessions without a uid get one made from what identifies them, so two machines importing
# the same old export agree on it.
UID_NAMESPACE = uuid.UUID("6f3b1b1e-3c55-4b8e-9a59-0c6f2f3e7a10")
REQUIRED = (
    *("started_at", "ended_at", "exercise", "pattern", "exhale", "planned"),
    *("breaths", "active_s", "paused_s", "status"),
)
SKIPPED_RUNNING = "still running when exported"
_UID = re.compile(r"[0-9a-f]{32}")
_EXERCISE = re.compile(r"[a-z0-9][a-z0-9+-]*")
_EXHALES = tuple(style.value for style in ExhaleStyle)
_FELT_WORDS = ", ".join(FELT_VALUES[:-1]) + f" or {FELT_VALUES[-1]}"


class ImportRefused(Exception):
    """The file cannot be imported; `problems` has one line each, nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class ImportedSession:
    uid: str | None
    started_at: str
    ended_at: str
    exercise: str
    routine: str | None
    pattern: str
    exhale: str
    planned: str
    breaths: int
    active_s: float
    paused_s: float
    status: str
    tension_before: int | None
    tension_after: int | None
    note: str
    version: str
    felt: str | None = None

    @property
    def key(self) -> tuple[str, str, float]:
        return (self.started_at, self.exercise, round(self.active_s, 3))

    def made_uid(self) -> str:
        started, exercise, active = self.key
        return uuid.uuid5(UID_NAMESPACE, f"{started}|{exercise}|{active:.3f}").hex


@dataclass
class ParsedExport:
    sessions: list[ImportedSession] = field(default_factory=list)
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
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportRefused(
                [
                    f"{path} is {size / 1e6:.0f} MB; an export of breathe's history is far "
                    f"smaller (at most {MAX_IMPORT_BYTES // 2**20} MiB is read)"
                ]
            )
        data = path.read_bytes()
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
    checker = _Checker(now or datetime.now(timezone.utc))
    for where, item in items:
        try:
            session = checker.session(item)
        except _Bad as exc:
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
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if not text.rstrip().endswith("]"):
            why = f"the JSON ends early at line {exc.lineno} (a truncated file?)"
        else:
            why = f"not valid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})"
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


class _Bad(Exception):
    """One impossible or missing value in one session."""


class _Checker:
    def __init__(self, now: datetime) -> None:
        self.latest = now + timedelta(days=1)  # clocks differ; a day ahead is impossible

    def session(self, item: Mapping[str, Any]) -> ImportedSession | None:
        for name in REQUIRED:
            if name not in item:
                raise _Bad(f"no {name}")
        status = self.text(item, "status")
        if status == "running":
            return None
        if status not in FINAL_STATUSES:
            raise _Bad(f"status is {status!r}; expected {', '.join(FINAL_STATUSES)} or running")
        started = self.moment(item, "started_at")
        ended = self.moment(item, "ended_at")
        if ended < started:
            raise _Bad("ended_at is before started_at")
        exercise = self.text(item, "exercise")
        if not _EXERCISE.fullmatch(exercise):
            raise _Bad(f"exercise is {exercise!r}; expected an id such as wall")
        exhale = self.text(item, "exhale")
        if exhale not in _EXHALES:
            raise _Bad(f"exhale is {exhale!r}; expected {' or '.join(_EXHALES)}")
        uid = item.get("uid")
        if uid is not None and not (isinstance(uid, str) and _UID.fullmatch(uid)):
            raise _Bad(f"uid is {uid!r}; expected 32 lowercase hex digits")
        routine = item.get("routine")
        return ImportedSession(
            uid=uid,
            started_at=iso(started),
            ended_at=iso(ended),
            exercise=exercise,
            routine=None if routine is None else self.text(item, "routine"),
            pattern=self.text(item, "pattern"),
            exhale=exhale,
            planned=self.text(item, "planned", allow_empty=True),
            breaths=self.whole(item, "breaths", 0, MAX_BREATHS),
            active_s=self.seconds(item, "active_s"),
            paused_s=self.seconds(item, "paused_s"),
            status=status,
            tension_before=self.tension(item, "tension_before"),
            tension_after=self.tension(item, "tension_after"),
            note=self.optional_text(item, "note"),
            version=self.optional_text(item, "version"),
            felt=self.felt(item),
        )

    def text(self, item: Mapping[str, Any], name: str, allow_empty: bool = False) -> str:
        value = item.get(name)
        if value is None and allow_empty:
            return ""
        if not isinstance(value, str) or not (value or allow_empty):
            raise _Bad(f"{name} is {value!r}; expected text")
        return value

    def optional_text(self, item: Mapping[str, Any], name: str) -> str:
        return self.text(item, name, allow_empty=True)

    def moment(self, item: Mapping[str, Any], name: str) -> datetime:
        value = item.get(name)
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise _Bad(
                f"{name} is {value!r}; expected a UTC time such as 2026-03-02T07:30:00+00:00"
            )
        if moment > self.latest:
            raise _Bad(f"{name} {value} is in the future")
        return moment

    def number(self, item: Mapping[str, Any], name: str) -> float | None:
        value = item.get(name)
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return None
        return None

    def whole(self, item: Mapping[str, Any], name: str, low: int, high: int) -> int:
        value = self.number(item, name)
        if value is None or not value.is_integer() or not low <= value <= high:
            raise _Bad(f"{name} is {item.get(name)!r}; expected a whole number {low} to {high}")
        return int(value)

    def seconds(self, item: Mapping[str, Any], name: str) -> float:
        value = self.number(item, name)
        if value is None or not math.isfinite(value) or not 0 <= value <= MAX_SECONDS:
            raise _Bad(f"{name} is {item.get(name)!r}; expected seconds, 0 to {MAX_SECONDS:.0f}")
        return round(value, 3)

    def felt(self, item: Mapping[str, Any]) -> str | None:
        value = item.get("felt")
        if value is None:
            return None
        if value not in FELT_VALUES:
            raise _Bad(f"felt is {value!r}; expected {_FELT_WORDS}")
        return str(value)

    def tension(self, item: Mapping[str, Any], name: str) -> int | None:
        if item.get(name) is None:
            return None
        return self.whole(item, name, TENSION_MIN, TENSION_MAX)


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
    rows = [_row(s, s.uid or s.made_uid(), _name_of(s.exercise, known_names)) for s in sessions]
    # On a real run the rows added so far are in the transaction, so the store finds them; a
    # dry run writes nothing, so it remembers what it would have added.
    seen_uids: set[object] = set()
    seen_keys: set[tuple[object, ...]] = set()

    def present(row: dict[str, object]) -> bool:
        key = (row["started_at"], row["exercise_id"], row["active_s"])
        if row["uid"] in seen_uids or key in seen_keys or store.has_session(row):
            return True
        if dry_run:
            seen_uids.add(row["uid"])
            seen_keys.add(key)
        return False

    added = len(store.insert_rows(rows, present=present, dry_run=dry_run))
    return ImportReport(added, len(rows) - added, parsed.skipped)


def _name_of(exercise: str, names: Mapping[str, str]) -> str:
    if exercise in names:
        return names[exercise]
    return " + ".join(names.get(part, part) for part in exercise.split("+"))


def _row(s: ImportedSession, uid: str, name: str) -> dict[str, object]:
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
    }
