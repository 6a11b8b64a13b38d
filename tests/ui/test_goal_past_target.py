"""A weekly goal passed reads as passed: `5 sessions, goal 3 (met)`, never `5 of 3 sessions`
(issue 22 named "This week: 19 of 3 sessions (met)" as a slip), on home and in history."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from breathe.history.store import HistoryStore
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.ui.app import BreatheApp
from breathe.ui.screens.history import HistoryScreen
from tests.helpers.history import seed_paced
from tests.helpers.pilot import text

pytestmark = pytest.mark.app


async def test_a_goal_passed_this_week_is_not_shown_as_more_of_less(safety_seen: None) -> None:
    monday = date.today().toordinal() - date.today().weekday()
    start = datetime.fromordinal(monday).replace(hour=1, tzinfo=timezone.utc)
    with HistoryStore.open() as store:
        seed_paced(store, "wall", "3-0-6-3", "4 breaths x 3", [None] * 5, start=start)
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("g")  # the first step: 3 sessions a week
            await pilot.pause()
            title = text(app, "#home-title")
            assert title.startswith("breathe  ·  This week: 5 sessions, goal 3 (met)"), title
            assert "5 of 3" not in title
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            goal = text(app, "#totals").splitlines()[-1]
            assert goal.startswith("Goal:      5 sessions, goal 3 (met)"), goal
    finally:
        services.close()
