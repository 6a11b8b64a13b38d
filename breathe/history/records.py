"""What the history keeps and shows, as plain values: the session row's one owner (its record,
the stored columns, the strict check for imports and the lenient one for display), what is
known at a session's start and end, and the figures of the history screen."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from breathe.core.engine import ExhaleStyle
from breathe.core.pace import FELT_VALUES
from breathe.core.stored import DEFAULT_TEXT_LIMIT, TEXT_LIMITS, compact_planned
from breathe.core.streaks import Streaks as Streaks
from breathe.core.tension import TENSION_MAX, TENSION_MIN, is_tension
from breathe.core.tension import checked_tension as checked_tension
from breathe.history import heart as hrt

if TYPE_CHECKING:
    from breathe.core.goal import GoalProgress
    from breathe.core.insights import Insight
    from breathe.core.plan import SessionPlan

FINAL_STATUSES = ("completed", "ended_early", "interrupted")
# What a stored row may hold and still read as stored (`from_row`; `export_rows` too).
MAX_STORED_BREATHS, MAX_STORED_SECONDS = 10**9, 1e9


class HistoryUnavailable(Exception):
    """The store cannot be used (unwritable place, newer schema): one sentence for the user."""


def iso(moment: datetime) -> str:
    """UTC, ISO 8601, whole seconds: sorts as text, reads as a date."""
    if moment.tzinfo is None:
        raise ValueError("history times must be timezone-aware")
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def local_day(moment: datetime) -> str:
    """The calendar date the user lived the moment on (this machine's zone), for streaks."""
    return moment.astimezone().date().isoformat()


@dataclass(frozen=True)
class SessionRecord:
    """One session as exported; the field names are the JSON keys and CSV header.

    `exercise` is the exercise id (for a routine, its exercises' ids joined with `+`); the
    display name is kept in the store too (`HistoryStore.exercise_names`).
    """

    id: int
    started_at: str
    ended_at: str | None
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
    uid: str | None = None  # stable across machines (schema 2); None only before it exists
    felt: str | None = None  # the pace check (schema 3): easy, right, hard; None unanswered
    # The heart (schema 4, `--hr`; `history.heart`): None and () without heart data.
    heart_bpm: float | None = None
    heart_swing_bpm: float | None = None
    heart_rmssd_ms: float | None = None
    heart_beats: int | None = None
    heart_rr_ms: tuple[float, ...] = ()
    # Not exported: why the stored row could not be read as it is (hand-edited, or from
    # another version); its odd values are replaced so every view still works.
    problem: str | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in FIELDS}
        return out | {"heart_rr_ms": list(self.heart_rr_ms)}  # JSON's list

    @classmethod
    def from_row(cls, row: Sequence[object]) -> SessionRecord:
        """A stored row, each value checked; odd ones replaced and named in `problem`."""
        odd: list[str] = []

        def text(i: int, name: str, *, optional: bool = False) -> Any:
            value = row[i]
            if value is None and optional:
                return None
            if isinstance(value, str):
                return value
            odd.append(f"{name}={_shown(value)}")
            return "" if value is None else _shown(value)

        def number(i: int, name: str, *, whole: bool, low: float, high: float) -> Any:
            return _lenient_number(row[i], name, odd, whole=whole, low=low, high=high)

        def tension(i: int, name: str) -> int | None:
            if row[i] is None or is_tension(row[i]):
                return row[i]  # type: ignore[return-value]
            odd.append(f"{name}={_shown(row[i])}")
            return None

        if len(row) != len(FIELDS):
            raise ValueError(f"a row of {len(FIELDS)} columns expected, not {len(row)}")
        started = text(1, "started_at")
        if started and not _is_time(started):
            odd.append(f"started_at={_shown(started)}")
        ended = text(2, "ended_at", optional=True)
        if ended is not None and not _is_time(ended):
            odd.append(f"ended_at={_shown(ended)}")
            ended = None
        felt = text(17, "felt", optional=True)
        if felt is not None and felt not in FELT_VALUES:
            odd.append(f"felt={_shown(felt)}")
            felt = None
        status = text(11, "status")
        if status not in (*FINAL_STATUSES, "running"):
            odd.append(f"status={_shown(status)}")
        return cls(
            id=row[0] if isinstance(row[0], int) else 0,
            started_at=started,
            ended_at=ended,
            exercise=text(3, "exercise"),
            routine=text(4, "routine", optional=True),
            pattern=text(5, "pattern"),
            exhale=text(6, "exhale"),
            planned=compact_planned(text(7, "planned")),  # older versions listed rounds
            breaths=number(8, "breaths", whole=True, low=0, high=MAX_STORED_BREATHS),
            active_s=number(9, "active_s", whole=False, low=0, high=MAX_STORED_SECONDS),
            paused_s=number(10, "paused_s", whole=False, low=0, high=MAX_STORED_SECONDS),
            status=status,
            tension_before=tension(12, "tension_before"),
            tension_after=tension(13, "tension_after"),
            note=text(14, "note"),
            version=text(15, "version"),
            uid=text(16, "uid", optional=True),
            felt=felt,
            **hrt.lenient_heart(row[18:], odd),  # before `problem`, which reads odd
            problem=", ".join(odd) if odd else None,
        )


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SessionRecord) if f.name != "problem")
# The stored column of each field, in FIELDS' order (`from_row` reads a row of these): the
# one place the record meets the table.
STORED_AS = {"exercise": "exercise_id", "heart_rr_ms": hrt.RR_COLUMN}
RECORD_COLUMNS = ", ".join(STORED_AS.get(name, name) for name in FIELDS)


# The strict check's limits: a week of seconds, a million breaths.
MAX_SECONDS = 7 * 24 * 3600.0
MAX_BREATHS = 1_000_000
# The fields every exported session has (the CSV header must name them).
REQUIRED = (
    *("started_at", "ended_at", "exercise", "pattern", "exhale", "planned"),
    *("breaths", "active_s", "paused_s", "status"),
)


_UID = re.compile(r"[0-9a-f]{32}")
_EXERCISE = re.compile(r"[a-z0-9][a-z0-9+-]*")
_EXHALES = tuple(style.value for style in ExhaleStyle)
_FELT_WORDS = ", ".join(FELT_VALUES[:-1]) + f" or {FELT_VALUES[-1]}"


class RowProblem(Exception):
    """One impossible or missing value in one session, named with its field."""


class StrictChecker:
    """The strict check, for imports: an impossible value is a RowProblem naming the field.
    (`SessionRecord.from_row` is the lenient one, for display.)"""

    def __init__(self, now: datetime) -> None:
        self.latest = now + timedelta(days=1)  # clocks differ; a day ahead is impossible

    def session(self, item: Mapping[str, Any]) -> SessionRecord | None:
        """A finished session, checked; None for one still running when exported."""
        for name in REQUIRED:
            if name not in item:
                raise RowProblem(f"no {name}")
        status = self.text(item, "status")
        if status == "running":
            return None
        if status not in FINAL_STATUSES:
            raise RowProblem(
                f"status is {status!r}; expected {', '.join(FINAL_STATUSES)} or running"
            )
        started = self.moment(item, "started_at")
        ended = self.moment(item, "ended_at")
        if ended < started:
            raise RowProblem("ended_at is before started_at")
        exercise = self.text(item, "exercise")
        if not _EXERCISE.fullmatch(exercise):
            raise RowProblem(f"exercise is {_shown(exercise)}; expected an id such as wall")
        exhale = self.text(item, "exhale")
        if exhale not in _EXHALES:
            raise RowProblem(f"exhale is {exhale!r}; expected {' or '.join(_EXHALES)}")
        uid = item.get("uid")
        if uid is not None and not (isinstance(uid, str) and _UID.fullmatch(uid)):
            raise RowProblem(f"uid is {_shown(uid)}; expected 32 lowercase hex digits")
        routine = item.get("routine")
        return SessionRecord(
            id=0,
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
            **self.heart(item),
        )

    def text(self, item: Mapping[str, Any], name: str, allow_empty: bool = False) -> str:
        value = item.get(name)
        if value is None and allow_empty:
            return ""
        if not isinstance(value, str) or not (value or allow_empty):
            raise RowProblem(f"{name} is {_shown(value)}; expected text")
        if name == "planned":  # older versions listed each round; said once, it fits
            value = compact_planned(value)
        # Past its limit a text is not an export of breathe's (and would print a
        # 100,000-column line in `breathe history`).
        limit = TEXT_LIMITS.get(name, DEFAULT_TEXT_LIMIT)
        if len(value) > limit:
            raise RowProblem(f"{name} is {len(value):,} characters long; at most {limit:,}")
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
            raise RowProblem(
                f"{name} is {value!r}; expected a UTC time such as 2026-03-02T07:30:00+00:00"
            )
        if moment > self.latest:
            raise RowProblem(f"{name} {value} is in the future")
        return moment

    def number(self, item: Mapping[str, Any], name: str) -> float | None:
        return hrt.finite_number(item.get(name))

    def whole(self, item: Mapping[str, Any], name: str, low: int, high: int) -> int:
        value = self.number(item, name)
        if value is None or not value.is_integer() or not low <= value <= high:
            raise RowProblem(
                f"{name} is {item.get(name)!r}; expected a whole number {low} to {high}"
            )
        return int(value)

    def seconds(self, item: Mapping[str, Any], name: str) -> float:
        value = self.number(item, name)
        if value is None or not math.isfinite(value) or not 0 <= value <= MAX_SECONDS:
            raise RowProblem(
                f"{name} is {item.get(name)!r}; expected seconds, 0 to {MAX_SECONDS:.0f}"
            )
        return round(value, 3)

    def felt(self, item: Mapping[str, Any]) -> str | None:
        value = item.get("felt")
        if value is None:
            return None
        if value not in FELT_VALUES:
            raise RowProblem(f"felt is {value!r}; expected {_FELT_WORDS}")
        return str(value)

    def heart(self, item: Mapping[str, Any]) -> dict[str, Any]:
        try:
            return hrt.strict_heart(item)
        except hrt.HeartProblem as exc:
            raise RowProblem(str(exc)) from None

    def tension(self, item: Mapping[str, Any], name: str) -> int | None:
        if item.get(name) is None:
            return None
        return self.whole(item, name, TENSION_MIN, TENSION_MAX)


def _lenient_number(
    value: object, name: str, odd: list[str], *, whole: bool, low: float, high: float
) -> Any:
    """The value when it is a finite number in range (whole if asked); else 0, noted in odd."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        ok = math.isfinite(value) and low <= value <= high
        if ok and (not whole or float(value).is_integer()):
            return int(value) if whole else float(value)
    odd.append(f"{name}={_shown(value)}")
    return 0 if whole else 0.0


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def _is_time(text: str) -> bool:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return False
    return moment.tzinfo is not None


@dataclass(frozen=True)
class SessionStart:
    """What is known when a session begins."""

    started_at: datetime
    exercise_id: str
    exercise_name: str
    pattern: str
    exhale: str
    planned: str
    routine: str | None = None
    tension_before: int | None = None
    note: str = ""

    @classmethod
    def from_plan(
        cls, plan: SessionPlan, started_at: datetime, tension_before: int | None = None
    ) -> SessionStart:
        exercises = list(dict.fromkeys(plan.exercises))
        if plan.routine is None:
            ex_id, ex_name = plan.id, plan.name
        else:
            ex_id = "+".join(e.id for e in exercises)
            ex_name = " + ".join(e.name for e in exercises)
        return cls(
            started_at=started_at,
            exercise_id=ex_id,
            exercise_name=ex_name,
            routine=plan.routine.id if plan.routine else None,
            pattern=plan.pattern_text,
            exhale=plan.exhale.value,
            planned=plan.planned,
            tension_before=tension_before,
        )


@dataclass(frozen=True)
class SessionEnd:
    status: str
    ended_at: datetime
    breaths: int
    active_s: float
    paused_s: float = 0.0
    tension_after: int | None = None
    note: str | None = None  # None keeps what is there
    felt: str | None = None  # None keeps what is there
    heart: hrt.HeartFigures | None = None  # None: no heart data


@dataclass(frozen=True)
class Totals:
    sessions_week: int
    minutes_week: float
    sessions_all: int
    minutes_all: float


@dataclass(frozen=True)
class ExerciseMinutes:
    exercise: str
    name: str
    sessions: int
    minutes: float


@dataclass(frozen=True)
class TensionPoint:
    started_at: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class TensionTrend:
    """The most recent rated sessions, oldest first, and their averages."""

    points: tuple[TensionPoint, ...]

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return [
            (p.before, p.after) for p in self.points if p.before is not None and p.after is not None
        ]

    @property
    def average_before(self) -> float | None:
        values = [p.before for p in self.points if p.before is not None]
        return sum(values) / len(values) if values else None

    @property
    def average_after(self) -> float | None:
        values = [p.after for p in self.points if p.after is not None]
        return sum(values) / len(values) if values else None

    @property
    def average_drop(self) -> float | None:
        """Mean of (before - after) over sessions rated both times; positive means calmer."""
        pairs = self.pairs
        return sum(b - a for b, a in pairs) / len(pairs) if pairs else None


@dataclass(frozen=True)
class HistorySummary:
    """Everything the history screen shows, loaded in one go."""

    today: date
    recent: tuple[SessionRecord, ...]
    names: dict[str, str]
    totals: Totals
    streaks: Streaks
    minutes_per_day: tuple[tuple[date, float], ...]
    per_exercise: tuple[ExerciseMinutes, ...]
    tension: TensionTrend
    # Local days with at least one breath done: the one meaning of "a day practised".
    practice_days: frozenset[date] = frozenset()
    # What helps you: tension change per exercise and routine (`core.insights.Insight`).
    insights: tuple[Insight, ...] = ()
    goal: GoalProgress | None = None  # the weekly goal's progress, when one is set

    def name_of(self, exercise: str) -> str:
        return self.names.get(exercise, exercise)
