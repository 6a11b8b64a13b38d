"""Command palette entries: every exercise and routine, started as Enter on the home screen
starts it (the safety text, the tension question, the step it is at), and the home screen's
other doors: History, Help and the weekly goal.

One way to start: the palette describes and starts what the home screen would, so the
cadence in a command's help is the cadence that runs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from breathe.core.catalogue import Catalogue, Exercise, Routine
from breathe.core.engine import ScheduleError
from breathe.core.home import HomeState
from breathe.core.plan import plan_session


class StartsSessions(Protocol):
    """What the palette needs of its app (the app imports the palette, not the other way)."""

    catalogue: Catalogue

    @property
    def session_active(self) -> bool: ...

    def home_state(self) -> HomeState | None:
        """The home screen's state (each exercise at its next step), None before it exists."""
        ...

    def start_id(self, id: str) -> None: ...

    def action_history(self) -> None: ...

    def show_home_help(self) -> None: ...

    def next_weekly_goal(self) -> None: ...


Entry = tuple[str, str, Callable[[], None], str]  # text, what else matches, action, help


def start_help(item: Exercise | Routine, length: str | None) -> str:
    """`exercise: 3 · 0 · 7 · 3, 5 min, why`: the cadence and length that will run."""
    kind = "exercise" if isinstance(item, Exercise) else "routine"
    parts = [item.pattern.cadence] if isinstance(item, Exercise) else []
    if length:
        parts.append(length)
    parts.append(item.why)
    return f"{kind}: {', '.join(parts)}"


def _length(state: HomeState | None, catalogue: Catalogue, id: str) -> str | None:
    try:
        plan = state.plan_for(id) if state is not None else plan_session(catalogue, id)
    except ScheduleError:
        return None
    return plan.length_text


class ExerciseCommands(Provider):
    """`Start: Wall breathing` for each item, then History, Help and Weekly goal (not
    during a session: those are the home screen's)."""

    def _entries(self) -> list[Entry]:
        app = cast(StartsSessions, self.app)
        state = app.home_state()
        catalogue = state.catalogue if state is not None else app.catalogue
        out: list[Entry] = []
        items: list[Exercise | Routine] = [*catalogue.exercises, *catalogue.routines]
        for item in items:
            help = start_help(item, _length(state, catalogue, item.id))
            out.append((f"Start: {item.name}", item.id, partial(app.start_id, item.id), help))
        if app.session_active:  # the session's own keys are in its footer and its `?`
            return out
        out.append(("History", "h", app.action_history, "the sessions so far, by day (h)"))
        out.append(("Help", "?", app.show_home_help, "every key, and the safety text (?)"))
        if state is not None:
            goal = "the next weekly goal: sessions, minutes, none (g)"
            out.append(("Weekly goal", "g", app.next_weekly_goal, goal))
        return out

    async def discover(self) -> Hits:
        for text, _, action, help in self._entries():
            yield DiscoveryHit(text, action, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, other, action, help in self._entries():
            score = max(matcher.match(text), matcher.match(other))
            if score > 0:
                yield Hit(score, matcher.highlight(text), action, help=help)
