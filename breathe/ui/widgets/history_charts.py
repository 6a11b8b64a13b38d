"""The history's pictures: minutes per day with day labels, a month grid of practice days,
minutes per exercise and tension on a 0-10 scale, drawn to the width they are given.

Colours are the theme's `$text-*` shades: made to be read on its background (3:1 or more in
every built-in theme), where `$secondary` or `$accent` themselves can fall to 1.5:1."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import Static

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


def bar_rows(values: Sequence[float], height: int, top: float | None = None) -> list[str]:
    """Vertical bars, one character per value, `height` rows from the top; eighths of a row.
    Scaled to the largest value, or to a fixed `top` (a rating's 10) so one value is no block."""
    top = max(values, default=0.0) if top is None else top
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


def month_header(monday: date, weeks: int, today: date) -> str:
    """Month names over the week columns (two cells each), each at the week holding its 1st,
    so every month shown is named (the last shifted left to fit); the first, partial month
    only where its name clears the next one."""
    width = weeks * 2
    starts: list[tuple[int, str]] = []
    for w in range(weeks):
        start = monday + timedelta(weeks=w)
        firsts = [d for d in (start + timedelta(days=i) for i in range(7)) if d.day == 1]
        if firsts and firsts[0] <= today:
            starts.append((w * 2, f"{firsts[0]:%b}"))
        elif w == 0:
            starts.append((0, f"{start:%b}"))
    header = [" "] * width
    placed_end = -1
    for i, (at, name) in enumerate(starts):
        at = max(0, min(at, width - len(name)))
        following = starts[i + 1][0] if i + 1 < len(starts) else width + 1
        if at <= placed_end or at + len(name) >= following:
            continue  # only the first, partial month is crowded out
        header[at : at + len(name)] = list(name)
        placed_end = at + len(name)
    return "".join(header).rstrip()


def calendar_lines(practised: frozenset[date], today: date, weeks: int) -> list[str]:
    """A month grid like a contribution chart: a column per week (Monday on top), `■` for a
    day practised, `·` for one not, nothing after today; month names above."""
    weeks = max(1, weeks)
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    lines = ["    " + month_header(monday, weeks, today)]
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
    DayChart > .day-chart--bar { color: $text-accent; }
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
    PracticeCalendar > .calendar--on { color: $text-success; }
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
    ExerciseBars > .exercise-bars--bar { color: $text-secondary; }
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


TENSION_TOP = 10  # the rating's scale: a chart of ratings is never scaled to its own data


def tension_chart_lines(values: Sequence[float], width: int, height: int = 2) -> list[str]:
    """The latest ratings that fit, one character each, on a fixed 0-10 scale labelled at the
    left edge: one rating of 5 is half the height, not a solid block."""
    room = max(1, width - 3)
    shown = list(values)[-room:]
    rows = bar_rows(shown, height, top=TENSION_TOP)
    labels = [str(TENSION_TOP).rjust(2)] + [""] * (height - 2) + [" 0"]
    return [f"{label:>2}\u2502{row}" for label, row in zip(labels, rows, strict=True)]


class TensionChart(Widget):
    """Tension after each session, oldest first, on the rating's own 0-10 scale."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"tension-chart--bar", "tension-chart--label"}
    DEFAULT_CSS = """
    TensionChart { height: 2; }
    TensionChart > .tension-chart--bar { color: $text-primary; }
    TensionChart > .tension-chart--label { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: tuple[float, ...] = ()

    def show(self, values: Sequence[float]) -> None:
        self.data = tuple(values)
        self.refresh()

    def render(self) -> Text:
        bar = self.get_component_rich_style("tension-chart--bar")
        label = self.get_component_rich_style("tension-chart--label")
        text = Text()
        lines = tension_chart_lines(self.data, self.size.width, max(2, self.size.height))
        for i, line in enumerate(lines):
            text.append(line[:3], style=label)
            text.append(line[3:], style=bar)
            if i < len(lines) - 1:
                text.append("\n")
        return text


PHRASE_ENDS = (": ", ", ", "; ")
PHRASE_STARTS = (" (", " -> ")


def phrases(line: str) -> list[str]:
    """A line cut where a reader pauses: after a colon or comma, before a bracket or arrow;
    never inside brackets."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(line):
        depth += (ch == "(") - (ch == ")")
        if depth > 1 or (depth == 1 and ch != "("):
            continue
        if line.startswith(PHRASE_STARTS, i):
            cut = i + 1
        elif line.startswith(PHRASE_ENDS, i):
            cut = i + 2
        else:
            continue
        if cut > start:
            out.append(line[start:cut])
            start = cut
    out.append(line[start:])
    return [p for p in out if p]


def _pack(pieces: Sequence[str], width: int, inner: bool) -> list[str]:
    """Pieces joined greedily into lines of `width` cells; a piece too long for a line is cut
    at its own commas and semicolons (inside brackets), then between words."""
    import textwrap

    lines: list[str] = []
    line = ""
    for piece in pieces:
        if cell_len(line + piece.rstrip()) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = piece.lstrip()
        if cell_len(line.rstrip()) > width:
            parts = [p for p in re.split(r"(?<=[,;] )", line) if p] if inner else []
            if len(parts) > 1:
                *whole, line = _pack(parts, width, inner=False)
            else:
                *whole, line = textwrap.wrap(line, width) or [""]
            lines += whole
            line += " "
    lines.append(line.rstrip())
    return lines


def phrase_lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken between phrases; a phrase longer than
    a line is broken at its commas, then between its words, as the terminal would."""
    if width <= 0:
        return text.splitlines()
    return [line for p in text.splitlines() for line in _pack(phrases(p), width, inner=True)]


class PhrasedText(Static):
    """Text broken between phrases ("3.6 calmer per session, | over 16 pairs"), never mid-way
    through one where it can be helped: the right column of the history is narrow."""

    DEFAULT_CSS = "PhrasedText { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.text = ""

    def show(self, text: str) -> None:
        self.text = text
        self.update(self._lines())

    def _lines(self) -> str:
        width = self.content_region.width if self.is_mounted else 0
        return "\n".join(phrase_lines(self.text, width)) if width else self.text

    def on_resize(self, event: events.Resize) -> None:
        self.update(self._lines())
