"""What helps your heart: the swing and heart-rate change per exercise, with known answers."""

from __future__ import annotations

import pytest

from breathe.core.insights import HeartInsight, HeartSession, heart_insights, rate_change


def _beats(*runs: tuple[int, float]) -> list[tuple[float, float]]:
    """Beats at their running sum's times from (count, RR ms) runs."""
    out: list[tuple[float, float]] = []
    t = 0.0
    for count, rr in runs:
        for _ in range(count):
            t += rr / 1000
            out.append((t, rr))
    return out


def test_rate_change_is_the_last_minute_less_the_first() -> None:
    # 70 s at 60 bpm, then 75 s at 80 bpm: the first minute is all 60, the last all 80.
    assert rate_change(_beats((70, 1000.0), (100, 750.0))) == pytest.approx(20.0)
    assert rate_change(_beats((100, 750.0), (70, 1000.0))) == pytest.approx(-20.0)
    assert rate_change(_beats((200, 800.0))) == pytest.approx(0.0)


def test_rate_change_needs_two_whole_minutes() -> None:
    assert rate_change(_beats((149, 800.0))) is None  # 119.2 s: the minutes would overlap
    assert rate_change([]) is None
    assert rate_change(_beats((20, 800.0)), span=8.0) is None  # 15.2 s
    assert rate_change(_beats((21, 800.0)), span=8.0) == pytest.approx(0.0)  # 16 s


def test_heart_insights_average_per_exercise_and_rank_by_swing() -> None:
    sessions = [
        HeartSession("wall", "exercise", "Wall breathing", 4.0, -2.0),
        HeartSession("hooklying", "exercise", "Hooklying", 9.0, None),
        HeartSession("wall", "exercise", "Wall breathing", 6.0, None),
        HeartSession("box", "exercise", "Box", None, 1.5),
        HeartSession("pre-run", "routine", "pre-run (Wall)", 5.5, -1.0),
        HeartSession("pre-run", "routine", "pre-run (Wall)", 6.5, -3.0),
    ]
    found = heart_insights(sessions)
    assert found == [
        HeartInsight("hooklying", "exercise", "Hooklying", 1, 9.0, None),
        HeartInsight("pre-run", "routine", "pre-run (Wall)", 2, 6.0, -2.0),
        HeartInsight("wall", "exercise", "Wall breathing", 2, 5.0, -2.0),
        HeartInsight("box", "exercise", "Box", 1, None, 1.5),
    ]
    assert found[1].sentence() == "pre-run (Wall): swing 6.0 bpm, heart rate -2.0 bpm (n = 2)"
    assert found[0].sentence() == "Hooklying: swing 9.0 bpm (n = 1)"
    assert found[3].sentence() == "Box: swing -, heart rate +1.5 bpm (n = 1)"
    assert found[2].as_dict() == {
        "mean_swing_bpm": 5.0,
        "heart_rate_change_bpm": -2.0,
        "heart_sessions": 2,
    }
    assert heart_insights([]) == []
