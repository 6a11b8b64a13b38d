"""Issue 22: at large sizes the lines under the phase word grow with it (bold, spaced, the cue
in a readable measure), and every size still fits its screen."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from breathe.ui.screens.session_layout import LARGE_TEXT_FROM, word_and_bar
from breathe.ui.widgets.fitting_footer import FittingFooter
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import at, make_app, plan

pytestmark = pytest.mark.app


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (100, 30), (200, 60)])
async def test_text_lines_grow_at_large_sizes_and_every_size_fits(
    safety_seen: None, size: tuple[int, int]
) -> None:
    clock = FakeClock()
    app = make_app(plan("hooklying"), clock)  # a cue of two sentences
    async with app.run_test(size=size) as pilot:
        await at(app, clock, pilot, 3 + 1)
        screen = app.screen
        large = size[1] >= LARGE_TEXT_FROM
        assert screen.has_class("-large-text") == large
        bar = screen.query_one("#breath-bar")
        detail, stats, cue = (
            screen.query_one(f"#{name}", Static)
            for name in ("phase-detail", "session-stats", "session-cue")
        )
        for label in (detail, stats, cue):
            assert bool(label.rich_style.bold) == large, label.id
        footer = screen.query_one(FittingFooter).region
        shown = [w for w in (detail, bar, stats, cue) if w.display]
        assert all(w.region.bottom <= footer.y and w.region.height > 0 for w in shown)
        if large:
            assert stats.region.y - bar.region.bottom >= 2  # the bar's margin and one more
            assert cue.region.y - stats.region.bottom >= 2
            assert cue.region.width == 100 and cue.region.height >= 2  # wrapped, not 170 wide
            middle = size[0] // 2
            assert abs(cue.region.x + cue.region.width // 2 - middle) <= 2
        else:
            assert cue.region.width > 100 or size[0] <= 100


def test_the_spacing_is_counted_in_the_bar_s_height() -> None:
    """The bar keeps its third of the screen and the rest still fits at the threshold."""
    for width, height in ((200, 60), (120, LARGE_TEXT_FROM), (80, LARGE_TEXT_FROM - 1)):
        _, rows = word_and_bar(width, height)
        assert rows == height // 3
