"""The session row's one checker: strict for imports (an impossible value is refused, naming
its field), lenient for display (an odd value makes a bad row that still shows)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from breathe.core.tension import TENSION_MAX, TENSION_MIN
from breathe.history.records import (
    FIELDS,
    RECORD_COLUMNS,
    RowProblem,
    SessionRecord,
    StrictChecker,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
GOOD: dict[str, Any] = {
    "id": 7,
    "started_at": "2026-03-02T07:30:00+00:00",
    "ended_at": "2026-03-02T07:35:00+00:00",
    "exercise": "wall",
    "routine": None,
    "pattern": "4-0-8-0",
    "exhale": "hum",
    "planned": "5 min",
    "breaths": 25,
    "active_s": 300.0,
    "paused_s": 0.0,
    "status": "completed",
    "tension_before": 6,
    "tension_after": 3,
    "note": "",
    "version": "1.0",
    "uid": "0123456789abcdef0123456789abcdef",
    "felt": "right",
}


def test_a_good_item_passes_the_strict_check() -> None:
    record = StrictChecker(NOW).session(GOOD)
    assert record is not None and record.problem is None
    no_heart = dict.fromkeys(("heart_bpm", "heart_swing_bpm", "heart_rmssd_ms", "heart_beats"))
    assert record.as_dict() | {"id": 7} == GOOD | no_heart | {"heart_rr_ms": []}


IMPOSSIBLE = [
    ("started_at", "yesterday"),
    ("ended_at", "2026-03-01T07:35:00+00:00"),  # before it started
    ("ended_at", "2026-03-09T07:35:00+00:00"),  # in the future
    ("exercise", "Wall Sit"),
    ("exhale", "whistle"),
    ("breaths", -1),
    ("breaths", 2.5),
    ("active_s", "lots"),
    ("paused_s", float("nan")),
    ("status", "abandoned"),
    ("tension_before", TENSION_MAX + 1),
    ("tension_after", TENSION_MIN - 1),
    ("uid", "not-a-uid"),
    ("felt", "meh"),
    ("pattern", None),
]


@pytest.mark.parametrize(("name", "value"), IMPOSSIBLE)
def test_the_strict_check_refuses_each_impossible_value_naming_the_field(
    name: str, value: object
) -> None:
    with pytest.raises(RowProblem, match=name):
        StrictChecker(NOW).session(GOOD | {name: value})


def test_the_strict_check_skips_a_running_session() -> None:
    assert StrictChecker(NOW).session(GOOD | {"status": "running"}) is None


def _row(**changed: object) -> list[object]:
    values = GOOD | changed
    return [values.get(name) for name in FIELDS]  # the heart's columns NULL


def test_the_lenient_check_reads_a_good_row_as_it_is() -> None:
    record = SessionRecord.from_row(_row())
    assert record.problem is None
    assert record.tension_before == 6 and record.felt == "right"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("tension_before", TENSION_MAX + 1),
        ("breaths", "many"),
        ("status", "abandoned"),
        ("felt", "meh"),
        ("started_at", "yesterday"),
    ],
)
def test_the_lenient_check_marks_a_bad_row_naming_the_field(name: str, value: object) -> None:
    record = SessionRecord.from_row(_row(**{name: value}))
    assert record.problem is not None and f"{name}=" in record.problem


def test_the_stored_columns_follow_the_fields() -> None:
    columns = [c.strip() for c in RECORD_COLUMNS.split(",")]
    assert len(columns) == len(FIELDS)
    assert columns[FIELDS.index("exercise")] == "exercise_id"
