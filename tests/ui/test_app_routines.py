"""Pilot tests for the open-ended modes: the between-sets wait and the mid-run resets."""

from __future__ import annotations

from fractions import Fraction

import pytest

from breathe.core.catalogue import Catalogue
from breathe.core.plan import plan_session
from breathe.ui.screens.summary import SummaryScreen
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import Recorder, at, make_app, session, text, word

pytestmark = pytest.mark.app


async def test_between_sets_waits_for_space_and_counts_sets(safety_seen: None) -> None:
    clock = FakeClock()
    recorder = Recorder()
    plan = plan_session(Catalogue(), "between-sets", lead_in=Fraction(0))
    app = make_app(plan, clock, recorder)
    round_seconds = 5 * 13  # wall-sit, 4-0-7-2, five breaths
    async with app.run_test(size=(100, 30)) as pilot:
        await at(app, clock, pilot, 1)
        assert word(app) == "INHALE"
        assert "1 set done" in text(app, "#session-stats")  # started after the first set
        await at(app, clock, pilot, round_seconds + 0.5)
        assert word(app) == "SET 1 DONE"
        assert text(app, "#phase-detail").startswith("resting 00:00  ·  press space after")
        await at(app, clock, pilot, round_seconds + 95.5)  # resting, then the next set
        assert word(app) == "SET 1 DONE"
        assert "resting 01:35" in text(app, "#phase-detail")
        assert session(app).run.clock.elapsed() == round_seconds  # the wait is not breathing
        await pilot.press("space")
        await pilot.pause()
        await at(app, clock, pilot, round_seconds + 95.5 + 1)
        assert word(app) == "INHALE"
        assert "2 sets done" in text(app, "#session-stats")
        await at(app, clock, pilot, 2 * round_seconds + 100)
        assert word(app) == "SET 2 DONE"
        await pilot.press("q")  # no "end early?" question: this is how the mode ends
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        facts = text(app, "#summary-facts")
        assert "Sets     2" in facts
        assert "Breaths  10" in facts
        assert "completed" in facts
    assert [(r.status, r.breaths, r.rounds) for r in recorder.results] == [("completed", 10, 2)]


async def test_mid_run_shows_the_time_to_the_next_reset(safety_seen: None) -> None:
    clock = FakeClock()
    plan = plan_session(Catalogue(), "mid-run", lead_in=Fraction(0), every_minutes=Fraction(2))
    app = make_app(plan, clock, Recorder())
    async with app.run_test(size=(100, 30)) as pilot:
        await at(app, clock, pilot, 1)
        assert word(app) == "INHALE"
        await at(app, clock, pilot, 30)
        assert word(app) == "EYES UP"
        assert text(app, "#phase-detail").startswith("next reset in 01:30")
        await at(app, clock, pilot, 120.5)
        assert word(app) == "INHALE"
        assert "2 resets" in text(app, "#session-stats")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "completed" in text(app, "#summary-facts")
