"""The history screen: past sessions, totals, streaks, minutes per day and per exercise, and
whether tension comes down. A thin view over `HistorySummary`; all counting is in the store."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Sparkline, Static

from breathe.history.records import HistorySummary, HistoryUnavailable, SessionRecord
from breathe.history.report import TABLE_HEADINGS, count_text, display_row, minutes_text
from breathe.ui.services import HistoryView
from breathe.ui.widgets.fitting_footer import FittingFooter

BAR_WIDTH = 16
RECENT_ROWS = 200
FIRST_PAINT_ROWS = 40  # a screenful or two; the rest are added just after the first paint
NUMERIC_COLUMNS = frozenset({0, 4, 5})


def totals_text(summary: HistorySummary) -> str:
    t = summary.totals
    return (
        f"This week: {count_text(t.sessions_week, 'session')}, {minutes_text(t.minutes_week)}\n"
        f"All time:  {count_text(t.sessions_all, 'session')}, {minutes_text(t.minutes_all)}"
    )


def streaks_text(summary: HistorySummary) -> str:
    s = summary.streaks
    return (
        f"Current streak: {count_text(s.current, 'day')}\n"
        f"Longest streak: {count_text(s.longest, 'day')}"
    )


def per_day_caption(summary: HistorySummary) -> str:
    minutes = [m for _, m in summary.minutes_per_day]
    days = sum(1 for day, _ in summary.minutes_per_day if day in summary.practice_days)
    top = max(minutes, default=0.0)
    return (
        f"Minutes per day, last {len(minutes)} days: {count_text(days, 'day')} practised, "
        f"most {minutes_text(top)}"
    )


def per_exercise_text(summary: HistorySummary) -> str:
    rows = summary.per_exercise
    if not rows:
        return "Minutes per exercise\n(none yet)"
    top = max(r.minutes for r in rows) or 1.0
    width = min(max(len(r.name) for r in rows), 30)
    lines = ["Minutes per exercise"]
    for r in rows:
        bar = "█" * max(1, round(BAR_WIDTH * r.minutes / top)) if r.minutes > 0 else ""
        lines.append(f"{r.name[:width]:<{width}} {bar:<{BAR_WIDTH}} {minutes_text(r.minutes)}")
    return "\n".join(lines)


def tension_text(summary: HistorySummary) -> str:
    trend = summary.tension
    if not trend.points:
        return (
            "Tension (0-10)\nNo ratings yet: answer the 0-10 question asked before a session "
            "and after it."
        )
    lines = [f"Tension (0-10), last {count_text(len(trend.points), 'rated session')}"]
    before, after, drop = trend.average_before, trend.average_after, trend.average_drop
    lines.append(
        f"average before {'-' if before is None else f'{before:.1f}'}"
        f" -> after {'-' if after is None else f'{after:.1f}'}"
    )
    if drop is not None:
        word = "calmer" if drop > 0 else "tenser" if drop < 0 else "no change"
        amount = f"{abs(drop):.1f} " if drop else ""
        lines.append(f"{amount}{word} per session, over {count_text(len(trend.pairs), 'pair')}")
    if after is not None:
        lines.append("after each session, oldest first:")
    return "\n".join(lines)


class HistoryScreen(Screen[None]):
    """Open with `HistoryScreen(view)` (reloads whenever shown) or `HistoryScreen(summary)`."""

    CSS_PATH = "history.tcss"
    BINDINGS = [  # noqa: RUF012 - Textual's own convention
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
    ]

    def __init__(
        self,
        source: HistoryView | HistorySummary,
        *,
        today: date | None = None,
        recent: int = RECENT_ROWS,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self._view = None if isinstance(source, HistorySummary) else source
        self._today = today
        self._recent = recent
        self.summary: HistorySummary | None = source if isinstance(source, HistorySummary) else None
        self._shown = False

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Static("History", id="title", markup=False)
            with Horizontal(id="numbers"):
                yield Static(id="totals", markup=False)
                yield Static(id="streaks", markup=False)
            yield Static(id="per-day-caption", markup=False)
            yield Sparkline([], summary_function=max, id="per-day")
            with Horizontal(id="breakdown"):
                yield Static(id="per-exercise", markup=False)
                with Vertical(id="tension-box"):
                    yield Static(id="tension", markup=False)
                    yield Sparkline([], summary_function=max, id="tension-after")
            yield Static(id="sessions-caption", markup=False)
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield FittingFooter()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        for heading in TABLE_HEADINGS:
            table.add_column(heading.capitalize(), key=heading.lower())

    def on_screen_resume(self) -> None:
        # Every time the screen is shown (the first time too): the view is read afresh.
        if self._view is not None or not self._shown:
            self.load()

    def load(self) -> None:
        """Read the view again (when there is one) and show it."""
        if self._view is not None:
            try:
                self.summary = self._view.summary(self._today, self._recent)
            except HistoryUnavailable as exc:
                # Never a traceback: say so in place; the next session start checks the file.
                self.query_one("#sessions-caption", Static).update(str(exc))
                return
        if self.summary is not None:
            self.show(self.summary)

    def show(self, summary: HistorySummary) -> None:
        self._shown = True
        self.query_one("#totals", Static).update(totals_text(summary))
        self.query_one("#streaks", Static).update(streaks_text(summary))
        self.query_one("#per-day-caption", Static).update(per_day_caption(summary))
        self.query_one("#per-day", Sparkline).data = [m for _, m in summary.minutes_per_day]
        self.query_one("#per-exercise", Static).update(per_exercise_text(summary))
        self.query_one("#tension", Static).update(tension_text(summary))
        after = [float(p.after) for p in summary.tension.points if p.after is not None]
        tension_chart = self.query_one("#tension-after", Sparkline)
        tension_chart.data = after
        tension_chart.display = bool(after)
        shown, total = len(summary.recent), summary.totals.sessions_all
        caption = (
            "No sessions yet. Start one from the home screen or with 'breathe run wall'."
            if not total
            else f"Sessions, newest first ({shown:,} of {total:,}; 'breathe export' has all)"
            if shown < total
            else f"Sessions, newest first ({total:,})"
        )
        self.query_one("#sessions-caption", Static).update(caption)
        table = self.query_one("#sessions", DataTable)
        table.clear()
        rows = [self._cells(r, summary) for r in summary.recent]
        table.add_rows(rows[:FIRST_PAINT_ROWS])
        if len(rows) > FIRST_PAINT_ROWS:
            self.call_after_refresh(table.add_rows, rows[FIRST_PAINT_ROWS:])

    @staticmethod
    def _cells(record: SessionRecord, summary: HistorySummary) -> list[Text]:
        # Text, not str: names and notes come from users and must not be read as markup.
        return [
            Text(cell, justify="right" if i in NUMERIC_COLUMNS else "left")
            for i, cell in enumerate(display_row(record, summary.name_of(record.exercise)))
        ]

    def action_close(self) -> None:
        self.dismiss(None)
