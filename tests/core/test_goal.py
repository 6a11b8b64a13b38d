"""The weekly goal: this week's progress and the weeks met in a row."""

from __future__ import annotations

from datetime import date, timedelta

from breathe.core.goal import GOAL_CHOICES, WeekFigures, WeeklyGoal, goal_progress, monday_of

TODAY = date(2026, 3, 12)  # a Thursday
THIS = monday_of(TODAY)


def weeks(*figures: tuple[int, float]) -> dict[date, WeekFigures]:
    """This week first, then each week before it."""
    return {THIS - timedelta(days=7 * i): WeekFigures(*f) for i, f in enumerate(figures)}


def test_monday_of() -> None:
    assert monday_of(TODAY) == date(2026, 3, 9) and monday_of(date(2026, 3, 9)) == THIS


def test_this_week_unmet_keeps_the_run_of_the_weeks_before() -> None:
    progress = goal_progress(
        WeeklyGoal("sessions", 4), weeks((2, 10), (4, 20), (5, 30), (1, 5)), TODAY
    )
    assert (progress.done, progress.weeks_met, progress.met) == (2, 2, False)
    assert progress.line() == "This week: 2 of 4 sessions; met 2 weeks in a row"


def test_this_week_met_counts_and_a_gap_ends_the_run() -> None:
    history = weeks((4, 10), (4, 20), (0, 0), (9, 90))
    progress = goal_progress(WeeklyGoal("sessions", 4), history, TODAY)
    assert (
        progress.weeks_met == 2
        and progress.short() == "4 of 4 sessions (met); met 2 weeks in a row"
    )


def test_a_minutes_goal_and_no_history() -> None:
    progress = goal_progress(WeeklyGoal("minutes", 60), weeks((3, 59.5), (1, 61)), TODAY)
    assert (progress.weeks_met, progress.line()) == (
        1,
        "This week: 59 of 60 min; met 1 week in a row",
    )
    empty = goal_progress(WeeklyGoal("minutes", 60), {}, TODAY)
    assert empty.line() == "This week: 0 of 60 min"


def test_g_steps_through_the_choices_then_off() -> None:
    seen = []
    goal: WeeklyGoal | None = WeeklyGoal(*GOAL_CHOICES[0])
    while goal is not None:
        seen.append(goal.describe())
        goal = goal.next_choice()
    assert seen == ["3 sessions", "4 sessions", "5 sessions", "7 sessions", "30 min", "60 min"]
    assert WeeklyGoal("sessions", 9).next_choice() == WeeklyGoal("sessions", 3)
