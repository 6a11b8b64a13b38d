"""Snapshots of the home screen at three sizes (its routine rows use the width they have)
and of the first-run offer (update with --snapshot-update, after looking)."""

from __future__ import annotations

from typing import Any

import pytest

from breathe.system import app_state
from breathe.ui.app import BreatheApp
from breathe.ui.screens.first_run import FirstRunScreen
from breathe.ui.services import NoServices
from tests.helpers.clock import FakeClock
from tests.helpers.services import FakeServices

pytestmark = pytest.mark.app

SIZES = [(40, 12), (80, 24), (200, 60)]


class FirstRunServices(NoServices):
    def first_run(self) -> bool:
        return True


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_sizes(snap_compare: Any, size: tuple[int, int]) -> None:
    app_state.mark_safety_seen()
    app = BreatheApp(get_time=FakeClock(), services=FakeServices())
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_run(snap_compare: Any, size: tuple[int, int]) -> None:
    app = BreatheApp(get_time=FakeClock(), services=FirstRunServices())

    async def offered(pilot: Any) -> None:
        await pilot.pause()
        assert isinstance(pilot.app.screen, FirstRunScreen)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=offered)
