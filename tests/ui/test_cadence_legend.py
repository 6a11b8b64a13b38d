"""Issue 22: a cadence legend in the detail pane and the help (in · hold · out · rest; `2+0.5`
is an inhale and a top-up), not only under `breathe list`."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Static

from breathe.ui.screens.dialogs import HelpScreen
from breathe.ui.screens.home import HomeScreen, labelled_cadence
from tests.helpers.pilot import make_app, text

pytestmark = pytest.mark.app


def test_the_labelled_cadence_names_each_number() -> None:
    assert labelled_cadence("3 · 0 · 6 · 3") == "in 3 · hold 0 · out 6 · rest 3"
    assert labelled_cadence("2+0.5 · 0 · 5 · 0") == "in 2 + top-up 0.5 · hold 0 · out 5 · rest 0"
    assert labelled_cadence("2 steps") == "2 steps"


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (200, 60)])
async def test_the_detail_pane_says_what_the_cadence_numbers_are(
    size: tuple[int, int], safety_seen: None
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert text(app, "#detail-name") == "Wall breathing  ·  in 3 · hold 0 · out 6 · rest 3"
        home.select("run-reset")
        await pilot.pause()
        assert "in 2 + top-up 0.5 · hold 0 · out 5 · rest 0" in text(app, "#detail-name")
        home.select("wall-sit")  # the longest built-in name still fits on one line
        await pilot.pause()
        name = home.query_one("#detail-name", Static)
        assert "in 4 · hold 0 · out 7 · rest 2" in text(app, "#detail-name")
        assert name.region.height == 1 and cell_len(text(app, "#detail-name")) <= size[0] - 4


async def test_a_narrow_detail_pane_keeps_the_bare_cadence(safety_seen: None) -> None:
    app = make_app()
    async with app.run_test(size=(50, 24)) as pilot:
        await pilot.pause()
        app.screen.select("wall-sit")  # type: ignore[attr-defined]
        await pilot.pause()
        assert text(app, "#detail-name") == "Mini wall sit, chest expansion  ·  4 · 0 · 7 · 2"


async def test_the_help_has_the_cadence_legend(safety_seen: None) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        legend = text(app, "#help-cadence")
        assert "in · hold · out · rest" in legend and "2+0.5" in legend and "top-up" in legend
