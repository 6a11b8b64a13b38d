"""The breath bar: levels from the schedule, eighth-cell drawing, repaint only on change."""

from __future__ import annotations

from fractions import Fraction

import pytest
from textual.app import App, ComposeResult

from breathe.core.engine import Block, Dose, ExhaleStyle, Pattern, Schedule, SegmentKind
from breathe.ui.widgets.big_word import BigWord, big_lines
from breathe.ui.widgets.breath_bar import (
    EIGHTHS,
    FULL,
    BreathBar,
    bar_cells,
    bar_level,
    fill_ranges,
)


def schedule(pattern: str, breaths: int = 1, lead_in: int = 0) -> Schedule:
    block = Block(Pattern.parse(pattern), Dose(breaths=breaths), ExhaleStyle.HUM)
    return Schedule([block], lead_in=lead_in)


def test_bar_cells_uses_eighths_of_a_cell() -> None:
    assert bar_cells(0.0, 80) == (0, 0)
    assert bar_cells(1.0, 80) == (80, 0)
    assert bar_cells(0.5, 80) == (40, 0)
    # 1/160 of 80 cells is half a cell: four eighths.
    assert bar_cells(1 / 160, 80) == (0, 4)
    assert bar_cells(0.3, 10) == (3, 0)
    assert bar_cells(0.31, 10) == (3, 1)


def test_bar_cells_clamps_and_handles_no_width() -> None:
    assert bar_cells(-0.2, 10) == (0, 0)
    assert bar_cells(1.7, 10) == (10, 0)
    assert bar_cells(0.5, 0) == (0, 0)


def test_whole_cells_for_reduced_motion() -> None:
    assert bar_cells(0.31, 10, whole_cells=True) == (3, 0)
    assert bar_cells(0.36, 10, whole_cells=True) == (4, 0)


def test_a_four_second_inhale_moves_every_frame_at_80_columns() -> None:
    sched = schedule("4-0-6-0")
    ranges = fill_ranges(sched)
    frames = [bar_cells(bar_level(sched.at(i / 30), ranges), 80) for i in range(1, 120)]
    assert len(set(frames)) == len(frames)


def test_levels_fill_hold_empty_rest() -> None:
    sched = schedule("4-7-8-2", lead_in=3)
    ranges = fill_ranges(sched)

    def level(t: float) -> float:
        return bar_level(sched.at(t), ranges)

    assert level(1) == 0.0  # count-in
    assert level(3 + 1) == pytest.approx(0.25)  # a quarter into the inhale
    assert level(3 + 3) == pytest.approx(0.75)
    assert level(3 + 4 + 3) == 1.0  # hold: full
    assert level(3 + 11 + 2) == pytest.approx(0.75)  # exhale empties
    assert level(3 + 11 + 6) == pytest.approx(0.25)
    assert level(3 + 19 + 1) == 0.0  # rest: empty
    assert level(1000) == 0.0  # done


def test_a_split_inhale_tops_up_instead_of_starting_again() -> None:
    sched = schedule("2+0.5-0-5-0")
    ranges = fill_ranges(sched)
    kinds = [s.kind for s in sched.segments]
    assert kinds == [SegmentKind.INHALE, SegmentKind.INHALE, SegmentKind.EXHALE]
    assert ranges[0] == pytest.approx((0.0, 0.8))
    assert ranges[1] == pytest.approx((0.8, 1.0))
    assert ranges[2] == (1.0, 0.0)
    assert bar_level(sched.at(2.25), ranges) == pytest.approx(0.9)


def test_set_rest_and_transition_show_an_empty_bar() -> None:
    block = Block(
        Pattern.parse("2-0-2-0"), Dose(breaths=1, sets=2, rest_seconds=Fraction(5)), ExhaleStyle.HA
    )
    sched = Schedule([block, Block(block.pattern, Dose(breaths=1), ExhaleStyle.HA, Fraction(4))])
    ranges = fill_ranges(sched)
    for seg in sched.segments:
        if seg.kind in (SegmentKind.SET_REST, SegmentKind.TRANSITION, SegmentKind.LEAD_IN):
            assert ranges[seg.index] == (0.0, 0.0)


class BarApp(App[None]):
    def __init__(self, whole_cells: bool = False) -> None:
        super().__init__()
        self.whole_cells = whole_cells

    def compose(self) -> ComposeResult:
        yield BreathBar(whole_cells=self.whole_cells)


@pytest.mark.app
async def test_bar_draws_full_cells_then_a_partial_cell() -> None:
    app = BarApp()
    async with app.run_test(size=(20, 3)) as pilot:
        bar = app.query_one(BreathBar)
        bar.show(0.33, SegmentKind.INHALE)  # 20 * 0.33 = 6.6 cells: 6 full, 5 eighths
        await pilot.pause()
        line = bar.render_line(0).text
        assert line == FULL * 6 + EIGHTHS[5] + " " * 13
        bar.show(1.0, SegmentKind.HOLD)
        await pilot.pause()
        assert bar.render_line(0).text == FULL * 20


@pytest.mark.app
async def test_bar_repaints_only_when_what_it_draws_changes() -> None:
    app = BarApp()
    async with app.run_test(size=(20, 3)) as pilot:
        bar = app.query_one(BreathBar)
        await pilot.pause()
        before = bar.repaints
        assert bar.show(1.0, SegmentKind.HOLD)
        # A hold asks for nothing more, however many frames pass.
        assert not any(bar.show(1.0, SegmentKind.HOLD) for _ in range(30))
        # A change smaller than an eighth of a cell is not drawn either.
        assert not bar.show(0.9999, SegmentKind.HOLD)
        # The same level in another phase changes colour, so it is drawn.
        assert bar.show(0.9999, SegmentKind.EXHALE)
        assert bar.repaints == before + 2


@pytest.mark.app
async def test_bar_colour_differs_by_phase() -> None:
    app = BarApp()
    async with app.run_test(size=(20, 3)) as pilot:
        bar = app.query_one(BreathBar)
        colours = set()
        for kind in (SegmentKind.INHALE, SegmentKind.HOLD, SegmentKind.EXHALE, SegmentKind.REST):
            bar.show(1.0, kind)
            await pilot.pause()
            style = next(iter(bar.render_line(0))).style
            assert style is not None
            colours.add(style.color)
        assert len(colours) == 4


@pytest.mark.app
async def test_whole_cells_bar_has_no_partial_blocks() -> None:
    app = BarApp(whole_cells=True)
    async with app.run_test(size=(20, 3)) as pilot:
        bar = app.query_one(BreathBar)
        bar.show(0.33, SegmentKind.INHALE)
        await pilot.pause()
        assert bar.render_line(0).text == FULL * 7 + " " * 13


def test_big_letters_have_three_equal_rows() -> None:
    lines = big_lines("EXHALE · hum")
    assert lines is not None
    assert len({len(row) for row in lines}) == 1
    assert big_lines("GET READY 3") is not None
    assert big_lines("NEXT: Goal-post arms") is not None
    assert big_lines("é") is None


class WordApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BigWord("INHALE")


@pytest.mark.app
async def test_big_word_falls_back_to_plain_text_when_narrow() -> None:
    app = WordApp()
    async with app.run_test(size=(80, 5)) as pilot:
        word = app.query_one(BigWord)
        assert word.is_big
        word.show("REST BETWEEN SETS")
        await pilot.resize_terminal(40, 5)
        await pilot.pause()
        assert not word.is_big
        assert str(word.render()) == "REST BETWEEN SETS"
