"""Frame timing near a boundary: the phase change must not queue behind a bar frame."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from breathe.core.catalogue import Catalogue
from breathe.core.engine import Schedule
from breathe.core.plan import DoseChoice, plan_session
from breathe.core.session import SessionRun
from breathe.ui.screens import session as session_screen
from breathe.ui.screens.home import HomeScreen
from breathe.ui.screens.session_layout import (
    BOUNDARY_MARGIN,
    PAINT_GAP,
    next_frame_delay,
    session_frame_delay,
)
from breathe.ui.widgets.big_word import BigWord
from breathe.ui.widgets.breath_bar import BreathBar, bar_cells, bar_level, fill_ranges
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import at, make_app, plan, session, word


def test_no_bar_frame_just_before_a_boundary() -> None:
    box = plan_session(Catalogue(), "box", DoseChoice(breaths=1)).schedule  # 3 s, then 4-4-4-4
    # 60 ms before the inhale ends: the next bar frame (~45 ms on) would land 15 ms before the
    # boundary, too close for Textual to paint the boundary's frame at once; wait for it.
    near = box.at(3 + 4 - 0.06)
    assert next_frame_delay(near, (0.0, 1.0), 76) == pytest.approx(0.06 + BOUNDARY_MARGIN)
    # Further away the bar keeps its frame rate.
    far = box.at(3 + 4 - 0.06 - PAINT_GAP)
    assert next_frame_delay(far, (0.0, 1.0), 76) < 0.06 + PAINT_GAP


# --- how often frames come: only when something visible changes -------------------------------


def frames_through(
    schedule: Schedule,
    start: float,
    end: float,
    width: int,
    *,
    reduced_motion: bool = False,
    marker: bool = False,
) -> list[float]:
    """The instants the session screen would draw at in [start, end), booking each next frame
    from the one before, as its frame timer does."""
    ranges = fill_ranges(schedule)
    run = SessionRun(plan_session(Catalogue(), "box", DoseChoice(breaths=1)))
    instants = []
    t = start
    while t < end:
        instants.append(t)
        state = schedule.at(t)
        delay = session_frame_delay(
            run,
            state,
            ranges[state.segment.index],
            width,
            reduced_motion=reduced_motion,
            marker=marker,
        )
        assert delay is not None and delay > 0
        t += delay
    return instants


BOX = plan_session(Catalogue(), "box", DoseChoice(breaths=1)).schedule  # 3 s, then 4-4-4-4
INHALE, HOLD = (3.0, 7.0), (7.0, 11.0)


def drawn(t: float, width: int, *, whole_cells: bool = False) -> tuple[int, int]:
    state = BOX.at(t)
    return bar_cells(bar_level(state, fill_ranges(BOX)), width, whole_cells=whole_cells)


def test_an_inhale_draws_over_20_frames_a_second_each_showing_a_new_sub_cell() -> None:
    instants = frames_through(BOX, *INHALE, 76)
    assert len(instants) / 4.0 >= 20.0
    bars = [drawn(t, 76) for t in instants]
    assert all(a != b for a, b in pairwise(bars))


def test_a_slow_bar_draws_just_after_each_sub_cell_changes_and_not_between() -> None:
    # 4 columns: 32 eighths in 4 s, one every 0.125 s, slower than the frame cap.
    instants = frames_through(BOX, *INHALE, 4)
    bars = [drawn(t, 4) for t in instants]
    changed = sum(a != b for a, b in pairwise(bars))
    # Every eighth is shown (none skipped), and few frames show nothing new (those are the
    # seconds of the countdowns).
    assert changed == 32
    assert len(instants) - 1 - changed <= 4
    # Each change is drawn within a few ms of when it happens.
    for t, before, bar in zip(instants[1:], bars[:-1], bars[1:], strict=True):
        if bar != before:
            assert drawn(t - 0.005, 4) != bar


def test_a_hold_draws_only_for_the_marker_and_the_numbers() -> None:
    instants = frames_through(BOX, *HOLD, 96, marker=True)
    assert len(instants) <= 9  # eight marker steps of 0.5 s (on the seconds too)
    assert all(b - a >= 0.45 for a, b in pairwise(instants))


def test_reduced_motion_draws_even_less() -> None:
    hold = frames_through(BOX, *HOLD, 96, reduced_motion=True, marker=True)
    assert len(hold) <= 5  # the numbers, once a second
    inhale = frames_through(BOX, *INHALE, 96, reduced_motion=True)
    assert len(inhale) <= 2 * 4 + 1
    assert len(inhale) < len(frames_through(BOX, *INHALE, 96)) / 5


@pytest.mark.app
async def test_the_screen_draws_a_held_phase_in_few_frames(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Follow the frames the session screen books through a 4 s hold, on a fake clock."""
    delays: list[float | None] = []

    def recording(*args: Any, **kwargs: Any) -> float | None:
        delay = session_frame_delay(*args, **kwargs)
        delays.append(delay)
        return delay

    monkeypatch.setattr(session_screen, "session_frame_delay", recording)
    clock = FakeClock()
    app = make_app(plan("box", breaths=1), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await at(app, clock, pilot, HOLD[0] + 0.001)
        screen = session(app)
        bar = screen.query_one(BreathBar)
        before, frames, t = bar.repaints, 0, HOLD[0] + 0.001
        while (delay := delays[-1]) is not None and t + delay < HOLD[1]:
            t += delay
            clock.at(t)
            screen.tick()  # no await in between: the real frame timer never fires here
            frames += 1
        await pilot.pause()
        assert frames <= 9
        assert bar.repaints - before <= 8  # the marker's steps
        assert word(app).startswith("HOLD")


@pytest.mark.app
async def test_a_paused_session_draws_nothing(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders: list[str] = []
    for widget in (BreathBar, BigWord):
        original = widget.render_line

        def counting(self: Widget, y: int, original: Any = original) -> Any:
            renders.append(type(self).__name__)
            return original(self, y)

        monkeypatch.setattr(widget, "render_line", counting)
    clock = FakeClock()
    app = make_app(plan("box", breaths=1), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await at(app, clock, pilot, 3 + 1.0)
        await pilot.press("space")
        await pilot.pause(0.1)
        screen = session(app)
        assert screen.run.paused
        renders.clear()
        ticks = screen.bar.repaints
        clock.at(3 + 2.2)
        await pilot.pause(1.1)  # over a second, the header's timer included
        assert renders == []
        assert screen.bar.repaints == ticks
        await pilot.press("space")  # resuming books frames again
        await pilot.pause(0.2)
        assert not screen.run.paused and screen.bar.repaints > ticks


@pytest.mark.app
async def test_the_home_screen_draws_nothing_while_idle(
    safety_seen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders: list[str] = []
    original = Widget.render_lines

    def counting(self: Widget, crop: Region) -> list[Strip]:
        renders.append(type(self).__name__)
        return original(self, crop)

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, HomeScreen)
        monkeypatch.setattr(Widget, "render_lines", counting)
        # Settled first: on a busy machine the start-up's last paints can land late.
        for _ in range(20):
            renders.clear()
            await pilot.pause(0.3)
            if not renders:
                break
        renders.clear()
        await pilot.pause(1.2)  # no timer, no cursor blink: nothing to draw
        assert renders == []
        await pilot.press("down")  # but a key still draws at once
        await pilot.pause(0.1)
        assert renders
