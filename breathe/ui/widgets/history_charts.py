"""The history's pictures: minutes per day with day labels, a month grid of practice days,
and minutes per exercise, drawn to the width they are given in the theme's colours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"
WEEKDAY_INITIALS = "MTWTFSS"


def fit_cells(text: str, width: int) -> str:
    """`text` in exactly `width` terminal cells (wide characters and emoji counted as two),
    cut with an ellipsis when it is longer."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def bar_rows(values: Sequence[float], height: int) -> list[str]:
    """Vertical bars, one character per value, `height` rows from the top; eighths of a row."""
    top = max(values, default=0.0)
    steps = [0 if top <= 0 else round(v / top * height * 8) for v in values]
    steps = [max(1, s) if v > 0 else 0 for s, v in zip(steps, values, strict=True)]
    rows = []
    for row in range(height - 1, -1, -1):
        rows.append("".join(BLOCKS[min(8, max(0, s - row * 8))] for s in steps))
    return rows


def day_chart_lines(days: Sequence[tuple[date, float]], width: int, height: int = 3) -> list[str]:
    """Bars for minutes per day, then weekday initials, then the first and last dates."""
    if not days or width <= 0:
        return []
    cell = max(1, min(3, width // len(days)))
    shown = list(days)[-(width // cell) :]
    bars = bar_rows([m for _, m in shown], height)
    lines = ["".join(ch * (cell - 1) + " " if cell > 1 else ch for ch in row) for row in bars]
    if cell > 1:
        lines.append("".join(WEEKDAY_INITIALS[d.weekday()].ljust(cell) for d, _ in shown))
    first, last = shown[0][0], shown[-1][0]
    left, right = f"{first:%b} {first.day}", f"{last:%b} {last.day}"
    span = cell * len(shown)
    lines.append(left + right.rjust(max(1, span - len(left))))
    return lines


def calendar_lines(practised: frozenset[date], today: date, weeks: int) -> list[str]:
    """A month grid like a contribution chart: a column per week (Monday on top), `■` for a
    day practised, `·` for one not, nothing after today; month names above."""
    weeks = max(1, weeks)
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    header = [" "] * (weeks * 2)
    previous_month = None
    for w in range(weeks):
        start = monday + timedelta(weeks=w)
        if start.month != previous_month:
            name = f"{start:%b}"
            if w * 2 + len(name) <= weeks * 2 and all(c == " " for c in header[w * 2 - 1 : w * 2]):
                header[w * 2 : w * 2 + len(name)] = list(name)
            previous_month = start.month
    lines = ["    " + "".join(header).rstrip()]
    labels = ("Mon", "", "Wed", "", "Fri", "", "Sun")
    for wd in range(7):
        cells = []
        for w in range(weeks):
            day = monday + timedelta(weeks=w, days=wd)
            cells.append(" " if day > today else "■" if day in practised else "·")
        lines.append(f"{labels[wd]:<4}" + " ".join(cells).rstrip())
    return lines


class DayChart(Widget):
    """Minutes per day over the last 30 days, labelled with weekdays and dates."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"day-chart--bar", "day-chart--label"}
    DEFAULT_CSS = """
    DayChart { height: 5; }
    DayChart > .day-chart--bar { color: $accent; }
    DayChart > .day-chart--label { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days: tuple[tuple[date, float], ...] = ()

    def show(self, days: Sequence[tuple[date, float]]) -> None:
        self.days = tuple(days)
        self.refresh()

    def render(self) -> Text:
        lines = day_chart_lines(self.days, self.size.width)
        bar = self.get_component_rich_style("day-chart--bar")
        label = self.get_component_rich_style("day-chart--label")
        text = Text()
        for i, line in enumerate(lines):
            text.append(line, style=bar if i < 3 else label)
            if i < len(lines) - 1:
                text.append("\n")
        return text


class PracticeCalendar(Widget):
    """Practice days as a month grid, as many weeks as the width holds (up to a year)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"calendar--on", "calendar--off", "calendar--label"}
    DEFAULT_CSS = """
    PracticeCalendar { height: 8; }
    PracticeCalendar > .calendar--on { color: $success; }
    PracticeCalendar > .calendar--off { color: $text-muted; }
    PracticeCalendar > .calendar--label { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.practised: frozenset[date] = frozenset()
        self.today = date.today()

    def show(self, practised: frozenset[date], today: date) -> None:
        self.practised, self.today = practised, today
        self.refresh()

    def render(self) -> Text:
        weeks = min(53, max(1, (self.size.width - 4 + 1) // 2))
        on = self.get_component_rich_style("calendar--on")
        off = self.get_component_rich_style("calendar--off")
        label = self.get_component_rich_style("calendar--label")
        text = Text()
        lines = calendar_lines(self.practised, self.today, weeks)
        for i, line in enumerate(lines):
            if i == 0:
                text.append(line, style=label)
            else:
                text.append(line[:4], style=label)
                for ch in line[4:]:
                    text.append(ch, style=on if ch == "■" else off)
            if i < len(lines) - 1:
                text.append("\n")
        return text


class ExerciseBars(Widget):
    """Minutes per exercise: one line each, the name cut to fit by cell width."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"exercise-bars--bar"}
    DEFAULT_CSS = """
    ExerciseBars { height: auto; }
    ExerciseBars > .exercise-bars--bar { color: $secondary; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: tuple[tuple[str, float, str], ...] = ()

    def show(self, rows: Sequence[tuple[str, float, str]]) -> None:
        """(name, minutes, minutes as text), most first."""
        self.rows = tuple(rows)
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self.rows))

    def render(self) -> Text:
        if not self.rows:
            return Text("(none yet)")
        width = self.size.width
        figures = max(cell_len(r[2]) for r in self.rows)
        name_w = min(max(cell_len(r[0]) for r in self.rows), max(8, width // 2))
        bar_w = max(1, min(40, width - name_w - figures - 2))
        top = max(r[1] for r in self.rows) or 1.0
        bar_style = self.get_component_rich_style("exercise-bars--bar")
        text = Text()
        for i, (name, minutes, figure) in enumerate(self.rows):
            length = max(1, round(bar_w * minutes / top)) if minutes > 0 else 0
            text.append(fit_cells(name, name_w) + " ")
            text.append(("█" * length).ljust(bar_w), style=bar_style)
            text.append(" " + figure.rjust(figures))
            if i < len(self.rows) - 1:
                text.append("\n")
        return text
