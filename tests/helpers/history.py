"""A history of 200 sessions over about three months, one of them a custom exercise whose
name holds an emoji and wide (CJK) characters, ending on a fixed day."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from breathe.history.records import SessionEnd, SessionStart
from breathe.history.store import HistoryStore

SEED_TODAY = date(2026, 3, 12)
EMOJI_NAME = "Calm 🌊 evening 呼吸"
_NAMES = (
    ("wall", "Wall breathing"),
    ("hooklying", "Hooklying reset"),
    ("box", "Box breathing"),
    ("my-calm", EMOJI_NAME),
    ("resonance", "Resonance breathing"),
)


def session(
    start: datetime,
    exercise: str,
    name: str,
    *,
    minutes: float = 5.0,
    routine: str | None = None,
    pattern: str = "4-0-6-0",
    exhale: str = "ha",
    tension_before: int | None = None,
    status: str = "completed",
    breaths: int = 30,
    active_s: float | None = None,
    tension_after: int | None = None,
    felt: str | None = None,
    planned: str = "5 min",
) -> tuple[SessionStart, SessionEnd]:
    """One stored session of `minutes` from `start`, as `HistoryStore.record_many` takes it."""
    return (
        SessionStart(
            started_at=start,
            exercise_id=exercise,
            exercise_name=name,
            routine=routine,
            pattern=pattern,
            exhale=exhale,
            planned=planned,
            tension_before=tension_before,
        ),
        SessionEnd(
            status=status,
            ended_at=start + timedelta(minutes=minutes),
            breaths=breaths,
            active_s=minutes * 60 if active_s is None else active_s,
            tension_after=tension_after,
            felt=felt,
        ),
    )


def seed_sessions(store: HistoryStore, n: int = 200) -> None:
    end = datetime(SEED_TODAY.year, SEED_TODAY.month, SEED_TODAY.day, 20, 0, tzinfo=timezone.utc)
    rows = []
    for i in range(n):
        start = end - timedelta(hours=11 * i)
        exercise, name = _NAMES[i % len(_NAMES)]
        minutes = (2, 3.5, 5, 10)[i % 4]
        before = (None, 6, 7, 5)[i % 4]
        rows.append(
            session(
                start,
                exercise,
                name,
                minutes=minutes,
                exhale=("hum", "ha")[i % 2],
                tension_before=before,
                status="ended_early" if i % 7 == 3 else "completed",
                breaths=int(minutes * 6),
                tension_after=None if before is None else before - i % 4,
            )
        )
    store.record_many(rows)


def seed_paced(
    store: HistoryStore,
    exercise: str,
    pattern: str,
    planned: str,
    felt: list[str | None],
    *,
    status: str = "completed",
    start: datetime | None = None,
) -> None:
    """One session of `exercise` per pace check in `felt`, an hour apart, in that order."""
    first = start or datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)
    store.record_many(
        (
            SessionStart(
                started_at=first + timedelta(hours=i),
                exercise_id=exercise,
                exercise_name=exercise,
                pattern=pattern,
                exhale="hum",
                planned=planned,
            ),
            SessionEnd(
                status=status,
                ended_at=first + timedelta(hours=i, minutes=5),
                breaths=5,
                active_s=300,
                felt=answer,
            ),
        )
        for i, answer in enumerate(felt)
    )


def export_record(**changes: object) -> dict[str, object]:
    """One session as `breathe export --format json` writes it (a wall session, 2 breaths)."""
    record: dict[str, object] = {
        "id": 1,
        "started_at": "2026-12-01T07:00:00+00:00",
        "ended_at": "2026-12-01T07:00:30+00:00",
        "exercise": "wall",
        "routine": None,
        "pattern": "3-0-6-3",
        "exhale": "ha",
        "planned": "4 breaths x 3",
        "breaths": 2,
        "active_s": 24.0,
        "paused_s": 0.0,
        "status": "completed",
        "tension_before": None,
        "tension_after": None,
        "note": "",
        "version": "0.1.0",
        "uid": "0" * 32,
        "felt": None,
    }
    return {**record, **changes}


def seed_weeks(store: HistoryStore, today: date = SEED_TODAY) -> None:
    """About 20 sessions over the 21 days before `today`, as one user practises: mostly wall
    breathing (pace-checked), some hooklying, and the "Before the run" routine."""
    end = datetime(today.year, today.month, today.day, 7, 0, tzinfo=timezone.utc)
    rows = []
    for i, back in enumerate((0, 1, 1, 2, 3, 5, 6, 6, 7, 8, 9, 11, 12, 13, 14, 15, 17, 18, 19, 20)):
        start = end - timedelta(days=back, hours=3 * (i % 3))
        routine = i % 4 == 1
        exercise, name = (
            ("wall+goal-post", "Wall breathing + Goal-post arms")
            if routine
            else (("wall", "Wall breathing"), ("hooklying", "Hooklying reset"))[i % 4 == 2]
        )
        before = None if i % 5 == 4 else 4 + i % 4
        rows.append(
            session(
                start,
                exercise,
                name,
                routine="pre-run" if routine else None,
                pattern="3-0-6-3",
                planned="4 breaths x 3" if exercise == "wall" else "5 min",  # wall at its step
                tension_before=before,
                breaths=25,
                active_s=300.0 - 20 * (i % 3),
                tension_after=None if before is None else before - 1 - i % 3,
                felt=None if routine else ("right", "easy", "hard")[i % 3],
            )
        )
    store.record_many(rows)
