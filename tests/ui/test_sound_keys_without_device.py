"""Issue 22: without a sound device, m, +, -, g (and v) changed nothing visible. The header
now says why, for its few seconds, then goes back to the sound state."""

from __future__ import annotations

import pytest

from tests.helpers.pilot import make_app, plan, text
from tests.helpers.services import FakeServices

pytestmark = pytest.mark.app

SAID = "no sound device: m, +, -, g and v wait for one; b rings the bell"


@pytest.mark.parametrize("key", ["m", "plus", "minus", "g", "v"])
async def test_a_sound_key_without_a_device_is_answered_in_the_header(
    safety_seen: None, key: str
) -> None:
    services = FakeServices(on_volume=lambda volume: None, status="no sound device")
    app = make_app(plan("wall"), services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert text(app, "#session-status") == "no sound device  ·  b: terminal bell instead"
        await pilot.press(key)
        await pilot.pause()
        assert text(app, "#session-status") == SAID


async def test_with_a_device_the_keys_say_nothing_extra(safety_seen: None) -> None:
    services = FakeServices(on_volume=lambda volume: None, status="sound on  ·  guide")
    app = make_app(plan("wall"), services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("plus")
        await pilot.pause()
        assert text(app, "#session-status").startswith("sound on  ·  guide  ·  volume")
