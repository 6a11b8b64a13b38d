"""What a stored session is called, for the command line and the history screen alike."""

from __future__ import annotations

from dataclasses import dataclass

from breathe.core.insights import Insight, named
from breathe.core.report import SESSION_COLUMNS, TABLE_HEADINGS, display_row, session_name


@dataclass(frozen=True)
class Row:
    exercise: str
    routine: str | None
    id: int = 1
    started_at: str = "2026-03-02T07:00:00+00:00"
    exhale: str = "hum"
    active_s: float = 61.0
    breaths: int = 5
    status: str = "ended_early"
    problem: str | None = None
    tension_before: int | None = 6
    tension_after: int | None = None


NAMES = {"wall": "Wall breathing", "wall+goal-post": "Wall breathing + Goal-post arms"}
ROUTINES = {"pre-run": "Before the run"}


def test_a_routine_is_named_by_its_routine_never_by_its_exercises() -> None:
    assert session_name(Row("wall+goal-post", "pre-run"), NAMES, ROUTINES) == "Before the run"
    assert session_name(Row("wall", "gone"), NAMES, ROUTINES) == "gone"  # no longer defined
    assert session_name(Row("wall", None), NAMES, ROUTINES) == "Wall breathing"
    assert session_name(Row("box", None), NAMES, ROUTINES) == "box"


def test_a_row_has_one_cell_per_column() -> None:
    cells = display_row(Row("wall", None), "Wall breathing")
    assert len(cells) == len(SESSION_COLUMNS) == len(TABLE_HEADINGS)
    assert cells[2:] == ("Wall breathing", "hum", "01:01", "5", "ended early", "6 -> -")


def test_insights_take_the_routines_names() -> None:
    rows = [
        Insight.of("pre-run", "routine", "pre-run (Wall breathing + Goal-post arms)", 1, 0, 0),
        Insight.of("gone", "routine", "gone (Box breathing)", 1, 0, 0),
        Insight.of("wall", "exercise", "Wall breathing", 1, 0, 0),
    ]
    assert [i.name for i in named(rows, ROUTINES)] == ["Before the run", "gone", "Wall breathing"]
