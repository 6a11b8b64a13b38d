"""The session screen's look: the top-up word, the marker, word sizes, the sound line."""

from __future__ import annotations

import pytest

from breathe.core.engine import top_ups
from breathe.ui.screens.session_layout import next_frame_delay
from breathe.ui.screens.session_text import marker_at, marker_step
from breathe.ui.widgets.big_word import SIZE_ROWS, BigWord, big_rows, fit, word_width
from breathe.ui.widgets.breath_bar import BreathBar
from tests.helpers.clock import FakeClock
from tests.helpers.pilot import at, make_app, plan, session, text, word
from tests.helpers.services import FakeServices


def test_the_top_up_of_a_split_inhale_is_found() -> None:
    sigh = plan("sigh", breaths=2).schedule  # 2+0.5-0-5-0
    inhales = [s.index for s in sigh.segments if s.kind.value == "inhale"]
    assert len(inhales) == 4
    assert top_ups(sigh) == frozenset(inhales[1::2])
    assert top_ups(plan("box", breaths=2).schedule) == frozenset()


@pytest.mark.app
async def test_top_up_has_its_own_word_and_fills_on_from_the_first_inhale(
    safety_seen: None,
) -> None:
    clock = FakeClock()
    app = make_app(plan("sigh", breaths=1), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await at(app, clock, pilot, 3 + 1.9)
        assert word(app) == "INHALE"
        bar = app.screen.query_one(BreathBar)
        assert bar.level == pytest.approx(1.9 / 2.5)
        await at(app, clock, pilot, 3 + 2.25)
        assert word(app) == "TOP UP"
        assert bar.level == pytest.approx(2.25 / 2.5)  # on from where the inhale left it
        assert "sip" in text(app, "#phase-detail")
        await at(app, clock, pilot, 3 + 2.6)
        assert word(app).startswith("EXHALE")


def test_marker_moves_in_equal_steps_of_about_half_a_second() -> None:
    box = plan("box", breaths=1).schedule  # 3 s count-in, then 4-4-4-4
    assert marker_step(4.0) == pytest.approx(0.5)
    assert marker_step(0.3) == pytest.approx(0.3)
    assert marker_step(2.5) == pytest.approx(0.5)
    assert marker_at(box.at(3 + 4 + 0.1)) == 0.0
    assert marker_at(box.at(3 + 4 + 1.3)) == pytest.approx(0.25)  # 2 steps of 8
    # In a hold the next frame is the marker's next step, not the next second.
    holding = box.at(3 + 4 + 1.3)
    delay = next_frame_delay(holding, (1.0, 1.0), 96, marker=True)
    assert delay == pytest.approx(0.2 + 0.002)


@pytest.mark.app
async def test_hold_and_rest_show_a_marker_and_repaint_only_its_cells(
    safety_seen: None,
) -> None:
    clock = FakeClock()
    app = make_app(plan("box", breaths=1), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await at(app, clock, pilot, 3 + 4 + 1.0)
        bar = app.screen.query_one(BreathBar)
        line = bar.render_line(0).text
        assert "▌" in line and line.index("▌") == bar.content_width // 4
        before = bar.repaints
        await at(app, clock, pilot, 3 + 4 + 1.1)  # the same step: nothing to draw
        assert bar.repaints == before
        await at(app, clock, pilot, 3 + 12 + 2.0)  # rest: a tick on the empty track
        assert "▐" in bar.render_line(0).text


def test_words_fit_by_their_short_form_before_getting_smaller() -> None:
    assert fit(("EXHALE · hum", "EXHALE"), 36, 0) == ("EXHALE", 0)
    assert fit(("EXHALE · hum", "EXHALE"), 80, 1) == ("EXHALE", 1)  # 86 cells long
    assert fit(("EXHALE · hum", "EXHALE"), 36, 1) == ("EXHALE", 0)
    assert fit(("REST BETWEEN SETS",), 36, 0) is None
    for size, rows in enumerate(SIZE_ROWS):
        drawn = big_rows("SET 2 DONE", size)
        assert drawn is not None and len(drawn) == rows
        assert {len(r) for r in drawn} == {word_width("SET 2 DONE", size)}
    # Every word the screen shows has block letters, at 40 columns in some form.
    for forms in (("SET 2 DONE",), ("TOP UP",), ("PAUSED",), ("GET READY 3", "READY 3")):
        assert fit(forms, 36, 0) is not None


@pytest.mark.app
@pytest.mark.parametrize(
    ("size", "rows", "bar_rows"),
    [
        ((40, 12), 3, 3),
        ((80, 24), 3, 8),
        ((100, 30), 3, 10),
        ((120, 36), 5, 12),
        ((200, 60), 10, 20),
    ],
)
async def test_word_and_bar_grow_with_the_terminal(
    safety_seen: None, size: tuple[int, int], rows: int, bar_rows: int
) -> None:
    clock = FakeClock()
    app = make_app(plan("box"), clock)
    async with app.run_test(size=size) as pilot:
        await at(app, clock, pilot, 3 + 1)
        big = app.screen.query_one(BigWord)
        assert big.size.height == rows and big.is_big
        assert app.screen.query_one(BreathBar).size.height == bar_rows


@pytest.mark.app
async def test_header_tells_the_truth_about_sound(safety_seen: None) -> None:
    services = FakeServices(on_volume=lambda volume: None, status="no sound device")
    app = make_app(plan("wall"), services=services)
    async with app.run_test() as pilot:
        await pilot.pause()
        # No volume claimed, and the bell offered instead.
        assert text(app, "#session-status") == "no sound device  ·  b: terminal bell instead"
        services.status = "sound on  ·  guide"  # the device opened after all
        await pilot.pause(1.2)  # the header re-reads the sound state every second
        assert text(app, "#session-status") == "sound on  ·  guide  ·  volume 40"
        services.status = None  # back to what the mute key says
        await pilot.press("m")
        assert text(app, "#session-status") == "muted"


@pytest.mark.app
async def test_b_rings_the_terminal_bell_when_there_is_no_sound_device(safety_seen: None) -> None:
    bells: list[bool] = []
    services = FakeServices(on_volume=lambda volume: None, status="no sound device")

    def use_bell() -> None:
        bells.append(True)
        services.status = "bell"

    services.on_bell = use_bell
    app = make_app(plan("wall"), services=services)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("b")
        assert bells == [True]
        assert text(app, "#session-status") == "bell"
        await pilot.press("b")  # with sound there, b does nothing
        assert bells == [True]


@pytest.mark.app
async def test_g_switches_the_guide_and_tells_the_services(safety_seen: None) -> None:
    guides: list[bool] = []
    services = FakeServices(on_volume=lambda volume: None, on_guide=guides.append)
    app = make_app(plan("wall"), services=services)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.press("g")
    assert guides == [False, True]


@pytest.mark.app
async def test_a_theme_change_mid_session_repaints_in_the_new_palette(safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("box"), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await at(app, clock, pilot, 3 + 1)
        screen = session(app)
        assert screen.palette is not None and screen.palette.name == "truecolor-dark"
        app.theme = "textual-light"
        await pilot.pause()
        await at(app, clock, pilot, 3 + 1.5)
        assert screen.palette.name == "truecolor-light"
        fill = app.screen.query_one(BreathBar).render_line(0)
        style = next(iter(fill)).style
        assert style is not None and style.color is not None
        assert style.color.triplet is not None
        assert style.color.triplet.hex == screen.palette.phase("inhale")
