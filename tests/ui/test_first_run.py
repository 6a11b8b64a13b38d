"""The very first `breathe` (issue 22): a first session by purpose, one key to start it, and
the safety text's "not now" going back to where the user came from."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from breathe.core.catalogue import Catalogue
from breathe.core.home import FIRST_SESSIONS, first_sessions
from breathe.history.store import HistoryStore
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.system import app_state
from breathe.ui.app import BreatheApp
from breathe.ui.screens.dialogs import SafetyScreen, TensionBeforeScreen
from breathe.ui.screens.first_run import FirstRunScreen
from breathe.ui.screens.home import HomeScreen
from breathe.ui.screens.session import SessionScreen
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import make_app, plan

pytestmark = pytest.mark.app


def test_the_offer_is_one_item_per_purpose_each_with_its_length() -> None:
    offers = first_sessions(Catalogue())
    assert [o.purpose for o in offers] == ["Before a run", "After a run", "To calm down"]
    assert [o.id for o in offers] == [id for _, id in FIRST_SESSIONS]
    assert all(o.length.startswith("about ") for o in offers)


def _app() -> tuple[BreatheApp, SessionServices]:
    services = SessionServices(AudioChoice("off", 40, muted=True))
    return BreatheApp(get_time=FakeClock(), services=services, muted=True), services


@pytest.mark.parametrize(
    ("keys", "id"), [(("1",), "pre-run"), (("enter",), "pre-run"), (("3",), "long-exhale")]
)
async def test_one_key_starts_a_first_session(keys: tuple[str, ...], id: str) -> None:
    app, services = _app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, FirstRunScreen)
            await pilot.press(*keys)
            await pilot.pause()
            # The home screen's start: its tension question (Enter skips), no second safety text.
            assert isinstance(app.screen, TensionBeforeScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            assert app.screen.run.plan.id == id
            await pilot.press("q", "y")
            await pilot.pause()
    finally:
        services.close()
    assert app_state.safety_seen()


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_the_three_choices_and_their_keys_are_in_view(size: tuple[int, int]) -> None:
    app, services = _app()
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, FirstRunScreen)
            choices = screen.query_one("#first-choices")
            assert choices.region.height == 3
            assert screen.region.contains_region(choices.region)
            prompts = [str(o.prompt) for o in choices.options]  # type: ignore[attr-defined]
            assert [p[:3] for p in prompts] == ["1  ", "2  ", "3  "]
            assert all(len(p) <= choices.region.width for p in prompts)
            assert all("about " in p for p in prompts)
    finally:
        services.close()


async def test_escape_leaves_the_list_and_not_now_goes_back_to_it() -> None:
    app, services = _app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, FirstRunScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("enter")  # the list's start: the safety text first, as before
            await pilot.pause()
            assert isinstance(app.screen, SafetyScreen)
            await pilot.press("escape")  # not now
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
    finally:
        services.close()
    assert not app_state.safety_seen()


async def test_no_offer_once_there_is_a_history_or_the_safety_text_was_read() -> None:
    HistoryStore.open().close()
    app, services = _app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
    finally:
        services.close()


async def test_not_now_on_a_one_shot_run_goes_back_to_the_shell() -> None:
    app = make_app(plan("wall"))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0 and app.last_result is None
    assert not app_state.safety_seen()


def _footer(screen: FirstRunScreen) -> list[str]:
    from breathe.ui.widgets.fitting_footer import FooterKeyLabel

    return [f"{label.key_display} {label.description}" for label in screen.query(FooterKeyLabel)]


async def test_at_40x12_the_footer_says_the_safety_text_goes_on_and_pgdn_reads_it() -> None:
    from textual.containers import VerticalScroll

    app, services = _app()
    try:
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, FirstRunScreen)
            dialog = screen.query_one("#dialog", VerticalScroll)
            assert dialog.max_scroll_y > 0 and dialog.scroll_y == 0
            assert "PgDn More" in _footer(screen) and "1-3 Start" in _footer(screen)
            # The whole hint is on the first page, above the fold (less padding at 40x12).
            hint = screen.query_one("#first-hint")
            assert hint.region.bottom <= dialog.content_region.bottom
            for _ in range(10):  # the choices have the focus; PgDn scrolls the dialog
                if "PgDn More" not in _footer(screen):
                    break
                await pilot.press("pagedown")
                await pilot.pause()
            assert dialog.scroll_y == dialog.max_scroll_y  # read to its end
            assert _footer(screen)[0] == "1-3 Start"  # and the key to go on still there
            choices = screen.query_one("#first-choices", OptionList)
            await pilot.press("pagedown", "pagedown")  # more than needed: nothing else moves
            await pilot.pause()
            assert choices.highlighted == 0  # Enter still starts the first choice
            await pilot.press("pageup")
            await pilot.pause()
            assert dialog.scroll_y < dialog.max_scroll_y and "PgDn More" in _footer(screen)
            await pilot.press("1")
            await pilot.pause()
            assert isinstance(app.screen, TensionBeforeScreen)
    finally:
        services.close()


@pytest.mark.parametrize(("size", "more"), [((80, 24), True), ((200, 60), False)])
async def test_the_scroll_hint_is_there_only_when_the_text_goes_on(
    size: tuple[int, int], more: bool
) -> None:
    app, services = _app()
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, FirstRunScreen)
            assert ("PgDn More" in _footer(screen)) is more
    finally:
        services.close()
