"""What the history keeps and shows, as plain values: one session's record, what is known
at its start and end, and the figures of the history screen."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from breathe.core.pace import FELT_VALUES
from breathe.core.tension import checked_tension as checked_tension
from breathe.core.tension import is_tension

if TYPE_CHECKING:
    from breathe.core.goal import GoalProgress
    from breathe.core.plan import SessionPlan
    from breathe.history.insights import Insight

FINAL_STATUSES = ("completed", "ended_early", "interrupted")


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
    # Not exported: why the stored row could not be read as it is (hand-edited, or from
    # another version); its odd values are replaced so every view still works.
    problem: str | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}

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
            value = row[i]
            if isinstance(value, int | float) and not isinstance(value, bool):
                ok = math.isfinite(value) and low <= value <= high
                if ok and (not whole or float(value).is_integer()):
                    return int(value) if whole else float(value)
            odd.append(f"{name}={_shown(value)}")
            return 0 if whole else 0.0

        def tension(i: int, name: str) -> int | None:
            value = row[i]
            if value is None:
                return None
            if is_tension(value):
                return value  # type: ignore[return-value]
            odd.append(f"{name}={_shown(value)}")
            return None

        if len(row) != len(FIELDS):
            raise ValueError(f"a row of {len(FIELDS)} columns expected, not {len(row)}")
        sid = row[0] if isinstance(row[0], int) else 0
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
            id=sid,
            started_at=started,
            ended_at=ended,
            exercise=text(3, "exercise"),
            routine=text(4, "routine", optional=True),
            pattern=text(5, "pattern"),
            exhale=text(6, "exhale"),
            planned=text(7, "planned"),
            breaths=number(8, "breaths", whole=True, low=0, high=10**9),
            active_s=number(9, "active_s", whole=False, low=0, high=1e9),
            paused_s=number(10, "paused_s", whole=False, low=0, high=1e9),
            status=status,
            tension_before=tension(12, "tension_before"),
            tension_after=tension(13, "tension_after"),
            note=text(14, "note"),
            version=text(15, "version"),
            uid=text(16, "uid", optional=True),
            felt=felt,
            problem=", ".join(odd) if odd else None,
        )


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SessionRecord) if f.name != "problem")
# The stored column of each field, in FIELDS' order (`from_row` reads a row of these): the
# one place the record meets the table.
STORED_AS = {"exercise": "exercise_id"}
RECORD_COLUMNS = ", ".join(STORED_AS.get(name, name) for name in FIELDS)


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


@dataclass(frozen=True)
class Totals:
    sessions_week: int
    minutes_week: float
    sessions_all: int
    minutes_all: float


@dataclass(frozen=True)
class Streaks:
    """Runs of consecutive local days with at least one breath; today unpractised keeps it."""

    current: int
    longest: int


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
    # What helps you: tension change per exercise and routine (`history.insights.Insight`).
    insights: tuple[Insight, ...] = ()
    goal: GoalProgress | None = None  # the weekly goal's progress, when one is set

    def name_of(self, exercise: str) -> str:
        return self.names.get(exercise, exercise)
