"""The app with its real adapters: a session from the home screen lands in the history file
with the tension asked before and the rating given after."""

from __future__ import annotations

import pytest

from breathe.history.store import HistoryStore
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.ui.app import BreatheApp
from breathe.ui.screens.dialogs import TensionBeforeScreen
from breathe.ui.screens.session import SessionScreen
from breathe.ui.screens.summary import SummaryScreen
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import at, fixed_wall_clock, text, word
from tests.helpers.services import FakeServices


@pytest.mark.app
async def test_tension_before_and_after_are_saved_with_the_session(safety_seen: None) -> None:
    clock = FakeClock()
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(get_time=clock, wall_clock=fixed_wall_clock, services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("down", "down", "down")  # Mini wall sit: 5 breaths of 13 s
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TensionBeforeScreen)
            await pilot.press("1", "1")  # past 10: starts again from the new digit
            await pilot.press("backspace", "7", "enter")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            await at(app, clock, pilot, 8)  # after the 3 s count-in and a 4 s inhale
            assert word(app) == "EXHALE · ha"
            await at(app, clock, pilot, 3 + 5 * 13 + 1)
            assert isinstance(app.screen, SummaryScreen)
            assert "Tension  before 7" in text(app, "#summary-facts")
            await pilot.press("2", "enter")
            await pilot.pause()
            assert "Tension  before 7 -> after 2" in text(app, "#summary-facts")
            await pilot.press("1")  # the pace check: too easy
            await pilot.pause()
    finally:
        services.close()
    store = HistoryStore.open()
    try:
        (record,) = store.sessions()
    finally:
        store.close()
    assert (record.exercise, record.status, record.breaths) == ("wall-sit", "completed", 5)
    assert (record.tension_before, record.tension_after) == (7, 2)
    assert record.felt == "easy"
    assert record.active_s == 5 * 13  # the count-in is not counted


@pytest.mark.app
async def test_skipping_the_question_starts_all_the_same(safety_seen: None) -> None:
    asked: list[int | None] = []
    app = BreatheApp(get_time=FakeClock(), services=FakeServices(on_tension_before=asked.append))
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    assert asked == [None]


@pytest.mark.app
async def test_settings_changed_in_the_app_are_kept_in_the_config(safety_seen: None) -> None:
    from breathe.config.reader import load
    from breathe.system import paths

    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text("# my breathing\n[settings]\nvolume = 40  # quiet\n")
    clock = FakeClock()
    services = SessionServices(AudioChoice("off", 40, muted=False))
    app = BreatheApp(get_time=clock, services=services, volume=40)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("down", "e")  # goal-post takes either style: ha -> hum
            await pilot.pause()
            app.theme = "nord"
            await pilot.pause()
            await pilot.press("enter", "enter")  # start; skip the tension question
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            await pilot.press("plus", "plus", "minus")
            await pilot.pause()
            assert services.audio.volume == 50  # (no device chosen: the header says "sound off")
    finally:
        services.close()
    text = paths.config_file().read_text()
    assert text.startswith("# my breathing\n")
    assert "# quiet" in text
    loaded = load()
    settings = loaded.settings
    assert (settings.volume, settings.theme) == (50, "nord")
    # `e` on Goal-post keeps hum for Goal-post alone, with a comment that says so truly.
    assert settings.exhale is None
    assert 'goal-post = "hum" # set with e in the app; or "ha"' in text
    styles = {e.id: e.exhale.value for e in loaded.catalogue().exercises}
    assert styles["goal-post"] == "hum"
    assert (styles["resonance"], styles["box"], styles["run-reset"]) == ("hum", "hum", "ha")


@pytest.mark.app
async def test_e_on_one_exercise_leaves_the_others_alone_when_shown_again(
    safety_seen: None,
) -> None:
    from breathe.config.reader import load
    from breathe.ui.screens.home import HomeScreen

    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(get_time=FakeClock(), services=services)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("down", "e")  # goal-post: ha -> hum
            await pilot.pause()
    finally:
        services.close()
    catalogue = load().catalogue()
    app = BreatheApp(get_time=FakeClock(), catalogue=catalogue, services=FakeServices())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.state.choices["goal-post"].exhale.value == "hum"
        assert home.state.choices["resonance"].exhale.value == "hum"  # its own default
        assert home.state.choices["run-reset"].exhale.value == "ha"  # its own default
        assert home.state.choices["box"].exhale.value == "hum"


@pytest.mark.app
async def test_a_first_run_shows_the_safety_text_before_the_tension_question() -> None:
    from breathe.system import app_state
    from breathe.ui.screens.dialogs import SafetyScreen

    asked: list[int | None] = []
    app = BreatheApp(get_time=FakeClock(), services=FakeServices(on_tension_before=asked.append))
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("enter")  # read it: go on
        await pilot.pause()
        assert isinstance(app.screen, TensionBeforeScreen)
        await pilot.press("4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    assert asked == [4] and app_state.safety_seen()


def test_a_rating_or_pace_check_that_cannot_be_saved_is_one_notice_not_a_crash() -> None:
    from breathe.core.catalogue import Catalogue
    from breathe.core.plan import DoseChoice, plan_session
    from breathe.core.session import SessionRun

    told: list[str] = []
    services = SessionServices(AudioChoice("off", 40, muted=True), notify=told.append)
    run = SessionRun(plan_session(Catalogue(), "wall", DoseChoice(breaths=1)))
    result = run.finish("ended_early")
    services.rate(result, 3)  # no session was recorded by these services
    assert told == ["The rating could not be saved: this session was not recorded."]
    recorder = next(iter(services.listeners(run)))  # opens the store and records
    recorder.segment_started(run, run.schedule.segments[0], run.state())
    services.kit._store.close()  # type: ignore[union-attr]  # the file goes away under us
    services.pace_check(result, "hard")
    assert len(told) == 2 and told[1].startswith("The pace check could not be saved (")
    services.close()


@pytest.mark.app
async def test_k_on_home_keeps_the_routine_in_the_state_file_through_the_services(
    safety_seen: None,
) -> None:
    from breathe.system import app_state
    from breathe.ui.screens.home import HomeScreen

    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            home = app.screen
            assert isinstance(home, HomeScreen)
            home.select("between-sets")
            await pilot.press("plus", "k")
            await pilot.pause()
        kept = app_state.kept_routines()
        assert set(kept) == {"between-sets"} and kept["between-sets"]["steps"][0]["breaths"] == 6
        assert services.kept_routines() == kept
        services.keep_routine("between-sets", None)
        assert app_state.kept_routines() == {}
    finally:
        services.close()
