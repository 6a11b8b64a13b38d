"""A finished session in words, one wording for plain mode's last line and the summary card."""

from __future__ import annotations

from dataclasses import dataclass

from breathe.core.catalogue import RoutineMode
from breathe.core.session import SessionResult
from breathe.core.text import format_clock, plural, status_text


@dataclass(frozen=True)
class SessionSummary:
    """The facts of a finished session in words; plain mode prints them on one line, the
    summary screen one per row."""

    name: str
    status: str  # completed, ended early, interrupted
    done: int  # breaths done
    planned: int | None  # breaths planned; None for sessions that last until the user stops
    time: str  # active time
    sets: int | None  # strength sets done, between-sets mode only
    pause: str  # `paused 00:05` or `rested 01:10`; "" under a second

    @classmethod
    def of(cls, result: SessionResult) -> SessionSummary:
        plan = result.plan
        between_sets = plan.mode == RoutineMode.BETWEEN_SETS
        pause = ""
        if result.paused_seconds >= 1:
            word = "rested" if between_sets else "paused"
            pause = f"{word} {format_clock(result.paused_seconds)}"
        return cls(
            name=plan.name,
            status=status_text(result.status),
            done=result.breaths,
            planned=None if plan.open_ended else plan.schedule.total_breaths,
            time=format_clock(result.breathing_seconds),
            sets=result.rounds if between_sets else None,
            pause=pause,
        )

    def line(self) -> str:
        """`completed: Wall breathing, 4 breaths, 01:06, 2 sets (paused 00:05)`; a plan not
        finished says `3 of 12 breaths`."""
        if self.planned is None or self.done == self.planned:
            breaths = plural(self.done, "breath")
        else:
            breaths = f"{self.done} of {plural(self.planned, 'breath')}"
        text = f"{self.status}: {self.name}, {breaths}, {self.time}"
        if self.sets is not None:
            text += f", {plural(self.sets, 'set')}"
        return text + (f" ({self.pause})" if self.pause else "")

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) rows for a card, where `Breaths 12 of 12` confirms a full session."""
        time = f"{self.time}  ({self.pause})" if self.pause else self.time
        breaths = str(self.done) if self.planned is None else f"{self.done} of {self.planned}"
        rows = [("Session", self.name), ("Time", time), ("Breaths", breaths)]
        if self.sets is not None:
            rows.append(("Sets", str(self.sets)))
        return [*rows, ("Status", self.status)]
