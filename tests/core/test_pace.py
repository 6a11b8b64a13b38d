from __future__ import annotations

from breathe.core.catalogue import Catalogue
from breathe.core.pace import asks_pace, parse_felt
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionResult, SessionRun
from tests.helpers.clock import FakeClock


def test_digits_and_words_answer_but_a_lone_letter_does_not() -> None:
    assert [parse_felt(t) for t in ("1", " 2 ", "3", "Easy", "HARD")] == [
        "easy",
        "right",
        "hard",
        "easy",
        "hard",
    ]
    assert [parse_felt(t) for t in ("e", "r", "h", "4", "")] == [None] * 5


def ended(
    id: str, seconds: float, breaths: int | None = None, pattern: str | None = None
) -> SessionResult:
    clock = FakeClock()
    dose = DoseChoice(breaths=breaths) if breaths else None
    run = SessionRun(plan_session(Catalogue(), id, dose, pattern=pattern), get_time=clock)
    run.start()
    clock.at(seconds)
    run.poll()
    return run.result or run.finish("ended_early")


def test_only_a_session_that_counts_toward_a_step_is_asked() -> None:
    assert asks_pace(ended("wall", 10_000))
    assert asks_pace(ended("wall", 3 + 12 + 1))  # ended in its second breath
    assert not asks_pace(ended("wall", 5))  # in its first breath
    assert not asks_pace(ended("pre-run", 10_000))  # a routine moves no ladder
    assert asks_pace(ended("wall-sit", 10_000, breaths=6))  # a dose at a step of its ladder
    assert not asks_pace(ended("wall", 10_000, breaths=2))  # a dose typed off the ladder
    assert not asks_pace(ended("wall", 10_000, pattern="1-1"))  # a pattern typed off it


def test_a_sweep_is_not_asked() -> None:
    from fractions import Fraction

    from breathe.cli.heart_sweep import sweep_plan

    clock = FakeClock()
    run = SessionRun(sweep_plan(Fraction(1, 10), Fraction(0)), get_time=clock)
    run.start()
    clock.at(10_000)
    run.poll()
    assert run.result is not None and run.result.status == "completed"
    assert not asks_pace(run.result)
