"""The history screen: past sessions, totals, streaks, minutes per day and per exercise, and
whether tension comes down. A thin view over `HistorySummary`; all counting is in the store."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from types import MappingProxyType

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from breathe.core.catalogue import Catalogue
from breathe.core.insights import named
from breathe.core.pace import FELT_DIGITS, FELT_LABELS, PACE_CHOICES, Felt
from breathe.core.progression import counts_toward_step
from breathe.core.report import (
    TABLE_HEADINGS,
    count_text,
    display_row,
    last_heart_text,
    local_time_text,
    minutes_text,
    session_name,
)
from breathe.history.records import HistorySummary, HistoryUnavailable, SessionRecord
from breathe.ui.screens.dialogs import HISTORY_KEYS, HelpScreen
from breathe.ui.screens.history_reads import EarlyRead, notices_off_the_ui_thread
from breathe.ui.services import HistoryView
from breathe.ui.widgets.fitting_footer import FittingFooter
from breathe.ui.widgets.history_charts import (
    DayChart,
    ExerciseBars,
    PhrasedText,
    PracticeCalendar,
    TensionChart,
    fit_cells,
)

NO_NAMES: Mapping[str, str] = MappingProxyType({})
PaceChange = Callable[[int, Felt], None]
RECENT_ROWS = 200
FIRST_PAINT_ROWS = 40  # a screenful or two; the rest are added just after the first paint
NUMERIC_COLUMNS = frozenset({0, 4, 5})


def totals_text(summary: HistorySummary) -> str:
    t = summary.totals
    text = (
        f"This week: {count_text(t.sessions_week, 'session')}, {minutes_text(t.minutes_week)}\n"
        f"All time:  {count_text(t.sessions_all, 'session')}, {minutes_text(t.minutes_all)}"
    )
    if summary.goal is not None:
        g = summary.goal
        text += f"\nGoal:      {g.short()}"
    return text


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


def per_exercise_rows(
    summary: HistorySummary, routine_names: Mapping[str, str] = NO_NAMES
) -> list[tuple[str, float, str]]:
    """A routine's minutes under the routine's name (they are kept under its id)."""
    return [
        (routine_names.get(r.exercise, r.name), r.minutes, minutes_text(r.minutes))
        for r in summary.per_exercise
    ]


def calendar_caption(summary: HistorySummary) -> str:
    return f"Practice days ({count_text(len(summary.practice_days), 'day')} in all)"


# The sessions table's columns at each width: (index into TABLE_HEADINGS, short form?).
WIDE_FROM = 100  # side-by-side panels and every column from here; stacked below
NARROW_BELOW = 60
SHORT_STATUS = {"completed": "done", "ended early": "early", "interrupted": "cut off"}


def table_columns(width: int) -> tuple[int, ...]:
    """Which of TABLE_HEADINGS fit: all from WIDE_FROM, no exhale below it, only date,
    exercise and time in the narrowest terminals."""
    if width >= WIDE_FROM:
        return tuple(range(len(TABLE_HEADINGS)))
    if width >= NARROW_BELOW:
        return (0, 1, 2, 4, 5, 6, 7)
    return (1, 2, 4)


def table_cells(row: tuple[str, ...], width: int, exercise_cells: int) -> list[Text]:
    """One session's cells for this width: short dates and statuses below WIDE_FROM, the
    exercise name cut by terminal cells (an emoji takes two) to `exercise_cells`."""
    cells = []
    for i in table_columns(width):
        cell = row[i]
        if width < WIDE_FROM and i == 1:
            cell = cell[5:]  # `11-30 07:30`: the year is in the caption's order anyway
        elif width < WIDE_FROM and i == 6:
            cell = SHORT_STATUS.get(cell, cell)
        elif i == 2:
            cell = fit_cells(cell, exercise_cells).rstrip()
        cells.append(Text(cell, justify="right" if i in NUMERIC_COLUMNS else "left"))
    return cells


def exercise_room(width: int) -> int:
    """Cells left for the exercise name once the other columns and their padding are in."""
    fixed = {0: 5, 1: 16, 3: 6, 4: 5, 5: 7, 6: 11, 7: 7}
    if width < WIDE_FROM:
        fixed[1], fixed[6] = 11, 7
    columns = table_columns(width)
    used = sum(fixed[i] for i in columns if i != 2) + 2 * len(columns)  # with cell padding
    return max(8, width - 6 - used)  # the screen's padding and two scroll bars


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


def insights_text(summary: HistorySummary, routine_names: Mapping[str, str] = NO_NAMES) -> str:
    """What helps you: one line per exercise and routine rated before and after."""
    if not summary.insights:
        return (
            "What helps you\nNo sessions rated before and after yet: the tension change per "
            "exercise shows here from 5 of them."
        )
    lines = ["What helps you (tension after - before; negative is calmer)"]
    lines += [i.sentence() for i in named(summary.insights, routine_names)]
    return "\n".join(lines)


def pace_counts(record: SessionRecord, catalogue: Catalogue) -> bool:
    """As the summary asks (`core.pace.asks_pace`): an exercise at a step of its ladder,
    with a whole breath done."""
    return (
        record.routine is None
        and record.breaths >= 1
        and record.status != "running"
        and counts_toward_step(catalogue, record.exercise, record.pattern, record.planned)
    )


def pace_text(record: SessionRecord, name: str, *, changeable: bool) -> str:
    when = local_time_text(record.started_at)[5:]
    answer = next((text for felt, text in FELT_LABELS.items() if felt == record.felt), None)
    text = f"Pace check, {name} {when}: {answer or 'not answered'}"
    return f"{text}\nTo change it: {PACE_CHOICES}" if changeable else text


class HistoryScreen(Screen[None]):
    """Open with `HistoryScreen(view)` (reloads whenever shown) or `HistoryScreen(summary)`."""

    CSS_PATH = "history.tcss"
    BINDINGS = [  # noqa: RUF012 - Textual's own convention
        Binding("escape", "close", "Back", key_display="Esc"),
        Binding("q", "close", "Back", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        *(Binding(k, f"pace('{v}')", "Pace", show=False) for k, v in FELT_DIGITS.items()),
    ]

    def __init__(
        self,
        source: HistoryView | HistorySummary,
        *,
        today: date | None = None,
        recent: int = RECENT_ROWS,
        routine_names: Mapping[str, str] = NO_NAMES,
        on_pace: PaceChange | None = None,
        catalogue: Catalogue | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self.routine_names = routine_names  # from the catalogue: ids are what is stored
        self.on_pace = on_pace  # changes a stored pace check; None: shown, not changeable
        self.catalogue = catalogue or Catalogue()  # its ladders: which sessions count
        self._paced: tuple[HistorySummary | None, SessionRecord | None] = (None, None)
        self._view = None if isinstance(source, HistorySummary) else source
        self._today = today
        self._recent = recent
        self.summary: HistorySummary | None = source if isinstance(source, HistorySummary) else None
        self._shown = False
        self._told = False  # the view's notices
        self._width = 0
        self._early: EarlyRead | None = None
        self._filled = 0  # which filling of the table the rows added later belong to
        self._notices_worker: Worker[Sequence[str]] | None = None

    def compose(self) -> ComposeResult:
        if self._view is not None:  # composed once, as the screen is first shown
            view, today, recent = self._view, self._today, self._recent
            self._early = EarlyRead(lambda: view.summary(today, recent))
        with VerticalScroll(id="history"):
            yield Static("History", id="title", markup=False)
            with Horizontal(id="overview"):
                with Vertical(id="overview-left"):
                    with Horizontal(id="numbers"):
                        yield Static(id="totals", markup=False)
                        yield Static(id="streaks", markup=False)
                    yield PhrasedText(id="per-day-caption")
                    yield DayChart(id="per-day")
                    yield Static(id="calendar-caption", markup=False)
                    yield PracticeCalendar(id="calendar")
                with Vertical(id="overview-right"):
                    yield Static("Minutes per exercise", id="per-exercise-caption")
                    yield ExerciseBars(id="per-exercise")
                    with Vertical(id="tension-box"):
                        yield PhrasedText(id="tension")
                        yield TensionChart(id="tension-after")
                    yield PhrasedText(id="insights")
                    yield PhrasedText(id="pace")
            yield Static(id="sessions-caption", markup=False)
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield FittingFooter()

    def on_mount(self) -> None:
        self._layout_for(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        width, height = self.size.width, self.size.height
        if width != self._width:
            self._layout_for(width, height)
            if self.summary is not None and self._shown:
                self._fill_table(self.summary)
        self.query_one("#sessions", DataTable).styles.min_height = self._table_height(width, height)

    def _layout_for(self, width: int, height: int) -> None:
        """Side by side from WIDE_FROM columns, stacked below; the table's columns to match."""
        self._width = width
        self.set_class(width < WIDE_FROM, "-stacked")
        self.set_class(width < NARROW_BELOW + 20, "-narrow")
        table = self.query_one("#sessions", DataTable)
        table.clear(columns=True)
        for i in table_columns(width):
            heading = TABLE_HEADINGS[i]
            table.add_column(heading.capitalize(), key=heading.lower())
        table.styles.min_height = self._table_height(width, height)

    @staticmethod
    def _table_height(width: int, height: int) -> int:
        """Stacked: a screenful, so the table scrolled to fills the screen with its header;
        side by side: what is left, but never under ten rows."""
        return max(5, height - 3) if width < WIDE_FROM else 10

    def on_screen_resume(self) -> None:
        # Every time the screen is shown (the first time too): the view is read afresh.
        if self._view is not None and not self._told:
            # What opening the file found, said once, after the first frame: its scan of the
            # whole file for odd rows must not hold that frame up, nor the keys after it.
            self._told = True
            self._after_first_frame(self._scan_for_notices, self._view)
        if self._view is not None or not self._shown:
            self.load()

    def _scan_for_notices(self, view: HistoryView) -> None:
        """What opening found, told now; the odd rows in a thread worker. Closing the screen
        (or the app) cancels it, which stops the scan. A scan that fails says nothing: the
        summary reports a file it cannot read."""
        for notice in view.opening_notices:
            self.app.notify(notice, severity="warning")
        self._notices_worker = self.run_worker(
            partial(notices_off_the_ui_thread, view),
            name="history-notices",
            thread=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = self._notices_worker
        if event.worker is worker and event.state == WorkerState.SUCCESS and worker.result:
            for notice in worker.result:
                self.app.notify(notice, severity="warning")

    def load(self) -> None:
        """Read the view again (when there is one) and show it."""
        if self._view is not None:
            early, self._early = self._early, None
            try:
                self.summary = (
                    early.result()
                    if early is not None
                    else self._view.summary(self._today, self._recent)
                )
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
        self.query_one("#per-day-caption", PhrasedText).show(per_day_caption(summary))
        self.query_one("#per-day", DayChart).show(summary.minutes_per_day)
        self.query_one("#calendar-caption", Static).update(calendar_caption(summary))
        self.query_one("#calendar", PracticeCalendar).show(summary.practice_days, summary.today)
        names = self.routine_names
        self.query_one("#per-exercise", ExerciseBars).show(per_exercise_rows(summary, names))
        self.query_one("#tension", PhrasedText).show(tension_text(summary))
        after = [float(p.after) for p in summary.tension.points if p.after is not None]
        tension_chart = self.query_one("#tension-after", TensionChart)
        tension_chart.show(after)
        tension_chart.display = bool(after)
        self.query_one("#insights", PhrasedText).show(insights_text(summary, names))
        self._show_pace()
        shown, total = len(summary.recent), summary.totals.sessions_all
        caption = (
            "No sessions yet. Start one from the home screen or with 'breathe run wall'."
            if not total
            else f"Sessions, newest first ({shown:,} of {total:,}; 'breathe export' has all)"
            if shown < total
            else f"Sessions, newest first ({total:,})"
        )
        heart = last_heart_text(summary.recent)  # the newest session's heart, when it had one
        if heart:
            caption += f"\n{heart}"
        self.query_one("#sessions-caption", Static).update(caption)
        self._fill_table(summary)

    def _fill_table(self, summary: HistorySummary) -> None:
        self.query_one("#sessions", DataTable).clear()
        self._filled += 1
        self._add_rows(summary.recent[:FIRST_PAINT_ROWS], self._filled)
        if len(summary.recent) > FIRST_PAINT_ROWS:
            # A table off the first screen, or below its first rows, need not hold it up.
            later = summary.recent[FIRST_PAINT_ROWS:]
            self._after_first_frame(self._add_rows, later, self._filled)

    def _after_first_frame(self, callback: Callable[..., None], *args: object) -> None:
        """Once the next frame is painted and the callbacks already waiting for it are run."""
        self.call_after_refresh(self.call_after_refresh, callback, *args)

    def _add_rows(self, records: Sequence[SessionRecord], filled: int) -> None:
        """Rows for the table as filled `filled`-th; none once it was filled again since."""
        if filled != self._filled:
            return
        width, room = self._width, exercise_room(self._width)
        # Text, not str: names and notes come from users and must not be read as markup.
        self.query_one("#sessions", DataTable).add_rows(
            table_cells(display_row(r, self._shown_name(r)), width, room) for r in records
        )

    def _shown_name(self, record: SessionRecord) -> str:
        assert self.summary is not None
        names = {record.exercise: self.summary.name_of(record.exercise)}
        return session_name(record, names, self.routine_names)

    @property
    def paced(self) -> SessionRecord | None:
        """The latest session whose pace check moves a step (at a step, a breath done)."""
        if self.summary is None:
            return None
        if self._paced[0] is not self.summary:  # once per summary: check_action asks often
            found = next((r for r in self.summary.recent if pace_counts(r, self.catalogue)), None)
            self._paced = (self.summary, found)
        return self._paced[1]

    def _show_pace(self) -> None:
        record = self.paced
        pace = self.query_one("#pace", PhrasedText)
        pace.display = record is not None
        if record is not None:
            pace.show(
                pace_text(record, self._shown_name(record), changeable=self.on_pace is not None)
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pace":
            return self.on_pace is not None and self.paced is not None
        return True

    def action_pace(self, felt: Felt) -> None:
        """A wrong answer after the session, changed: the next step is worked out from it."""
        record = self.paced
        if record is None or self.on_pace is None or felt == record.felt:
            return
        try:
            self.on_pace(record.id, felt)
        except Exception as exc:  # a locked file: said, and the screen stays as it was
            self.app.notify(f"Could not change the pace check: {exc}", severity="error")
            return
        if self._view is not None:
            self.load()  # read back: what is shown is what was saved
        else:
            self._changed_here(record, felt)

    def _changed_here(self, record: SessionRecord, felt: Felt) -> None:
        assert self.summary is not None
        recent = tuple(replace(r, felt=felt) if r is record else r for r in self.summary.recent)
        self.summary = replace(self.summary, recent=recent)
        self._show_pace()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(HISTORY_KEYS))

    def action_close(self) -> None:
        self.dismiss(None)
