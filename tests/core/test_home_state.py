"""The home screen's rules without Textual: adjusting and clamping, keeping a routine's
adjustments, the progression merge and the plan each row starts."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest

from breathe.core.catalogue import Catalogue
from breathe.core.engine import MAX_BREATHS, MAX_SETS, Dose, ExhaleStyle, ScheduleError
from breathe.core.goal import GOAL_CHOICES, WeeklyGoal
from breathe.core.home import HomeState, Knob, next_weekly_goal
from breathe.core.home_choices import MAX_EVERY_MINUTES, MAX_MINUTES
from breathe.core.plan import MAX_BETWEEN_SETS_ROUNDS, plan_session
from breathe.core.progression import NextDose, Outcome, ladder_for, next_dose

CATALOGUE = Catalogue()


def press(state: HomeState, id: str, knob: Knob, step: int, times: int = 1) -> None:
    for _ in range(times):
        new = state.adjusted(id, knob, step)
        assert new is not None
        state.take(id, new)


def dose(state: HomeState, id: str) -> Dose:
    chosen = state.choices[id].dose
    assert chosen is not None
    return chosen


def stepped_up(id: str) -> NextDose:
    """The exercise one rung up its ladder, after three comfortable sessions at the first."""
    ladder = ladder_for(CATALOGUE, id)
    exercise = CATALOGUE.exercise(id)
    assert ladder is not None and exercise is not None
    pattern, planned = ladder.rungs[0].key
    return next_dose(exercise, ladder, [Outcome("completed", "right", pattern, planned)] * 3)


def test_each_row_plans_its_item_at_the_catalogue_default() -> None:
    state = HomeState(CATALOGUE)
    for exercise in CATALOGUE.exercises:
        assert state.plan_for(exercise.id).planned == plan_session(CATALOGUE, exercise.id).planned
    for routine in CATALOGUE.routines:
        assert state.plan_for(routine.id).planned == plan_session(CATALOGUE, routine.id).planned


def test_plus_and_sets_change_an_exercise_and_its_plan() -> None:
    state = HomeState(CATALOGUE)
    press(state, "wall", "amount", 1)
    press(state, "wall", "sets", -1)
    assert (dose(state, "wall").breaths, dose(state, "wall").sets) == (5, 2)
    assert state.plan_for("wall").planned == "5 breaths x 2"
    assert state.defaults["wall"].dose == Dose(breaths=4, sets=3, rest_seconds=Fraction(15))


def test_adjustments_clamp_at_both_ends() -> None:
    state = HomeState(CATALOGUE)
    press(state, "4-7-8", "amount", -1, times=10)
    assert dose(state, "4-7-8").breaths == 1
    press(state, "box", "amount", -1, times=10)  # minutes: never below one
    assert dose(state, "box").minutes == 1
    press(state, "wall", "sets", -1, times=5)
    assert dose(state, "wall").sets == 1
    big = state.adjusted("4-7-8", "amount", 5000)
    assert big is not None and big.dose is not None and big.dose.breaths == MAX_BREATHS
    sets = state.adjusted("wall", "sets", 5000)
    assert sets is not None and sets.dose is not None and sets.dose.sets == MAX_SETS
    minutes = state.adjusted("box", "amount", 10_000)
    assert minutes is not None and minutes.dose is not None
    assert minutes.dose.minutes == MAX_MINUTES


def test_routine_knobs_clamp_rounds_and_minutes_between_resets() -> None:
    state = HomeState(CATALOGUE)
    press(state, "between-sets", "sets", 1)
    assert state.choices["between-sets"].rounds == 5  # the first press: a usual number
    press(state, "between-sets", "sets", -1, times=10)
    assert state.choices["between-sets"].rounds == 1
    high = state.adjusted("between-sets", "sets", 1000)
    assert high is not None and high.rounds == MAX_BETWEEN_SETS_ROUNDS
    press(state, "mid-run", "sets", -1, times=10)
    assert state.choices["mid-run"].every == 1
    high = state.adjusted("mid-run", "sets", 1000)
    assert high is not None and high.every == Fraction(MAX_EVERY_MINUTES)
    press(state, "mid-run", "amount", 1)
    assert state.choices["mid-run"].steps[0].breaths == 4  # run-reset: 3 breaths, one more
    assert len(state.plan_for("between-sets").schedule.blocks) == 1


def test_a_sequence_is_adjusted_in_the_step_dialog_not_by_a_key() -> None:
    state = HomeState(CATALOGUE)
    assert state.needs_step_dialog("pre-run")
    assert state.adjusted("pre-run", "amount", 1) is None
    assert not state.needs_step_dialog("between-sets") and not state.needs_step_dialog("wall")


def test_a_choice_that_cannot_run_is_refused_and_the_old_one_kept() -> None:
    state = HomeState(CATALOGUE)
    before = state.choices["between-sets"]
    with pytest.raises(ScheduleError, match="rounds must be 1 to 30"):
        state.take("between-sets", replace(before, rounds=0))
    assert state.choices["between-sets"] == before


def test_hum_ha_is_remembered_only_for_an_exercise_that_allows_either() -> None:
    state = HomeState(CATALOGUE)
    assert state.switch_exhale("box") is ExhaleStyle.HA  # box allows either
    assert state.choices["box"].exhale is ExhaleStyle.HA
    assert state.plan_for("box").schedule.blocks[0].exhale is ExhaleStyle.HA
    assert state.switch_exhale("wall") is None  # for this run only
    assert state.choices["wall"].exhale is ExhaleStyle.HUM


def test_keeping_a_routine_and_forgetting_it_back_at_its_default() -> None:
    state = HomeState(CATALOGUE)
    assert state.keep_data("between-sets") is None
    state.switch_exhale("between-sets")
    assert state.keep_data("between-sets") is None  # the exhale style is not kept
    press(state, "between-sets", "amount", 1)
    press(state, "between-sets", "sets", 1)
    kept = state.keep_data("between-sets")
    assert kept is not None
    again = HomeState(CATALOGUE, {"between-sets": kept})
    plan = again.plan_for("between-sets")
    assert plan.planned.startswith("6 breaths") and len(plan.schedule.blocks) == 5
    again.choices["between-sets"] = again.defaults["between-sets"]
    assert again.keep_data("between-sets") is None


def test_unreadable_or_foreign_kept_data_keeps_the_defaults() -> None:
    state = HomeState(CATALOGUE, {"between-sets": {"steps": "nonsense"}, "wall": {}, "x": 1})
    assert state.choices == state.defaults


def test_progression_moves_untouched_exercises_and_leaves_adjusted_ones() -> None:
    state = HomeState(CATALOGUE)
    press(state, "4-7-8", "amount", 2)  # the user's own dose for this run
    wall, four = stepped_up("wall"), stepped_up("4-7-8")
    state.merge_progress([wall, four])
    assert set(state.next) == {"wall", "4-7-8"}
    assert state.catalogue.exercise("wall") == wall.exercise
    assert state.base_catalogue is CATALOGUE
    assert state.plan_for("wall").schedule.blocks[0].pattern == wall.exercise.pattern
    assert state.defaults["4-7-8"].dose == four.exercise.dose
    assert dose(state, "4-7-8").breaths == 6
    assert state.hold_switch("wall") is True and state.hold_switch("box") is None


def test_the_weekly_goal_steps_through_the_choices_then_none() -> None:
    goal = next_weekly_goal(None)
    assert goal == WeeklyGoal(*GOAL_CHOICES[0])
    seen: list[WeeklyGoal | None] = [goal]
    while goal is not None:
        goal = next_weekly_goal(goal)
        seen.append(goal)
    assert seen[-1] is None and len(seen) == len(GOAL_CHOICES) + 1
