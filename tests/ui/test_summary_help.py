"""Issue 13: the footer keeps quit and help at every width; the summary had only quit, and
`?` there did nothing. Now `?` opens the help, Esc closes it, and the rating still works."""

from __future__ import annotations

import pytest

from breathe.ui.screens.dialogs import HelpScreen
from breathe.ui.screens.summary import SummaryScreen
from breathe.ui.widgets.fitting_footer import FooterKeyLabel
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import at, make_app, plan

pytestmark = pytest.mark.app


def footer_keys(app: object) -> list[str]:
    labels = app.screen.query(FooterKeyLabel)  # type: ignore[attr-defined]
    return [k.key_display for k in labels if not k.has_class("-command-palette")]


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_the_summary_footer_has_quit_and_help_and_help_opens(
    size: tuple[int, int], safety_seen: None
) -> None:
    clock = FakeClock()
    app = make_app(plan("box", breaths=1), clock)
    async with app.run_test(size=size) as pilot:
        await at(app, clock, pilot, 3 + 16 + 0.01)
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "q" in footer_keys(app) and "?" in footer_keys(app), footer_keys(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is summary
        await pilot.press("7", "enter")
        await pilot.pause()
        assert summary.rating == 7
        assert "q" in footer_keys(app) and "?" in footer_keys(app), footer_keys(app)
