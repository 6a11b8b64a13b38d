"""The home list's rows use the width they have (issue 22): beside the details the list is as
wide as its longest row needs, and no row wraps at any size."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from breathe.ui.app import BreatheApp
from breathe.ui.screens.home import HomeScreen
from tests.helpers.clock import FakeClock
from tests.helpers.services import FakeServices

pytestmark = pytest.mark.app


@pytest.mark.parametrize("size", [(200, 60), (120, 30), (110, 30), (80, 24), (72, 24), (40, 12)])
async def test_no_row_wraps(size: tuple[int, int], safety_seen: None) -> None:
    app = BreatheApp(get_time=FakeClock(), services=FakeServices())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        picker = home.query_one("#picker", OptionList)
        room = picker.scrollable_content_region.width
        rows = {id: home.row(id) for id in home.state.items}
        assert all(len(row) <= room for row in rows.values()), (room, rows)
        if size[0] >= 120:  # room for every row whole, the dose of between-sets too
            assert rows["between-sets"].endswith("5 breaths after each set")
            assert home.query_one("#details").region.width >= 40
        if size == (200, 60):
            assert picker.region.width < 100  # no half-empty list: the details get the rest


async def test_rows_follow_a_resize(safety_seen: None) -> None:
    app = BreatheApp(get_time=FakeClock(), services=FakeServices())
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.resize_terminal(112, 30)
        await pilot.pause()
        picker = home.query_one("#picker", OptionList)
        prompt = str(picker.get_option("between-sets").prompt)
        assert len(prompt) <= picker.scrollable_content_region.width
        assert prompt.endswith("…")
