"""The breath bar: how full the lungs should be right now, drawn in eighths of a cell.

The level is computed from the schedule (`bar_level`), never from frames, so the bar is exact
at any frame rate and frozen while paused. The widget repaints only when what it would draw
changes: at 80 columns a 4 s inhale moves an eighth of a cell roughly every 6 ms, so every
frame changes; a hold or a rest repaints nothing.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget

from breathe.core.engine import Schedule, SegmentKind, State

# Left-aligned partial blocks, index = eighths filled (0 is an empty cell).
EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"

# Which component style colours the fill in each segment kind.
PHASE_STYLE: dict[SegmentKind, str] = {
    SegmentKind.INHALE: "breath-bar--inhale",
    SegmentKind.HOLD: "breath-bar--hold",
    SegmentKind.EXHALE: "breath-bar--exhale",
    SegmentKind.REST: "breath-bar--rest",
    SegmentKind.LEAD_IN: "breath-bar--idle",
    SegmentKind.SET_REST: "breath-bar--idle",
    SegmentKind.TRANSITION: "breath-bar--idle",
}


def fill_ranges(schedule: Schedule) -> list[tuple[float, float]]:
    """For each segment, the bar level at its start and at its end.

    A split inhale (`2+0.5`) fills in proportion across its parts, so the top-up tops up
    instead of starting again from empty; a split exhale empties the same way.
    """
    segments = schedule.segments
    out: list[tuple[float, float]] = []
    i = 0
    while i < len(segments):
        seg = segments[i]
        j = i + 1
        while (
            j < len(segments)
            and segments[j].kind is seg.kind
            and (segments[j].breath, segments[j].set, segments[j].step)
            == (seg.breath, seg.set, seg.step)
        ):
            j += 1
        group = segments[i:j]
        total = sum(s.seconds for s in group) or 1.0
        done = 0.0
        for s in group:
            before, after = done / total, (done + s.seconds) / total
            done += s.seconds
            if seg.kind is SegmentKind.INHALE:
                out.append((before, after))
            elif seg.kind is SegmentKind.EXHALE:
                out.append((1.0 - before, 1.0 - after))
            elif seg.kind is SegmentKind.HOLD:
                out.append((1.0, 1.0))
            else:
                out.append((0.0, 0.0))
        i = j
    return out


def bar_level(state: State, ranges: list[tuple[float, float]]) -> float:
    """How full the bar is in this state, 0..1."""
    if state.done:
        return 0.0
    start, end = ranges[state.segment.index]
    return start + (end - start) * state.progress


def bar_cells(level: float, width: int, *, whole_cells: bool = False) -> tuple[int, int]:
    """Full cells and eighths of the next cell for a level; whole cells for reduced motion."""
    level = min(1.0, max(0.0, level))
    if width <= 0:
        return 0, 0
    if whole_cells:
        return round(level * width), 0
    full, eighths = divmod(round(level * width * 8), 8)
    return full, eighths


class BreathBar(Widget):
    """A horizontal bar, one or more rows tall, filled to `level` in the phase's colour."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "breath-bar--track",
        "breath-bar--inhale",
        "breath-bar--hold",
        "breath-bar--exhale",
        "breath-bar--rest",
        "breath-bar--idle",
    }

    DEFAULT_CSS = """
    BreathBar {
        height: 1;
        width: 1fr;
    }
    BreathBar > .breath-bar--track { background: $panel; }
    BreathBar > .breath-bar--inhale { color: $primary; }
    BreathBar > .breath-bar--hold { color: $warning; }
    BreathBar > .breath-bar--exhale { color: $success; }
    BreathBar > .breath-bar--rest { color: $secondary; }
    BreathBar > .breath-bar--idle { color: $foreground-muted; }
    """

    def __init__(
        self,
        *,
        whole_cells: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.whole_cells = whole_cells
        self.level = 0.0
        self.phase = SegmentKind.LEAD_IN
        self._width = 0  # content width, kept from the last resize: `size` is not free
        self._drawn: tuple[int, int, SegmentKind, int] | None = None
        self._strip: Strip | None = None
        self._styles: dict[SegmentKind, tuple[Style, Style]] = {}
        self.repaints = 0  # for tests and benchmarks: how often the bar asked to be redrawn

    def show(self, level: float, phase: SegmentKind) -> bool:
        """Set the level and phase; repaint only if the drawn cells would change."""
        self.level = level
        self.phase = phase
        width = self._width
        full, eighths = bar_cells(level, width, whole_cells=self.whole_cells)
        key = (full, eighths, phase, width)
        if key == self._drawn:
            return False
        self._drawn = key
        self._strip = None
        self.repaints += 1
        self.refresh()
        return True

    @property
    def content_width(self) -> int:
        """Cells across, as of the last resize."""
        return self._width

    def set_whole_cells(self, whole_cells: bool) -> None:
        self.whole_cells = whole_cells
        self._drawn = None
        self.show(self.level, self.phase)

    def notify_style_update(self) -> None:
        # The theme changed (or NO_COLOR): the cached strip holds old colours.
        super().notify_style_update()
        self._strip = None
        self._styles.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._width = event.size.width
        self._drawn = None
        self.show(self.level, self.phase)

    def _phase_styles(self, phase: SegmentKind) -> tuple[Style, Style]:
        """(track, fill) styles for a phase, looked up once per theme."""
        styles = self._styles.get(phase)
        if styles is None:
            track = self.get_component_rich_style("breath-bar--track")
            colour = self.get_component_rich_style(PHASE_STYLE[phase]).color
            styles = self._styles[phase] = (track, track + Style(color=colour))
        return styles

    def _build_strip(self, width: int) -> Strip:
        full, eighths = bar_cells(self.level, width, whole_cells=self.whole_cells)
        track, fill_style = self._phase_styles(self.phase)
        segments = []
        if full:
            segments.append(Segment(FULL * full, fill_style))
        rest = width - full
        if eighths and rest > 0:
            segments.append(Segment(EIGHTHS[eighths], fill_style))
            rest -= 1
        if rest > 0:
            segments.append(Segment(" " * rest, track))
        return Strip(segments, width)

    def render_line(self, y: int) -> Strip:
        if self._strip is None:
            self._strip = self._build_strip(self._width)
        return self._strip
