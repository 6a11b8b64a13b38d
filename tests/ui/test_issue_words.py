"""What the early issues spell out about the session screen, checked as the app draws it."""

from __future__ import annotations

import pytest

from breathe.ui.widgets.big_word import BigWord
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import at, make_app, plan, text


@pytest.mark.app
@pytest.mark.parametrize(
    ("size", "detail"),
    [
        # Too narrow for EXHALE · HUM: the word says EXHALE, so the line says hum (issue 3).
        ((40, 12), "1 s  ·  hum, lips closed"),
        # The word names the style: the line does not repeat it (issue 22).
        ((100, 30), "1 s  ·  lips closed"),
    ],
)
async def test_the_exhale_style_is_on_screen_at_every_size(
    safety_seen: None, size: tuple[int, int], detail: str
) -> None:
    clock = FakeClock()
    app = make_app(plan("box", breaths=2), clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await at(app, clock, pilot, 3 + 8 + 3)
        await at(app, clock, pilot, 3 + 8 + 3.01)  # a frame after the word's layout
        assert text(app, "#phase-detail") == detail
        fitted = app.screen.query_one(BigWord).fitted()
        assert fitted is not None
        drawn = fitted[0]
        assert ("hum" in drawn.lower()) != ("hum" in detail)
