"""The real app in a pseudo-terminal, its sound captured: pause, resume, set done, the first
cue on the beat, and the session saved (see runner.py for how the capture is timed)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from functools import partial

import pytest

from breathe.audio.cues import Cue
from tests.e2e.runner import check_first_cue, check_heard_after, timeline
from tests.e2e.scenarios import (
    Played,
    app_end_early,
    app_pause_resume,
    between_sets,
    side_by_side,
)
from tests.helpers.alsa import needs_alsa

pytestmark = [pytest.mark.device, needs_alsa]

WAIT = 120  # seconds a test waits for its run (each has its own 60 s deadline)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[Played]]]:
    yield from side_by_side(
        {
            "pause": partial(app_pause_resume, lead_in=0),
            "pause-lead-in": partial(app_pause_resume, lead_in=2),
            "pause-guide": partial(app_pause_resume, lead_in=0, guide=True),
            "between-sets": partial(between_sets, app=True),
            "end-early": app_end_early,
        },
        tmp_path_factory,
    )


@pytest.mark.parametrize("name", ["pause", "pause-lead-in", "pause-guide"])
def test_the_first_cue_sounds_on_the_first_inhale(
    runs: dict[str, Future[Played]], name: str
) -> None:
    check_first_cue(runs[name].result(WAIT).run)


@pytest.mark.parametrize("name", ["pause", "pause-lead-in", "pause-guide"])
def test_space_pauses_and_resumes_with_their_sounds(
    runs: dict[str, Future[Played]], name: str
) -> None:
    played = runs[name].result(WAIT)
    line = timeline(played.run)
    paused = check_heard_after(
        played.run, line, Cue.PAUSE, played.moments["pause"], "space (pause)"
    )
    resumed = check_heard_after(
        played.run, line, Cue.RESUME, played.moments["resume"], "space again (resume)"
    )
    assert paused < resumed


@pytest.mark.parametrize("name", ["pause", "pause-lead-in", "pause-guide"])
def test_the_session_completes_and_is_saved(runs: dict[str, Future[Played]], name: str) -> None:
    played = runs[name].result(WAIT)
    assert played.status == 0, played.run.tail()
    rows = played.run.history()
    assert [(r["exercise"], r["status"], r["breaths"]) for r in rows] == [("wall", "completed", 3)]
    assert 0.5 <= rows[0]["paused_s"] <= 3, rows[0]


def test_a_set_ending_sounds_set_done_and_space_starts_the_next(
    runs: dict[str, Future[Played]],
) -> None:
    played = runs["between-sets"].result(WAIT)
    line = timeline(played.run)
    check_heard_after(played.run, line, Cue.SET_DONE, played.moments["set_end"], "the set's end")
    assert played.status == 0, played.run.tail()
    rows = played.run.history()
    assert [(r["routine"], r["status"]) for r in rows] == [("between-sets", "completed")]
    assert rows[0]["breaths"] >= 1


def test_ending_early_pauses_then_sounds_the_closing_notes(
    runs: dict[str, Future[Played]],
) -> None:
    """Eyes closed, q is heard as the pause, and y (ended) as the closing notes."""
    played = runs["end-early"].result(WAIT)
    line = timeline(played.run)
    asked = check_heard_after(
        played.run, line, Cue.PAUSE, played.moments["asked"], "q (end this session?)"
    )
    ended = check_heard_after(
        played.run, line, Cue.SESSION_DONE, played.moments["ended"], "y (end it early)"
    )
    assert asked < ended
    assert played.status == 0, played.run.tail()
    rows = played.run.history()
    assert [(r["exercise"], r["status"]) for r in rows] == [("wall", "ended_early")]
