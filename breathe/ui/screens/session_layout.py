"""The session screen's arithmetic: when the next frame is due (as seldom as the picture
allows, just after each boundary) and how big the word and the bar are for a terminal size.
Pure, so it is tested without Textual."""

from __future__ import annotations

import math

from breathe.core.engine import State
from breathe.core.session import SessionRun
from breathe.ui.screens.session_text import marker_step
from breathe.ui.widgets.block_font import SIZE_ROWS, word_size

# Shortest time between frames while the bar moves: a little over 20 a second, so that the
# bar, whose sub-cell changes more often than that in most inhales and exhales, shows at least
# 20 changes a second. Holds and rests draw only when a number or the marker moves.
FRAME_SECONDS = 1 / 22
# Reduced motion: whole cells, at most two frames a second for the bar, no marker frames.
REDUCED_MOTION_FRAME_SECONDS = 1 / 2
# Frames are timed to land just after a boundary, never just before it.
BOUNDARY_MARGIN = 0.002
# Textual paints a refresh at once only if its 60 Hz update timer has been idle for about two
# of its periods; otherwise it waits for the timer's next-but-one tick (measured: a phase word
# 10-16 ms late when a bar frame had been drawn 20 ms before the boundary).
PAINT_GAP = 2 / 60
EIGHTHS_PER_CELL = 8


def next_step_seconds(state: State, level_range: tuple[float, float], steps: int) -> float:
    """Seconds until the bar's drawn step (an eighth or a whole cell; `steps` across the bar)
    next changes, from its linear fill through the segment: the frame that shows it, no
    sooner. Infinite when the bar stands still."""
    start, end = level_range
    seconds = state.segment.seconds
    if start == end or steps <= 0 or seconds <= 0 or state.done:
        return math.inf
    rate = (end - start) * steps / seconds  # steps a second, signed
    into = seconds - state.phase_left
    at = (start + (end - start) * into / seconds) * steps
    # The drawn step is `round(at)`: it changes where `at` crosses the next half step.
    ahead = math.floor(at + 0.5) + 0.5 - at if rate > 0 else at - (math.ceil(at - 0.5) - 0.5)
    if ahead <= 1e-9:
        ahead += 1.0
    return ahead / abs(rate)


def next_frame_delay(
    state: State,
    level_range: tuple[float, float],
    bar_width: int,
    frame_seconds: float = FRAME_SECONDS,
    *,
    marker: bool = False,
    whole_cells: bool = False,
) -> float:
    """Seconds until the screen would next look different: the bar's next sub-cell (or whole
    cell), the marker's next step, a countdown's next second, or the next phase, whichever
    comes first (but never sooner than one frame while the bar moves).

    Frames are drawn from the clock at whatever instant they land, so this only decides how
    often to look, never what is shown.
    """
    waits = [1.0]
    steps = bar_width * (1 if whole_cells else EIGHTHS_PER_CELL)
    bar_wait = next_step_seconds(state, level_range, steps)
    if marker and bar_width > 0 and not state.done and level_range[0] == level_range[1]:
        step = marker_step(state.segment.seconds)  # the marker's next step
        into = state.segment.seconds - state.phase_left
        waits.append(step - math.fmod(into, step))
    for left in (state.phase_left, state.total_left):  # shown rounded up
        frac = left - math.floor(left)
        if frac > 0:
            waits.append(frac)
    frac = state.elapsed - math.floor(state.elapsed)  # shown rounded down
    waits.append(1.0 - frac)
    exact = min(waits)
    bar = max(frame_seconds, bar_wait)
    if bar < exact:
        # At the frame cap the bar's frame needs no margin: landing late only shows it a
        # little further on.
        delay, margin = bar, (0.0 if bar_wait <= frame_seconds else BOUNDARY_MARGIN)
    else:
        delay, margin = max(frame_seconds / 4, exact), BOUNDARY_MARGIN
    if delay < state.phase_left < delay + PAINT_GAP:
        # Skip a frame just before the boundary: the boundary's is due.
        delay, margin = state.phase_left, BOUNDARY_MARGIN
    return delay + margin


def session_frame_delay(
    run: SessionRun,
    state: State,
    level_range: tuple[float, float],
    bar_width: int,
    *,
    reduced_motion: bool,
    marker: bool,
) -> float | None:
    """Seconds to a session screen's next frame, or None while paused (nothing moves).

    Waiting between sets only the rest counter moves; reduced motion draws whole cells at
    most twice a second and no marker steps (the marker moves with the numbers).
    """
    if run.awaiting:
        waited = run.waited_seconds()
        return 1.0 - (waited - math.floor(waited)) + BOUNDARY_MARGIN
    if run.paused:
        return None
    return next_frame_delay(
        state,
        level_range,
        bar_width,
        REDUCED_MOTION_FRAME_SECONDS if reduced_motion else FRAME_SECONDS,
        marker=marker and not reduced_motion,
        whole_cells=reduced_motion,
    )


# The bar is at most this share of the terminal's height.
BAR_SHARE = 3


# The session screen's classes by height (app.tcss). From LARGE_TEXT_FROM rows the lines
# under the word (the count, the stats, the cue) are bold and spaced out, to be read from a
# metre away like the word; a terminal cell cannot grow, the space around it can.
LARGE_TEXT_FROM = 54
LARGE_TEXT_ROWS = 3  # the rows that spacing takes: see `SessionScreen.-large-text` in app.tcss
SESSION_VERTICAL_BREAKPOINTS: list[tuple[int, str]] = [
    (0, "-short"),
    (18, "-medium"),
    (30, "-tall"),
    (LARGE_TEXT_FROM, "-large-text"),
]


def word_and_bar(width: int, height: int) -> tuple[int, int]:
    """The word's size (0-2) and the bar's rows for a terminal of width x height."""
    size = word_size(width, height)
    short = height < 18
    # Header, footer, the word and its margin, the detail line, the bar's margins, the
    # stats line, and the cue with its margin (hidden when short); the large text's spacing.
    fixed = 2 + SIZE_ROWS[size] + (0 if short else 1) + 1 + 2 + 1 + (0 if short else 3)
    fixed += LARGE_TEXT_ROWS if height >= LARGE_TEXT_FROM else 0
    return size, max(1, min(height // BAR_SHARE, height - fixed))
