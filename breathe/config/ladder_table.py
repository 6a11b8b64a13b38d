"""A custom exercise's ladder (`progress = { exhale = [8, 12], step = 1 }`), checked by
climbing it."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from breathe.config.collector import Collector
from breathe.config.values import (
    Invalid,
    as_number,
    found,
)
from breathe.core.catalogue import Exercise
from breathe.core.progression import KNOBS, MAX_RUNGS, Knob, LadderError, build_ladder


class LadderTable(Collector):
    """Reads `progress = {...}`: the ladders custom exercises climb, by exercise id."""

    def __init__(self, file: Path) -> None:
        super().__init__(file)
        self.ladders: dict[str, tuple[tuple[Knob, tuple[Fraction, ...]], ...]] = {}

    def ladder(self, ex: Exercise, value: object, at: str) -> None:
        """`progress = { exhale = [8, 12], step = 1 }`: one located error for a ladder that
        cannot be climbed, and the exercise still runs at its own dose."""
        example = "{ exhale = [8, 12], step = 1 }"
        raw = self.table(value, at, example)
        if raw is None:
            return
        self.unknown_keys(raw, (*KNOBS, "step"), at)
        step: Fraction | None = None
        if "step" in raw:
            try:
                step = as_number(
                    raw["step"],
                    "a step above 0 and at most 3600",
                    Fraction(0),
                    Fraction(3600),
                    lo_open=True,
                )
            except Invalid as exc:
                self.error(f"{at}.step", f"{exc}; {ex.id} runs at its own dose")
                return
        steps: list[tuple[Knob, tuple[Fraction, ...]]] = []
        for knob in KNOBS:
            if knob not in raw:
                continue
            values = raw[knob]
            numbers: list[Fraction] = []
            if isinstance(values, list):
                for v in values:
                    try:
                        numbers.append(
                            as_number(v, "numbers", Fraction(0), Fraction(10**6), lo_open=False)
                        )
                    except Invalid:
                        break
            if not isinstance(values, list) or len(numbers) != len(values) or len(values) < 2:
                self.error(
                    f"{at}.{knob}",
                    f"expected a list of at least two numbers such as [8, 12], found "
                    f"{found(values)}; {ex.id} runs at its own dose",
                )
                return
            if step is not None and len(numbers) == 2 and numbers[1] > numbers[0]:
                stepped = self._stepped(numbers[0], numbers[1], step, raw["step"], ex, at)
                if stepped is None:
                    return
                numbers = stepped
            steps.append((knob, tuple(numbers)))
        if not steps:
            self.error(at, f"expected what grows, such as {example}; {ex.id} runs at its own dose")
            return
        steps.sort(key=lambda s: s[0] == "hold")  # holds grow last
        try:
            build_ladder(ex, steps)
        except LadderError as exc:
            self.error(at, f"{exc}; {ex.id} runs at its own dose")
            return
        self.ladders[ex.id] = tuple(steps)

    def _stepped(
        self, low: Fraction, high: Fraction, step: Fraction, written: object, ex: Exercise, at: str
    ) -> list[Fraction] | None:
        """`[low, high]` in steps of `step` (the top always included); a located error and None
        when that makes more than MAX_RUNGS values (a step of 1e-300 took every command's
        memory)."""
        count = int((high - low) / step)
        if count + 1 > MAX_RUNGS:
            least = (high - low) / (MAX_RUNGS - 1)
            made = f"{count + 1:,}" if count < 10**6 else "over a million"
            self.error(
                f"{at}.step",
                f"a step of {found(written)} from {low} to {high} makes {made} values, at most "
                f"{MAX_RUNGS} (a step of at least {float(least):.3g}); {ex.id} runs at its own "
                "dose",
            )
            return None
        numbers = [low + i * step for i in range(count + 1)]
        if numbers[-1] != high:
            numbers.append(high)
        return numbers
