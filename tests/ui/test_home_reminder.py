"""The home screen shows the next reminder, read from breathe's own reminder file through the
services (issue: reminders without a daemon)."""

from __future__ import annotations

from datetime import time

import pytest

from breathe.core.reminders import Reminder
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.system.scheduler import save_reminders
from breathe.ui.app import BreatheApp
from tests.helpers.pilot import text
from tests.helpers.services import FakeServices

pytestmark = pytest.mark.app


async def test_home_title_shows_the_next_reminder(safety_seen: None) -> None:
    app = BreatheApp(services=FakeServices(reminder="next reminder: tomorrow 07:30, pre-run"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert text(app, "#home-title") == (
            "breathe  ·  pick one, Enter starts  ·  next reminder: tomorrow 07:30, pre-run"
        )


async def test_home_reads_the_reminder_file_through_the_real_services(safety_seen: None) -> None:
    save_reminders([Reminder("0730", time(7, 30), tuple(range(7)), "wall")])
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            title = text(app, "#home-title")
            assert "next reminder: " in title and " 07:30, wall" in title
    finally:
        services.close()


async def test_no_reminder_no_line(safety_seen: None) -> None:
    app = BreatheApp(services=FakeServices())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "reminder" not in text(app, "#home-title")
