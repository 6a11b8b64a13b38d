"""The benchmark table's code on fixed figures (no timing): the goal checks, the lines, the exit
status, and the frame counter that gives the bar's frame rate."""

from __future__ import annotations

import math

import pytest

from benchmarks.common import BIG_WORDS
from benchmarks.table import Result, cpu_result, exit_status, ratio_result, render


def test_a_ratio_goal_holds_at_the_limit_and_misses_past_it() -> None:
    assert ratio_result("paint", 0.16, "s", 0.2, 0.8).ok
    missed = ratio_result("paint", 0.17, "s", 0.2, 0.8)
    assert not missed.ok
    assert missed.line().startswith("MISS")
    assert "0.85x" in missed.line()
    assert "<= 0.8x floor" in missed.line()


def test_a_figure_that_could_not_be_measured_misses() -> None:
    assert not ratio_result("rss", math.nan, "MiB", 40.0, 1.15).ok
    assert not cpu_result("cpu", math.nan, 9.0, 2.5).ok


@pytest.mark.parametrize(
    ("percent", "floor", "ok"),
    [(2.0, 9.0, True), (2.6, 20.0, False), (2.4, 7.0, False)],
)
def test_steady_cpu_needs_both_the_limit_and_the_floor_ratio(
    percent: float, floor: float, ok: bool
) -> None:
    result = cpu_result("cpu", percent, floor, 2.5, 0.3)
    assert result.ok is ok
    assert result.goal == "<= 2.5% of a core and <= 0.3x floor"


def test_the_exit_status_is_one_on_any_miss_or_on_nothing_measured() -> None:
    good = Result("a", 1.0, "s", None, "", True)
    bad = Result("b", 1.0, "s", None, "", False)
    assert exit_status([good]) == 0
    assert exit_status([good, bad]) == 1
    assert exit_status([]) == 1
    table = render([good, bad], ["a note"]).splitlines()
    assert table[0].split()[:2] == ["benchmark", "figure"]
    assert [line[:4] for line in table[1:3]] == ["ok  ", "MISS"]
    assert table[-1] == "a note"


def _screen(word: str, bar: str) -> list[str]:
    return ["", *BIG_WORDS[word], bar]


def test_the_frame_counter_counts_changes_within_moving_phases_only() -> None:
    from benchmarks.lightness import FrameCounter

    counter = FrameCounter()
    counter(0.0, _screen("INHALE", "#"))
    counter(0.05, _screen("INHALE", "##"))  # a frame
    counter(0.10, _screen("INHALE", "##"))  # no change: no frame
    counter(0.15, _screen("HOLD", "##"))  # the boundary: not a frame of the bar
    counter(1.15, _screen("HOLD", "#"))  # a hold does not count
    counter(1.20, _screen("EXHALE", "#"))
    counter(1.25, _screen("EXHALE", ""))  # a frame
    assert counter.frames == 2
    assert counter.seconds == pytest.approx(0.2)
    assert counter.fps() == pytest.approx(10)
