"""The progression rules: ladders, and the next step from generated histories."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breathe.core.catalogue import EXERCISES, Catalogue
from breathe.core.progression import (
    BUILT_IN_STEPS,
    MAX_HOLD_SECONDS,
    Ladder,
    LadderError,
    Outcome,
    advise,
    build_ladder,
    ladder_for,
    progressed,
)

CATALOGUE = Catalogue()


def ladder(id: str) -> Ladder:
    found = ladder_for(CATALOGUE, id)
    assert found is not None
    return found


def at(lad: Ladder, rung: int, status: str = "completed", felt: str | None = "right") -> Outcome:
    pattern, planned = lad.rungs[rung].key
    return Outcome(status, felt, pattern, planned)


def test_every_built_in_exercise_has_a_ladder_starting_at_its_own_dose() -> None:
    assert set(BUILT_IN_STEPS) == {e.id for e in EXERCISES}
    for exercise in EXERCISES:
        lad = ladder(exercise.id)
        start = lad.rungs[lad.start]
        assert (start.pattern, start.dose) == (exercise.pattern, exercise.dose)
        for rung in lad.rungs:
            holds = [s for (kind, s) in _parts(rung.pattern.text) if kind == "hold"]
            assert all(h <= max(MAX_HOLD_SECONDS, _own_hold(exercise.id)) for h in holds)


def _parts(text: str) -> list[tuple[str, Fraction]]:
    names = ("inhale", "hold", "exhale", "rest")
    return [
        (n, Fraction(p))
        for n, part in zip(names, text.split("-"), strict=True)
        for p in part.split("+")
    ]


def _own_hold(id: str) -> Fraction:
    exercise = CATALOGUE.exercise(id)
    assert exercise is not None
    return max(exercise.pattern.groups[1])


def test_hooklying_climbs_its_exhale_8_9_10_12() -> None:
    lad = ladder("hooklying")
    assert [r.pattern.text for r in lad.rungs] == [
        "4-0-7-2",
        "4-0-8-2",
        "4-0-9-2",
        "4-0-10-2",
        "4-0-12-2",
    ]
    assert lad.start == 1


def test_resonance_climbs_minutes_and_box_grows_its_hold_last() -> None:
    assert [r.dose.describe() for r in ladder("resonance").rungs] == ["5 min", "10 min", "15 min"]
    box = ladder("box")
    assert [r.key for r in box.rungs] == [
        ("4-4-4-4", "3 min"),
        ("4-4-4-4", "5 min"),
        ("4-4-4-4", "7 min"),
        ("4-4-4-4", "10 min"),
        ("4-5-4-4", "10 min"),
    ]
    assert box.describe(4) == "5 s" and box.describe(3) == "10 min"


def test_no_history_starts_at_the_exercises_own_dose() -> None:
    advice = advise(ladder("hooklying"), [])
    assert (advice.rung, advice.move, advice.reason) == (1, "start", "the starting step")


def test_three_comfortable_sessions_step_up_with_the_reason() -> None:
    lad = ladder("hooklying")
    history = [at(lad, 1, felt="right"), at(lad, 1, felt="easy"), at(lad, 1, felt="right")]
    advice = advise(lad, history)
    assert (advice.rung, advice.move) == (2, "up")
    assert advice.reason == "up from 8 s after 3 comfortable sessions"
    assert lad.rungs[advice.rung].pattern.cadence == "4 · 0 · 9 · 2"


def test_two_comfortable_or_an_unrated_one_do_not_step_up() -> None:
    lad = ladder("hooklying")
    assert advise(lad, [at(lad, 1), at(lad, 1)]).reason == "2 of 3 comfortable sessions at 8 s"
    unrated = [at(lad, 1), at(lad, 1, felt=None), at(lad, 1), at(lad, 1)]
    assert advise(lad, unrated).rung == 1


def test_one_too_hard_steps_back() -> None:
    lad = ladder("hooklying")
    advice = advise(lad, [at(lad, 2), at(lad, 2, felt="hard")])
    assert (advice.rung, advice.move) == (1, "back")
    assert advice.reason == "back from 9 s after a session that felt too hard"


def test_two_ended_early_in_a_row_step_back_one_does_not() -> None:
    lad = ladder("hooklying")
    early = at(lad, 2, status="ended_early", felt=None)
    assert advise(lad, [at(lad, 2), early]).rung == 2
    advice = advise(lad, [early, early])
    assert (advice.rung, advice.reason) == (1, "back from 9 s after 2 sessions ended early")
    # The next session at the lower rung ending early is one, not two: no second step back.
    assert advise(lad, [early, early, at(lad, 1, status="ended_early", felt=None)]).rung == 1


def test_sessions_ended_before_their_first_breath_do_not_count() -> None:
    """Ctrl-C in the count-in: ended early with 0 breaths says nothing of the step; it
    neither steps back nor breaks a run of comfortable sessions."""
    from dataclasses import replace

    lad = ladder("wall")
    start = lad.start
    unstarted = replace(at(lad, start, status="ended_early", felt=None), breaths=0)
    assert advise(lad, [unstarted, unstarted]).move == "start"
    one_breath = replace(unstarted, breaths=1)
    assert advise(lad, [one_breath, one_breath]).rung == start - 1
    comfortable = [at(lad, start), unstarted, at(lad, start), unstarted, at(lad, start)]
    assert advise(lad, comfortable).rung == start + 1
    assert advise(lad, [unstarted, replace(unstarted, status="interrupted")]).move == "start"


def test_the_ceiling_and_the_floor_hold() -> None:
    lad = ladder("resonance")
    top = advise(lad, [at(lad, 2)] * 5)
    assert (top.rung, top.reason) == (2, "the top of its ladder (15 min): it goes no further")
    assert advise(lad, [at(lad, 0, felt="hard")]).rung == 0


def test_sessions_off_the_ladder_do_not_count_and_hold_keeps_the_rung() -> None:
    lad = ladder("hooklying")
    off = Outcome("completed", "hard", "4-7-8-0", "5 min")  # an explicit --pattern
    assert advise(lad, [at(lad, 1)] * 3 + [off]).rung == 2
    held = advise(lad, [at(lad, 1)] * 3, held=True)
    assert (held.rung, held.move, held.reason) == (1, "held", "held at 8 s")


def test_progressed_exercise_has_the_rungs_pattern_and_dose() -> None:
    lad = ladder("wall")
    exercise = CATALOGUE.exercise("wall")
    assert exercise is not None
    advice = advise(lad, [at(lad, 1)] * 3)
    assert progressed(exercise, lad, advice).pattern.text == "3-0-7-3"
    assert progressed(exercise, lad, advice).dose == exercise.dose


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ((("exhale", (8, 8, 9)),), "must go up at every step"),
        ((("exhale", (10, 9)),), "must go up at every step"),
        ((("exhale", (8,)),), "at least two values"),
        ((("exhale", (8, 200)),), "120 s limit"),
        ((("exhale", (9, 10)),), "must include the exercise's own 8 s"),
        ((("hold", (0.5, 1)), ("exhale", (8, 9))), "holds grow last"),
        ((("minutes", (5, 7)), ("hold", (1, 9))), "holds stay gentle"),
        ((("breaths", (1, 2)),), "must include the exercise's own breaths"),
    ],
)
def test_bad_ladders_say_why(steps: object, message: str) -> None:
    exercise = CATALOGUE.exercise("hooklying")
    assert exercise is not None
    with pytest.raises(LadderError, match=message):
        build_ladder(exercise, steps)  # type: ignore[arg-type]


# --- properties on generated histories -----------------------------------------------------

LADDER_IDS = sorted(BUILT_IN_STEPS)
STATUSES = st.sampled_from(["completed", "completed", "ended_early", "interrupted", "running"])
FELT = st.sampled_from([None, "easy", "right", "hard"])


@st.composite
def histories(draw: st.DrawFn) -> tuple[Ladder, list[Outcome]]:
    lad = ladder(draw(st.sampled_from(LADDER_IDS)))
    rungs = st.integers(0, lad.top)
    off = st.builds(
        Outcome, STATUSES, FELT, st.sampled_from(["4-7-8-0", "1-0-1-0"]), st.just("9 min")
    )
    on = st.builds(lambda r, s, f: at(lad, r, s, f), rungs, STATUSES, FELT)
    return lad, draw(st.lists(st.one_of(on, on, off), max_size=40))


@settings(max_examples=100, deadline=None)
@given(histories())
def test_never_more_than_one_rung_and_never_past_the_ends(
    case: tuple[Ladder, list[Outcome]],
) -> None:
    lad, history = case
    advice = advise(lad, history)
    assert 0 <= advice.rung <= lad.top
    if advice.previous is not None:
        assert abs(advice.rung - advice.previous) <= 1
    assert advise(lad, history, held=True).rung == (
        advice.previous if advice.previous is not None else lad.start
    )


@settings(max_examples=100, deadline=None)
@given(histories(), st.booleans())
def test_a_too_hard_session_steps_back_unless_at_the_floor(
    case: tuple[Ladder, list[Outcome]], early: bool
) -> None:
    lad, history = case
    rung = min(lad.top, 1 + len(history) % lad.top)
    hard = at(lad, rung, "ended_early" if early else "completed", "hard")
    assert advise(lad, [*history, hard]).rung == rung - 1


@settings(max_examples=80, deadline=None)
@given(histories())
def test_following_the_advice_climbs_one_rung_at_a_time_to_the_ceiling(
    case: tuple[Ladder, list[Outcome]],
) -> None:
    lad, history = case
    seen = [advise(lad, history).rung]
    for _ in range(3 * (lad.top + 2)):
        history.append(at(lad, seen[-1], "completed", "right"))
        seen.append(advise(lad, history).rung)
    assert all(b - a in (0, 1) for a, b in itertools.pairwise(seen))
    assert seen[-1] == lad.top


def test_hold_keeps_the_rung_that_was_shown() -> None:
    lad = ladder("hooklying")
    shown = advise(lad, [at(lad, 1)] * 3)  # up next: rung 2
    held = advise(lad, [at(lad, 1)] * 3, held=True, held_at=shown.rung)
    assert (held.rung, held.move, held.reason) == (2, "held", "held at 9 s")
    # Still there after sessions at it, however they felt; unknown rungs keep the old rule.
    assert advise(lad, [at(lad, 2, felt="hard")], held=True, held_at=2).rung == 2
    assert advise(lad, [at(lad, 1)] * 3, held=True, held_at=99).rung == 1
