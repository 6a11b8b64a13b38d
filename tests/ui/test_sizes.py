"""Home, help, history and the summary at 40x12, 80x24, 100x30 and 200x60: each shows what
matters at that size, and the footer always has the ways out (quit or back) and help."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.widgets import DataTable, Static

from breathe.core.report import TABLE_HEADINGS
from breathe.history.access import StoreView
from breathe.history.store import HistoryStore
from breathe.ui.screens.dialogs import HelpScreen
from breathe.ui.screens.history import WIDE_FROM, HistoryScreen, exercise_room, table_columns
from breathe.ui.screens.home import HomeScreen
from breathe.ui.screens.summary import SummaryScreen
from breathe.ui.widgets.fitting_footer import FooterKeyLabel, fitting
from breathe.ui.widgets.history_charts import DayChart, PracticeCalendar
from tests.helpers.clock import FakeClock
from tests.helpers.history import SEED_TODAY, seed_sessions
from tests.helpers.pilot import at, make_app, plan

SIZES = [(40, 12), (80, 24), (100, 30), (200, 60)]


def footer_keys(app: object) -> list[str]:
    screen = app.screen  # type: ignore[attr-defined]
    keys = screen.query(FooterKeyLabel)
    return [k.key_display for k in keys if not k.has_class("-command-palette")]


def palette_shown(app: object) -> bool:
    screen = app.screen  # type: ignore[attr-defined]
    return any(k.has_class("-command-palette") for k in screen.query(FooterKeyLabel))


def test_fitting_keeps_the_way_out_and_help_first() -> None:
    entries = [
        ("start", "Enter", "Start"),
        ("switch_exhale", "e", "Hum/ha"),
        ("app.history", "h", "History"),
        ("help", "?", "Help"),
        ("app.quit", "q", "Quit"),
    ]
    assert fitting(entries, 23, compact=True) == [1, 3, 4]  # ? Help, q Quit, then e Hum/ha
    assert fitting(entries, 200, compact=False) == [0, 1, 2, 3, 4]
    assert fitting(entries, 5, compact=True) == [3, 4]  # never dropped


@pytest.mark.app
@pytest.mark.parametrize("size", SIZES)
async def test_home_footer_at_each_size(size: tuple[int, int], safety_seen: None) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        keys = footer_keys(app)
        assert "q" in keys and "?" in keys
        if size[0] >= 80:
            assert keys == ["Enter", "e", "h", "+/-", "]/[", "?", "q"]
            assert palette_shown(app)
            # The whole list, the last routine too, without scrolling.
            assert app.screen.query_one("#picker").max_scroll_y == 0
        else:
            assert not palette_shown(app)  # no room: no half-drawn "^ppalett e"


@pytest.mark.app
@pytest.mark.parametrize("size", SIZES)
async def test_help_shows_the_keys_first_and_esc_closes(
    size: tuple[int, int], safety_seen: None
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        titles = [str(s.content) for s in screen.query(".dialog-title").results(Static)]
        assert titles == ["Keys: home", "Keys: session", "Keys: history", "Safety"]
        dialog = screen.query_one("#dialog")
        last_keys = screen.query_one("#help-keys-history")
        if size[0] >= 80:  # every key without scrolling
            assert last_keys.region.bottom <= dialog.content_region.bottom
        assert footer_keys(app) == ["Esc"]  # the dialog's own keys, not home's
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.app
@pytest.mark.parametrize("size", SIZES)
async def test_summary_at_each_size(size: tuple[int, int], safety_seen: None) -> None:
    clock = FakeClock()
    app = make_app(plan("box", breaths=1), clock)
    async with app.run_test(size=size) as pilot:
        await at(app, clock, pilot, 3 + 16 + 0.01)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        facts = app.screen.query_one("#summary-facts")
        assert facts.region.height >= 4 if size[1] >= 24 else facts.region.height >= 1
        assert "q" in footer_keys(app)
        await pilot.press("enter")  # skip the rating
        await pilot.pause()
        assert footer_keys(app)[0] == "Enter" and "q" in footer_keys(app)


@pytest.fixture
def seeded_view(monkeypatch: pytest.MonkeyPatch) -> Iterator[StoreView]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    store = HistoryStore.open()
    seed_sessions(store)
    view = StoreView(store)
    yield view
    view.close()


class Host(App[None]):
    """A bare app; the history screen is pushed over it as the real app does."""


@pytest.mark.app
@pytest.mark.parametrize("size", SIZES)
async def test_history_with_200_sessions_at_each_size(
    size: tuple[int, int], seeded_view: StoreView
) -> None:
    width = size[0]
    app = Host()
    async with app.run_test(size=size) as pilot:
        await app.push_screen(HistoryScreen(seeded_view, today=SEED_TODAY))
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.has_class("-stacked") == (width < WIDE_FROM)
        table = screen.query_one("#sessions", DataTable)
        assert table.row_count == 200
        headings = [str(c.label) for c in table.columns.values()]
        assert headings == [TABLE_HEADINGS[i].capitalize() for i in table_columns(width)]
        # Every column fits beside the others: nothing to scroll sideways, no cut headings.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        exercise = headings.index("Exercise")
        names = {str(table.get_row_at(r)[exercise]) for r in range(10)}
        emoji = [n for n in names if n.startswith("Calm")]
        assert emoji and all(cell_len(n) <= exercise_room(width) for n in emoji)
        # The table keeps its header and scrolls inside a screenful (at least 5 rows).
        assert table.region.height >= 5 or table.virtual_region.height >= 5
        assert table.show_header
        assert footer_keys(app)[:2] == ["Esc", "?"]
        if width >= 80:
            chart = str(screen.query_one("#per-day", DayChart).render()).splitlines()
            assert "M T W T F S S" in chart[3]
        calendar = str(screen.query_one("#calendar", PracticeCalendar).render()).splitlines()
        assert calendar[1].startswith("Mon") and "■" in "".join(calendar)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)


@pytest.mark.app
async def test_a_click_on_a_footer_key_presses_it(safety_seen: None) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        help_key = next(k for k in app.screen.query(FooterKeyLabel) if k.key_display == "?")
        assert help_key.description == "Help" and help_key.action == "help"
        await pilot.click(help_key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
