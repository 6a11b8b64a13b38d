"""What the history keeps and shows, as plain values: one session's record, what is known
at its start and end, and the figures of the history screen."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

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


def checked_tension(value: int | None) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= 10:
        raise ValueError(f"tension must be 0 to 10, not {value}")
    return int(value)


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

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SessionRecord))


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
