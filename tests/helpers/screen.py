"""One session that passes through every phase the screen draws, on a fake clock.

"Sigh and hold" (2+0.5-2-3-2, one breath a set, between strength sets): inhale, the top-up,
hold, exhale, rest, then "SET 1 DONE" waiting for the next set. Paused is the inhale, paused.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from textual.pilot import Pilot

from breathe.core.catalogue import Catalogue, Exercise, Routine, RoutineStep
from breathe.core.engine import Dose, ExhaleStyle, Pattern
from breathe.core.plan import plan_session
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
from tests.helpers.clock import FakeClock
from tests.helpers.services import FakeServices

# Seconds into the session for each phase, and whether to pause there.
PHASES: dict[str, tuple[float, bool]] = {
    "inhale": (1.0, False),
    "top-up": (2.25, False),
    "hold": (3.5, False),
    "exhale": (5.5, False),
    "rest": (8.5, False),
    "paused": (1.0, True),
    "set-rest": (10.0, False),
}

EVERY_PHASE = Exercise(
    id="sigh-hold",
    name="Sigh and hold",
    cue="Two inhales through the nose, a soft hold, a slow exhale through the mouth.",
    pattern=Pattern.parse("2+0.5-2-3-2"),
    dose=Dose(breaths=1),
    exhale=ExhaleStyle.HA,
)
EVERY_PHASE_SETS = Routine(
    "sigh-hold-sets", "Sigh and hold", (RoutineStep("sigh-hold"),), mode="between-sets"
)


def every_phase_app(clock: FakeClock, theme: str | None = None) -> BreatheApp:
    catalogue = Catalogue().extended([EVERY_PHASE], [EVERY_PHASE_SETS])
    plan = plan_session(catalogue, "sigh-hold-sets", lead_in=Fraction(0))
    return BreatheApp(
        plan, catalogue=catalogue, get_time=clock, theme=theme, services=FakeServices()
    )


def at_phase(clock: FakeClock, phase: str) -> Callable[[Pilot[Any]], Any]:
    """Before the shot: move the clock into `phase` and draw that frame."""
    seconds, pause = PHASES[phase]

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.at(seconds)
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        if pause:
            screen.action_toggle_pause()
        screen.tick()
        await pilot.pause()

    return run_before
