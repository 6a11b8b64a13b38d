"""The mid-run routine: its cue in metres and feet, and its clock counting the reset breaths
only, never the minutes of running with the eyes up between them."""

from __future__ import annotations

from fractions import Fraction

import pytest

from breathe.core.catalogue import Catalogue
from breathe.core.plan import plan_session

RESET = 3 * Fraction(15, 2)  # three breaths of 2+0.5-0-5-0


def test_the_cue_gives_metres_and_feet() -> None:
    cue = Catalogue().exercise("run-reset")
    assert cue is not None
    assert "5-6 m" in cue.cue and "15-20 ft" in cue.cue


def test_the_minutes_between_resets_are_not_breathing_time() -> None:
    plan = plan_session(Catalogue(), "mid-run", every_minutes=Fraction(1), lead_in=3)
    schedule = plan.schedule
    assert schedule.breathing_time(3) == 0  # the count-in
    assert schedule.breathing_time(3 + float(RESET)) == pytest.approx(22.5)
    # Eyes up for the rest of the minute: the clock stands still.
    assert schedule.breathing_time(50) == pytest.approx(22.5)
    assert schedule.breathing_time(63) == pytest.approx(22.5)
    assert schedule.breathing_time(63 + 10) == pytest.approx(32.5)  # the second reset
    assert schedule.breathing_time(3 + 2 * 60 + 1) == pytest.approx(46)
    resets = len(schedule.blocks)
    assert schedule.breathing_seconds == pytest.approx(resets * 22.5)


def test_a_sequence_routine_keeps_counting_its_step_change() -> None:
    plan = plan_session(Catalogue(), "pre-run", lead_in=3)
    assert plan.schedule.breathing_seconds == plan.schedule.total - 3
