"""Plain mode, its sound captured: the first cue on the beat with and without a count-in,
and the set-done sound when a set of between-sets ends, Enter for the next (plain mode's
pause is Ctrl-Z: tests/cli/test_plain_ctrl_z.py). See runner.py for how the capture is timed."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from functools import partial

import pytest

from breathe.audio.cues import Cue
from tests.e2e.runner import SCATTER, check_first_cue, check_heard_after, tick_onsets, timeline
from tests.e2e.scenarios import Played, between_sets, plain_routine, plain_session, side_by_side
from tests.helpers.alsa import needs_alsa

pytestmark = [pytest.mark.device, needs_alsa]

WAIT = 120


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[Played]]]:
    yield from side_by_side(
        {
            "session": partial(plain_session, lead_in=0),
            "session-lead-in": partial(plain_session, lead_in=2),
            "session-guide": partial(plain_session, lead_in=0, guide=True),
            "count-in-guide": partial(plain_session, lead_in=3, guide=True),
            "routine": plain_routine,
            "between-sets": partial(between_sets, app=False),
        },
        tmp_path_factory,
    )


@pytest.mark.parametrize("name", ["session", "session-lead-in", "session-guide"])
def test_the_first_cue_sounds_on_the_first_inhale(
    runs: dict[str, Future[Played]], name: str
) -> None:
    played = runs[name].result(WAIT)
    check_first_cue(played.run)
    assert played.status == 0, played.run.tail()
    assert played.run.text.splitlines()[-1] == "completed: Wall breathing, 3 breaths, 00:12"
    rows = played.run.history()
    assert [(r["exercise"], r["status"], r["breaths"]) for r in rows] == [("wall", "completed", 3)]


def test_a_3_second_count_in_ticks_3_2_1(runs: dict[str, Future[Played]]) -> None:
    """All three ticks, the first at the clock's start: the device asks for its first sound
    a little after that instant, and the "3" was lost there once."""
    played = runs["count-in-guide"].result(WAIT)
    assert played.status == 0, played.run.tail()
    line = timeline(played.run)
    lead = next(s for s in played.run.segments() if s["kind"] == "lead-in")
    due = [lead["scheduled"] + k + line.reference for k in range(3)]  # stream seconds
    heard = tick_onsets(played.run.captured, due[0] - 0.5, due[-1] + 0.5)
    assert len(heard) == 3 and all(
        -SCATTER <= h - d <= 0.1 for h, d in zip(heard, due, strict=True)
    ), f"count-in ticks due at {[round(d, 3) for d in due]} s, heard at {heard} s"


def test_a_routines_next_exercise_is_heard_as_a_change_of_position(
    runs: dict[str, Future[Played]],
) -> None:
    """Eyes closed, the move from wall breathing to goal-post arms is its own sound (not the
    set-done notes of a rest between sets), at the start of the "get into position" time."""
    played = runs["routine"].result(WAIT)
    assert played.status == 0, played.run.tail()
    line = timeline(played.run)
    (move,) = [s for s in played.run.segments() if s["kind"] == "transition"]
    check_heard_after(played.run, line, Cue.NEXT_STEP, move["scheduled"], "the next exercise")
    assert played.run.find(Cue.SET_DONE) == []
    rows = played.run.history()
    assert [(r["routine"], r["status"]) for r in rows] == [("pre-run", "completed")]


def test_a_set_ending_sounds_set_done_and_enter_starts_the_next(
    runs: dict[str, Future[Played]],
) -> None:
    played = runs["between-sets"].result(WAIT)
    line = timeline(played.run)
    check_heard_after(played.run, line, Cue.SET_DONE, played.moments["set_end"], "the set's end")
    assert played.status == 0, played.run.tail()
    assert "Set 1 done" in played.run.text
    rows = played.run.history()
    assert [(r["routine"], r["status"]) for r in rows] == [("between-sets", "completed")]
