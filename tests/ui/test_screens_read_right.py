"""Issue 22: the screens around a session read right. Nothing covers the session (notices go
to its header), the pace check cannot be answered by reflex, one clock, and all fits."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import pytest
from textual import events
from textual.geometry import Size
from textual.widgets import Button

from breathe.core.engine import Segment, State
from breathe.core.plan import SessionPlan
from breathe.core.session import SessionListener, SessionRun
from breathe.core.text import format_clock
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
from breathe.ui.screens.session_text import (
    NOTICE_SECONDS,
    HeaderNotices,
    big_count,
    fitted,
    stats_line,
)
from breathe.ui.screens.summary import SummaryScreen
from breathe.ui.widgets.big_word import SIZE_ROWS, BigWord, big_rows, fit_with_count
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import at, make_app, plan, text
from tests.helpers.services import FakeServices

pytestmark = pytest.mark.app

SIZES = [(40, 12), (80, 24), (200, 60)]
NOT_KEPT = "The screen may go dark during the session: nothing on this system would keep it on."
NO_SOUND = "no audio device found; the session continues without sound"


class StartNotices(SessionListener):
    """What the real kit says at a start on a machine with no device and no keep-awake
    method, through the app's `notify` as the command line wires it."""

    def __init__(self, app: BreatheApp) -> None:
        self.app = app

    def segment_started(self, run: SessionRun, segment: Segment, state: State) -> None:
        if segment.index == 0:
            self.app.notify(NOT_KEPT)
            self.app.notify(NO_SOUND)


def no_device_app(clock: FakeClock) -> BreatheApp:
    services = FakeServices(status="no sound device", on_volume=lambda volume: None)
    app = make_app(plan("wall", breaths=2), clock, services=services)
    notices = StartNotices(app)

    def listeners(run: SessionRun) -> Sequence[SessionListener]:
        return [notices]

    services.listeners_of = listeners
    return app


@pytest.mark.parametrize("size", SIZES)
async def test_no_toast_covers_the_session_start(size: tuple[int, int], safety_seen: None) -> None:
    clock = FakeClock()
    app = no_device_app(clock)
    async with app.run_test(size=size, notifications=True) as pilot:
        await at(app, clock, pilot, 1)
        assert isinstance(app.screen, SessionScreen)
        assert list(app.screen.query("Toast")) == []
        # Said in the header instead, on the whole line (the title gives way for a while).
        assert text(app, "#session-status") == fitted(NOT_KEPT, Size(*size))
        assert text(app, "#session-status").startswith("The screen may go dark")
        assert not app.screen.query_one("#session-title").display
        await pilot.press("q")  # the end-early dialog: nothing over it either
        await pilot.pause()
        assert list(app.screen.query("Toast")) == []


def test_header_notices_take_turns_then_the_status_comes_back() -> None:
    clock = FakeClock()
    notices = HeaderNotices(clock)
    notices.add("one")
    notices.add("two")
    notices.add("one")  # said once
    assert notices.now() == "one"
    clock.at(clock() + NOTICE_SECONDS)
    assert notices.now() == "two"
    clock.at(clock() + NOTICE_SECONDS)
    assert notices.now() is None


BOX_3_MIN_DONE = 3 + 12 * 16 + 1  # count-in, 3 min of 16 s breaths, then past the end

# The pace check ------------------------------------------------------------------------------


def pace_app(session_plan: SessionPlan, clock: FakeClock, paces: list[str]) -> BreatheApp:
    return make_app(session_plan, clock, hooks={"on_pace": lambda result, felt: paces.append(felt)})


@pytest.mark.parametrize("rated", [False, True])
async def test_h_e_or_r_by_reflex_on_the_summary_records_no_pace(
    rated: bool, safety_seen: None
) -> None:
    clock = FakeClock()
    paces: list[str] = []
    app = pace_app(plan("4-7-8", breaths=2), clock, paces)  # at a step: the check is asked
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 3 + 2 * 19 + 1)
        assert isinstance(app.screen, SummaryScreen) and app.screen.asks_pace
        if rated:
            await pilot.press("enter")
        await pilot.press("h", "e", "r")
        await pilot.pause()
        assert paces == [] and isinstance(app.screen, SummaryScreen)
        assert "Pace" not in text(app, "#summary-facts")


async def test_no_pace_check_after_a_routine(safety_seen: None) -> None:
    clock = FakeClock()
    paces: list[str] = []
    app = pace_app(plan("pre-run"), clock, paces)
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 1)
        await at(app, clock, pilot, 10_000)
        assert isinstance(app.screen, SummaryScreen)
        assert not app.screen.query("#pace-keys")
        await pilot.press("enter", "1", "2", "3")
        assert paces == []


async def test_no_pace_check_after_a_session_ended_in_its_first_breath(
    safety_seen: None,
) -> None:
    clock = FakeClock()
    paces: list[str] = []
    app = pace_app(plan("wall"), clock, paces)  # at its step: only the first breath stops it
    async with app.run_test() as pilot:
        await at(app, clock, pilot, 4)  # into the first breath
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not app.screen.query("#pace-keys")
        await pilot.press("enter", "3")
        assert paces == []


# One clock -------------------------------------------------------------------------------


@pytest.mark.parametrize("id", ["box", "between-sets"])
async def test_the_elapsed_time_on_screen_at_the_end_is_the_time_saved(
    id: str, safety_seen: None
) -> None:
    clock = FakeClock()
    services = FakeServices()
    app = make_app(plan(id, breaths=2) if id == "box" else plan(id), clock, services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await at(app, clock, pilot, 1)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        if id == "box":  # the last frame is drawn at the end, then the summary comes
            await at(app, clock, pilot, screen.run.plan.schedule.total)
        else:
            await at(app, clock, pilot, 40.0)
            await pilot.press("q")
            await pilot.pause()
        # The last frame drawn (the screen is gone now): its state, as the stats line says it.
        assert screen.state is not None
        on_screen = stats_line(screen.state, compact=False, run=screen.run)
        assert isinstance(app.screen, SummaryScreen)
        result = app.screen.result
        shown = format_clock(result.breathing_seconds)
        assert f"Time     {shown}" in text(app, "#summary-facts")
        assert shown in on_screen.split("  ·  ")[-2 if id == "box" else -1]


# Fits at every size ------------------------------------------------------------------------


def shown(app: BreatheApp, selector: str, within: str | None = None) -> bool:
    """On screen whole: inside the screen (and its scrolling container, if any)."""
    widget = app.screen.query_one(selector)
    region = widget.region
    outer = app.screen.query_one(within).region if within else app.screen.region
    return widget.display and region.height > 0 and outer.contains_region(region)


@pytest.mark.parametrize("size", SIZES)
async def test_the_summary_shows_the_rating_its_confirmation_and_the_pace(
    size: tuple[int, int], safety_seen: None
) -> None:
    clock = FakeClock()
    box = plan("box", minutes=Fraction(3))  # the first step of its ladder: the pace is asked
    app = make_app(box, clock, hooks={"on_tension_before": lambda v: None})
    app._tension_before = 6  # the question asked before: its line is on the summary too
    async with app.run_test(size=size) as pilot:
        await at(app, clock, pilot, BOX_3_MIN_DONE)
        assert isinstance(app.screen, SummaryScreen)
        for selector in ("#summary-facts", "#rating-question", "#rating-entry", "#pace-keys"):
            assert shown(app, selector), selector
        await pilot.press("4", "enter", "2")
        await pilot.pause()
        assert text(app, "#rating-entry") == "Saved: 4 of 10."
        assert "Time     03:12" in text(app, "#summary-facts")
        for selector in ("#summary-facts", "#rating-entry", "#pace-keys"):
            assert shown(app, selector), selector


@pytest.mark.parametrize("size", SIZES)
async def test_the_end_early_dialog_shows_its_title_and_both_buttons(
    size: tuple[int, int], safety_seen: None
) -> None:
    clock = FakeClock()
    app = make_app(plan("box", breaths=2), clock)
    async with app.run_test(size=size) as pilot:
        await at(app, clock, pilot, 5)
        await pilot.press("q")
        await pilot.pause()
        assert str(app.screen.query_one("#no", Button).label) == "Keep going (n)"
        assert str(app.screen.query_one("#yes", Button).label) == "End (y)"
        for selector in (".dialog-title", "#yes", "#no"):
            assert shown(app, selector, "#dialog"), selector


# A big countdown -------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "rows"), [((40, 12), 3), ((80, 24), 3), ((200, 60), 10)])
async def test_the_seconds_left_are_drawn_as_big_as_the_word(
    size: tuple[int, int], rows: int, safety_seen: None
) -> None:
    clock = FakeClock()
    app = make_app(plan("box", breaths=2), clock)
    async with app.run_test(size=size) as pilot:
        await at(app, clock, pilot, 3 + 4 + 1.5)  # 2.5 s left of the first hold
        big = app.screen.query_one(BigWord)
        assert (big.word, big.count, big.count_shown) == ("HOLD", "3", True)
        assert big.size.height == rows
        drawn = str(big.render()).split("\n")
        assert len(drawn) == rows
        assert drawn == list(big_rows("HOLD 3", SIZE_ROWS.index(rows)) or ())
        await at(app, clock, pilot, 3 + 4 + 2.5)
        assert big.count == "2"
        await pilot.press("space")  # paused: no count
        assert big.word == "PAUSED" and big.count == ""


def test_the_count_keeps_its_place_before_the_long_form_of_the_word() -> None:
    # At 200 columns "EXHALE · HUM 4" in the largest letters fits; at 100 the word gives way.
    assert fit_with_count(("EXHALE · hum", "EXHALE"), "4", 196, 2) == ("EXHALE · hum", 2, True)
    assert fit_with_count(("EXHALE · hum", "EXHALE"), "4", 96, 2) == ("EXHALE", 1, True)
    assert fit_with_count(("EXHALE",), "12", 26, 0) == ("EXHALE", 0, False)  # too narrow
    assert fit_with_count(("HOLD",), "", 80, 0) == ("HOLD", 0, False)


def test_no_count_in_a_half_second_top_up_or_the_count_in() -> None:
    run = SessionRun(plan("sigh"), get_time=FakeClock())
    kinds = {segment.kind for segment in run.plan.schedule.segments}
    assert kinds
    for segment in run.plan.schedule.segments:
        state = run.plan.schedule.at(segment.start + 0.01)
        count = big_count(run, state)
        if segment.seconds < 1 or not segment.kind.is_breath:
            assert count == "", segment
        else:
            assert count == str(math.ceil(segment.seconds - 0.01)), segment


def test_a_notice_too_long_for_the_header_keeps_its_first_clause() -> None:
    assert fitted(NOT_KEPT, Size(200, 60)) == NOT_KEPT
    assert fitted(NOT_KEPT, Size(80, 24)) == "The screen may go dark during the session"
    assert fitted(NO_SOUND, Size(40, 12)) == "no audio device found"
    assert fitted(NOT_KEPT, Size(40, 12)) == "The screen may go dark during the…"  # whole words
    assert fitted("x" * 50, Size(40, 12)) == "x" * 35 + "…"  # one long word: cut in it


async def test_enter_then_a_digit_typed_at_once_skips_the_rating_and_answers_the_pace(
    safety_seen: None,
) -> None:
    clock = FakeClock()
    paces: list[str] = []
    ratings: list[int] = []
    app = make_app(
        plan("box", minutes=Fraction(3)),
        clock,
        hooks={
            "on_pace": lambda r, felt: paces.append(felt),
            "on_rating": lambda r, v: ratings.append(v),
        },
    )
    async with app.run_test() as pilot:
        await at(app, clock, pilot, BOX_3_MIN_DONE)
        # Both keys in one read, as a terminal delivers fast typing.
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("3", "3"))
        await pilot.pause()
        await pilot.pause()
        assert text(app, "#rating-entry") == "Skipped."
        assert (ratings, paces) == ([], ["hard"])
