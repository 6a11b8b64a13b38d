"""What helps you: the tension change per exercise and routine against a hand-computed history,
and the "needs more data" case."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone

import pytest

from breathe.core.insights import Insight, t_critical
from breathe.history.records import SessionEnd, SessionStart
from breathe.history.store import HistoryStore
from tests.helpers.cli import run_main

T0 = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)


def rated(
    n: int, exercise: str, before: int | None, after: int | None, routine: str | None = None
) -> tuple[SessionStart, SessionEnd]:
    start = T0 + timedelta(hours=n)
    return (
        SessionStart(
            started_at=start,
            exercise_id=exercise,
            exercise_name={"hooklying": "Hooklying reset", "wall": "Wall breathing"}.get(
                exercise, "Wall breathing + Goal-post arms"
            ),
            pattern="4-0-8-2",
            exhale="hum",
            planned="5 min",
            routine=routine,
            tension_before=before,
        ),
        SessionEnd("completed", start + timedelta(minutes=5), 20, 300, tension_after=after),
    )


def seed() -> None:
    """Hooklying: changes -2 -3 -1 -2 -3 -1 (mean -2, sum of squares about it 4, so s^2 = 0.8,
    se = sqrt(0.8 / 6) = 0.3651, t(5) = 2.571: -2 +- 0.9388). pre-run: 0 -1 1 0 0 (mean 0,
    s^2 = 0.5, se = 0.3162, t(4) = 2.776: +- 0.8778). Wall: three rated, one only before,
    one only after: not enough."""
    sessions = []
    n = 0
    for before, after in ((7, 5), (8, 5), (6, 5), (5, 3), (6, 3), (4, 3)):
        sessions.append(rated(n, "hooklying", before, after))
        n += 1
    for before, after in ((5, 5), (5, 4), (4, 5), (3, 3), (6, 6)):
        sessions.append(rated(n, "wall+goal-post", before, after, routine="pre-run"))
        n += 1
    for before, after in ((5, 4), (6, 4), (7, 7), (5, None), (None, 2)):
        sessions.append(rated(n, "wall", before, after))
        n += 1
    with HistoryStore.open() as store:
        store.record_many(sessions)


def test_the_t_table_and_its_expansion_agree_with_known_values() -> None:
    assert t_critical(1) == 12.706 and t_critical(5) == 2.571 and t_critical(30) == 2.042
    assert math.isclose(t_critical(40), 2.021, abs_tol=0.001)
    assert math.isclose(t_critical(120), 1.980, abs_tol=0.001)
    assert math.isclose(t_critical(10**6), 1.960, abs_tol=0.001)


def test_figures_match_the_hand_computed_history() -> None:
    seed()
    with HistoryStore.open() as store:
        insights = {i.key: i for i in store.tension_changes()}
    hook = insights["hooklying"]
    assert (hook.kind, hook.n, hook.mean) == ("exercise", 6, -2.0)
    half = 2.571 * math.sqrt(0.8 / 6)
    assert hook.low == pytest.approx(-2 - half) and hook.high == pytest.approx(-2 + half)
    assert hook.sentence() == (
        "Hooklying reset: -2.0 points on average (n = 6, 95 % interval -2.9 to -1.1)"
    )
    pre = insights["pre-run"]
    assert (pre.kind, pre.n, pre.mean) == ("routine", 5, 0.0)
    assert pre.high == pytest.approx(2.776 * math.sqrt(0.5 / 5))
    assert pre.sentence() == (
        "pre-run (Wall breathing + Goal-post arms): 0.0 points on average "
        "(n = 5, 95 % interval -0.9 to +0.9)"
    )
    wall = insights["wall"]
    assert (wall.n, wall.mean, wall.low) == (3, None, None)
    assert wall.sentence() == (
        "Wall breathing: needs more data (3 of 5 sessions rated before and after)"
    )
    # Most helpful first; not enough data last.
    assert [i.key for i in insights.values()] == ["hooklying", "pre-run", "wall"]


def test_identical_changes_give_a_zero_width_interval() -> None:
    insight = Insight.of("x", "exercise", "X", 5, -10.0, 20.0)
    assert (insight.mean, insight.low, insight.high) == (-2.0, -2.0, -2.0)


def test_history_insights_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    seed()
    code, out, err = run_main(["history", "--insights"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "What helps you: tension after - before (0-10), negative is calmer",
        "  Hooklying reset: -2.0 points on average (n = 6, 95 % interval -2.9 to -1.1)",
        "  Before the run: 0.0 points on average (n = 5, 95 % interval -0.9 to +0.9)",
        "  Wall breathing: needs more data (3 of 5 sessions rated before and after)",
    ]
    code, out, _ = run_main(["history", "--insights", "--json"], capsys)
    data = json.loads(out)
    assert data[0] == {
        "id": "hooklying",
        "kind": "exercise",
        "name": "Hooklying reset",
        "n": 6,
        "mean_change": -2.0,
        "interval_95": [
            round(-2 - 2.571 * math.sqrt(0.8 / 6), 3),
            round(-2 + 2.571 * math.sqrt(0.8 / 6), 3),
        ],
        "enough_data": True,
    }
    assert data[2]["enough_data"] is False and data[2]["mean_change"] is None


def test_no_rated_sessions_says_how_to_get_some(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(["history", "--insights"], capsys)
    assert code == 0 and out.startswith("No sessions rated before and after yet")
    assert run_main(["history", "--insights", "--json"], capsys)[1] == "[]\n"
