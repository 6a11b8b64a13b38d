"""What the home screen asks of the world outside, as one typed port.

The screen draws `core.home.HomeState` and says what the user wants through `HomePort`; it
writes no files. `ServicesHomePort` is the app's port: starting goes to the app, the rest to
its `Services` (the command line's real ones keep all of it in the config, state and history).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from breathe.core.catalogue import Catalogue
    from breathe.core.goal import GoalProgress, WeeklyGoal
    from breathe.core.plan import SessionPlan
    from breathe.core.progression import NextDose
    from breathe.ui.services import Services


class HomePort(Protocol):
    """Each method may raise (a file that cannot be written): the screen says so and goes on."""

    def start(self, plan: SessionPlan) -> None: ...

    def remember_exhale(self, exercise_id: str, style: str) -> None:
        """`e` on an exercise that allows either: its style for the next runs too."""
        ...

    def next_doses(self, catalogue: Catalogue) -> Sequence[NextDose]:
        """Each exercise's next step from the history; empty when progression is off."""
        ...

    def hold_progress(
        self, exercise_id: str, held: bool, at: tuple[str, str] | None = None
    ) -> None: ...

    def reset_progress(self, exercise_id: str) -> None: ...

    def goal_progress(self) -> GoalProgress | None: ...

    def next_reminder(self) -> str | None: ...

    def set_weekly_goal(self, goal: WeeklyGoal | None) -> None: ...

    def kept_routines(self) -> Mapping[str, object]: ...

    def keep_routine(self, routine_id: str, data: Mapping[str, object] | None) -> None: ...


class ServicesHomePort:
    """The app's port: `start` is the app's way in (safety text, tension question)."""

    def __init__(self, services: Services, start: Callable[[SessionPlan], None]) -> None:
        self._services = services
        self._start = start

    def start(self, plan: SessionPlan) -> None:
        self._start(plan)

    def remember_exhale(self, exercise_id: str, style: str) -> None:
        self._services.remember_exhale(exercise_id, style)

    def next_doses(self, catalogue: Catalogue) -> Sequence[NextDose]:
        return self._services.next_doses(catalogue)

    def hold_progress(
        self, exercise_id: str, held: bool, at: tuple[str, str] | None = None
    ) -> None:
        self._services.hold_progress(exercise_id, held, at)

    def reset_progress(self, exercise_id: str) -> None:
        self._services.reset_progress(exercise_id)

    def goal_progress(self) -> GoalProgress | None:
        return self._services.goal_progress()

    def next_reminder(self) -> str | None:
        return self._services.next_reminder()

    def set_weekly_goal(self, goal: WeeklyGoal | None) -> None:
        self._services.set_weekly_goal(goal)

    def kept_routines(self) -> Mapping[str, object]:
        return self._services.kept_routines()

    def keep_routine(self, routine_id: str, data: Mapping[str, object] | None) -> None:
        self._services.keep_routine(routine_id, data)
