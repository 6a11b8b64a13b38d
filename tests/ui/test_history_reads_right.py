"""Issue 22, the history screen: routine names, charts at 3:1 in every theme, a scale on the
tension chart, every month named, no mid-phrase breaks at 100x30, and a pace answer that can
be changed there (and on the summary) and is saved."""

from __future__ import annotations

import re
import textwrap
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.style import Style
from textual.app import App
from textual.widget import Widget

from breathe.core.catalogue import Catalogue
from breathe.history.access import StoreView
from breathe.history.store import HistoryStore
from breathe.services.app_services import SessionServices
from breathe.services.options import AudioChoice
from breathe.ui.app import BreatheApp
from breathe.ui.screens.history import HistoryScreen
from breathe.ui.screens.session import SessionScreen
from breathe.ui.screens.summary import SummaryScreen
from breathe.ui.widgets.history_charts import (
    PhrasedText,
    PracticeCalendar,
    TensionChart,
    calendar_lines,
    phrases,
    tension_chart_lines,
)
from breathe.ui.widgets.palette import contrast
from tests.helpers.clock import FakeClock
from tests.helpers.history import SEED_TODAY, seed_weeks
from tests.helpers.pilot import at, fixed_wall_clock, text

pytestmark = pytest.mark.app

ROUTINE_NAMES = {r.id: r.name for r in Catalogue().routines}
MIN_CHART_CONTRAST = 3.0  # WCAG's for graphics: bars and lines against what they stand on


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HistoryStore]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    with HistoryStore.open(tmp_path / "history.sqlite3") as s:
        seed_weeks(s)
        yield s


class Host(App[None]):
    """A bare app, as the real one will be: the screen is pushed over it."""


def history(store: HistoryStore, **options: object) -> HistoryScreen:
    options = {"today": SEED_TODAY, "routine_names": ROUTINE_NAMES, **options}
    return HistoryScreen(StoreView(store), **options)  # type: ignore[arg-type]


async def test_a_routine_is_named_wherever_its_sessions_appear(store: HistoryStore) -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(history(store))
        await pilot.pause()
        bars = str(app.screen.query_one("#per-exercise").render()).splitlines()
        assert {line[:16].rstrip() for line in bars} == {
            "Wall breathing",
            "Before the run",
            "Hooklying reset",
        }
        table = app.screen.query_one("#sessions")
        names = [str(table.get_row_at(i)[2]) for i in range(3)]  # type: ignore[attr-defined]
        assert names == ["Wall breathing", "Before the run", "Hooklying reset"]
        insights = app.screen.query_one("#insights", PhrasedText).text
        assert "Before the run: needs more data" in insights and "pre-run" not in insights


async def test_a_routine_gone_from_the_config_is_shown_by_its_id(
    store: HistoryStore,
) -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(HistoryScreen(StoreView(store), today=SEED_TODAY))
        await pilot.pause()
        table = app.screen.query_one("#sessions")
        # As `breathe history` shows it (core.report.session_name): never by its first exercise.
        assert str(table.get_row_at(1)[2]) == "pre-run"  # type: ignore[attr-defined]


CHARTS = {  # widget id: its bar component classes
    "per-day": ("day-chart--bar",),
    "calendar": ("calendar--on",),
    "per-exercise": ("exercise-bars--bar",),
    "tension-after": ("tension-chart--bar",),
}


def themes() -> list[str]:
    """Every built-in theme but the ANSI ones, whose colours are the terminal's own."""
    return [name for name in App().available_themes if not name.startswith("ansi")]


async def test_bars_and_lines_keep_3_to_1_in_every_theme(store: HistoryStore) -> None:
    app = Host()
    found: dict[str, float] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(history(store))
        await pilot.pause()
        for theme in themes():
            app.theme = theme
            await pilot.pause()
            for widget_id, components in CHARTS.items():
                widget = app.screen.query_one(f"#{widget_id}", Widget)
                background = widget.background_colors[1].rgb
                assert widget.background_colors[1].a == 1.0
                for component in components:
                    style: Style = widget.get_component_rich_style(component)
                    assert style.color is not None
                    rgb = style.color.get_truecolor()
                    ratio = contrast((rgb.red, rgb.green, rgb.blue), background)
                    found[f"{theme} {widget_id}"] = ratio
    low = {k: round(v, 2) for k, v in found.items() if v < MIN_CHART_CONTRAST}
    assert len(found) == len(themes()) * len(CHARTS) and not low


def test_the_old_secondary_bars_would_have_failed() -> None:
    """The check can fail: textual-dark's `$secondary` on its background is 1.9:1."""
    assert contrast((0x00, 0x45, 0x78), (0x12, 0x12, 0x12)) < MIN_CHART_CONTRAST


def test_the_tension_chart_has_a_fixed_0_to_10_scale() -> None:
    one = tension_chart_lines([5.0], 20)
    assert [line[:3] for line in one] == ["10│", " 0│"]
    assert one[0][3:] == " " and one[1][3:] == "█"  # half the height, not a solid block
    full = tension_chart_lines([10.0, 5.0, 0.0], 20)
    assert [line[3:] for line in full] == ["█  ", "██ "]


async def test_the_tension_chart_is_drawn_with_its_scale(store: HistoryStore) -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(history(store))
        await pilot.pause()
        chart = app.screen.query_one("#tension-after", TensionChart)
        lines = str(chart.render()).splitlines()
        assert lines[0].startswith("10│") and lines[1].startswith(" 0│")
        assert len(chart.data) == 16


def months_shown(today: date, weeks: int) -> set[str]:
    monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    days = (monday + timedelta(days=i) for i in range(weeks * 7))
    return {f"{d:%b}" for d in days if d <= today}


@pytest.mark.parametrize("today", [SEED_TODAY, date(2026, 12, 4), date(2026, 11, 29)])
def test_every_month_after_the_first_is_named(today: date) -> None:
    for weeks in (4, 12, 30, 36, 53):
        header = calendar_lines(frozenset(), today, weeks)[0]
        monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
        first = f"{monday:%b}"  # a partial first month may be crowded out by the next
        assert months_shown(today, weeks) - {first} <= set(header.split()), (weeks, header)


async def test_every_month_is_named_at_80_columns(store: HistoryStore) -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(history(store, today=date(2026, 12, 4)))
        await pilot.pause()
        calendar = app.screen.query_one("#calendar", PracticeCalendar)
        lines = str(calendar.render()).splitlines()
        weeks = (len(lines[1]) - 4 + 1) // 2
        assert weeks >= 30 and max(len(line) for line in lines) <= calendar.size.width
        today = date(2026, 12, 4)
        first = f"{today - timedelta(days=today.weekday(), weeks=weeks - 1):%b}"
        assert months_shown(today, weeks) - {first} <= set(lines[0].split())
        assert "Dec" in lines[0].split()  # the month begun this week: no Monday in it yet


async def test_the_right_column_breaks_between_phrases_at_100x30(store: HistoryStore) -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(history(store))
        await pilot.pause()
        for widget_id in ("per-day-caption", "tension", "insights", "pace"):
            widget = app.screen.query_one(f"#{widget_id}", PhrasedText)
            shown = str(widget.render()).splitlines()
            width = widget.content_region.width
            assert width <= 60 and all(len(line) <= width for line in shown)
            allowed = {line for p in widget.text.splitlines() for line in phrases_packed(p, width)}
            assert set(shown) <= allowed | {""}, (widget_id, shown)


def phrases_packed(paragraph: str, width: int) -> set[str]:
    """Every run of consecutive phrases (or comma parts) a line may show; the words of a
    part too long for any line, each."""
    pieces = [q for p in phrases(paragraph) for q in re.split(r"(?<=[,;] )", p)]
    runs = {w for p in pieces if len(p.strip()) > width for w in textwrap.wrap(p, width)}
    for i in range(len(pieces)):
        for j in range(i + 1, len(pieces) + 1):
            runs.add("".join(pieces[i:j]).strip())
    return runs


async def test_the_pace_answer_is_changed_from_history(store: HistoryStore) -> None:
    saved: list[tuple[int, str]] = []

    def change(session_id: int, felt: str) -> None:
        saved.append((session_id, felt))
        store.set_felt(session_id, felt)

    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(history(store, on_pace=change))
        await pilot.pause()
        pace = app.screen.query_one("#pace", PhrasedText)
        assert pace.text.startswith("Pace check, Wall breathing 03-12 07:00: about right")
        await pilot.press("h", "e", "r")  # letters by reflex: nothing changes
        await pilot.press("3")
        await pilot.pause()
        assert saved == [(1, "hard")] and store.get(1).felt == "hard"  # type: ignore[union-attr]
        assert "03-12 07:00: too hard" in pace.text  # read back from the store
        await pilot.press("3")  # the same answer again is not written again
        assert saved == [(1, "hard")]


async def test_a_routine_is_never_the_pace_check_changed(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "h.sqlite3") as s:
        seed_weeks(s, SEED_TODAY - timedelta(days=1))
        seed_weeks(s)
        s.conn.execute("UPDATE sessions SET routine = 'pre-run', felt = NULL WHERE id = 21")
        s.conn.commit()
        app = Host()
        async with app.run_test(size=(100, 30)) as pilot:
            await app.push_screen(history(s, on_pace=lambda i, f: s.set_felt(i, f)))
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, HistoryScreen) and screen.paced is not None
            latest = screen.summary.recent[0]  # type: ignore[union-attr]
            assert latest.id == 21 and latest.routine == "pre-run"
            assert screen.paced.routine is None and screen.paced.id == 1  # Mar 11 07:00


async def test_without_a_way_to_save_the_pace_is_shown_not_asked(store: HistoryStore) -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(history(store))
        await pilot.pause()
        pace = app.screen.query_one("#pace", PhrasedText)
        assert "To change it" not in pace.text
        await pilot.press("3")
        assert store.get(1).felt == "right"  # type: ignore[union-attr]


async def test_a_wrong_answer_is_changed_on_the_summary_then_from_history(
    safety_seen: None,
) -> None:
    """The real services: the summary's answer changed there, then again from history."""
    clock = FakeClock()
    services = SessionServices(AudioChoice("off", 40, muted=True))
    app = BreatheApp(get_time=clock, wall_clock=fixed_wall_clock, services=services, muted=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("down", "down", "down")  # Mini wall sit: 5 breaths of 13 s
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("enter")  # no tension answer
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            await at(app, clock, pilot, 3 + 5 * 13 + 1)
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("enter", "3", "1")  # skip the rating; too hard, no: too easy
            await pilot.pause()
            assert "Pace     too easy" in text(app, "#summary-facts")
            assert stored_felt() == "easy"
            await pilot.press("enter")  # home
            await pilot.pause()
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            assert ": too easy" in app.screen.query_one("#pace", PhrasedText).text
            await pilot.press("2")
            await pilot.pause()
            assert ": about right" in app.screen.query_one("#pace", PhrasedText).text
    finally:
        services.close()
    assert stored_felt() == "right"


def stored_felt() -> str | None:
    with HistoryStore.open() as store:
        (record,) = store.sessions()
        return record.felt


async def test_from_a_summary_the_changed_answer_is_shown_at_once(store: HistoryStore) -> None:
    saved: list[tuple[int, str]] = []
    summary = store.summary(SEED_TODAY, recent=10)
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = HistoryScreen(summary, on_pace=lambda i, f: saved.append((i, f)))
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert saved == [(1, "easy")]
        assert ": too easy" in screen.query_one("#pace", PhrasedText).text
        assert screen.paced is not None and screen.paced.felt == "easy"
