"""The weekly goal: sessions or minutes per week (Monday to Sunday, local dates), progress
this week and the weeks met in a row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from breathe.core.text import plural

GoalKind = Literal["sessions", "minutes"]
MAX_GOAL = {"sessions": 100, "minutes": 3000}
# `g` on home steps through these (then off again).
GOAL_CHOICES: tuple[tuple[GoalKind, int], ...] = (
    ("sessions", 3),
    ("sessions", 4),
    ("sessions", 5),
    ("sessions", 7),
    ("minutes", 30),
    ("minutes", 60),
)


@dataclass(frozen=True)
class WeeklyGoal:
    kind: GoalKind
    target: int

    def describe(self) -> str:
        if self.kind == "sessions":
            return plural(self.target, "session")
        return f"{self.target} min"

    def as_table(self) -> dict[str, int]:
        return {self.kind: self.target}

    def next_choice(self) -> WeeklyGoal | None:
        """The next of GOAL_CHOICES after this one (None after the last: no goal)."""
        key = (self.kind, self.target)
        if key not in GOAL_CHOICES:
            return WeeklyGoal(*GOAL_CHOICES[0])
        later = GOAL_CHOICES[GOAL_CHOICES.index(key) + 1 :]
        return WeeklyGoal(*later[0]) if later else None


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekFigures:
    sessions: int
    minutes: float

    def amount(self, kind: GoalKind) -> float:
        return self.sessions if kind == "sessions" else self.minutes


@dataclass(frozen=True)
class GoalProgress:
    goal: WeeklyGoal
    done: float  # this week, in the goal's unit
    weeks_met: int  # weeks in a row met, this one included once it is met

    @property
    def met(self) -> bool:
        return self.done >= self.goal.target

    def short(self) -> str:
        """`2 of 4 sessions; met 3 weeks in a row`; past the goal `19 sessions, goal 3 (met)`
        (not "19 of 3", which reads as a slip)."""
        unit = "sessions" if self.goal.kind == "sessions" else "min"
        done = int(self.done + 1e-9)
        if done > self.goal.target:
            text = f"{done} {unit}, goal {self.goal.target} (met)"
        else:
            text = f"{done} of {self.goal.target} {unit}" + (" (met)" if self.met else "")
        if self.weeks_met:
            text += f"; met {plural(self.weeks_met, 'week')} in a row"
        return text

    def line(self) -> str:
        """`This week: 2 of 4 sessions; met 3 weeks in a row`."""
        return f"This week: {self.short()}"


def goal_progress(goal: WeeklyGoal, weeks: Mapping[date, WeekFigures], today: date) -> GoalProgress:
    """`weeks` by their Monday. This week counts toward the run once met; until then the run
    of the weeks before it is kept (as a day's streak keeps today unpractised)."""
    this = monday_of(today)
    empty = WeekFigures(0, 0.0)
    done = weeks.get(this, empty).amount(goal.kind)
    run = 1 if done >= goal.target else 0
    week = this - timedelta(days=7)
    while weeks.get(week, empty).amount(goal.kind) >= goal.target:
        run += 1
        week -= timedelta(days=7)
    return GoalProgress(goal, done, run)
