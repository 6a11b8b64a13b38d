"""The breath bar: how full the lungs should be right now, drawn in eighths of a cell.

The level is computed from the schedule (`bar_level`), never from frames, so the bar is exact
at any frame rate and frozen while paused. The widget repaints only when what it would draw
changes, and then only the cells that change: at 80 columns a 4 s inhale moves an eighth of a
cell roughly every 6 ms, so every frame repaints the cell at the fill's edge; a hold or a rest
repaints the two cells its marker leaves and enters. All rows are one strip, styled once, so
a taller bar costs no more. Colours come from `palette.Palette`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from breathe.core.engine import Schedule, SegmentKind, State
from breathe.ui.widgets.palette import Palette, palette_for

# Left-aligned partial blocks, index = eighths filled (0 is an empty cell).
EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


# A segment kind's phase name in the palette.
def phase_name(kind: SegmentKind | str) -> str:
    return kind if isinstance(kind, str) else kind.value


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


def marker_cell(progress: float, width: int) -> int:
    """The column of the progress marker in a hold or rest."""
    return min(width - 1, max(0, int(progress * width)))


@dataclass(frozen=True)
class BarLook:
    """Pre-built styles for one phase: a filled cell, the track, the marker."""

    fill: Style
    track: Style
    track_char: str
    notch: Style  # a marker cut into a full bar: the fill's colour on the background
    tick: Style  # a marker on the empty track: the phase's colour on the track


class BreathBar(Widget):
    """A horizontal bar, one or more rows tall, filled to `level` in the phase's colour.

    In holds and rests (`marker` set) a half-cell marker shows how far through the phase
    you are. Only the cells that change are repainted: the fill's edge, the marker.
    """

    DEFAULT_CSS = """
    BreathBar {
        height: 1;
        width: 1fr;
    }
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
        self.phase = SegmentKind.LEAD_IN.value
        self.marker: float | None = None
        self.palette: Palette | None = None
        self._width = 0  # content size, kept from the last resize: `size` is not free
        self._height = 1
        self._drawn: tuple[int, int, int, str, int] | None = None
        self._strip: Strip | None = None
        self._looks: dict[str, BarLook] = {}
        self.repaints = 0  # for tests and benchmarks: how often the bar asked to be redrawn

    def show(self, level: float, phase: SegmentKind | str, marker: float | None = None) -> bool:
        """Set the level, phase and marker; repaint only the cells that would change."""
        self.level = level
        self.phase = phase = phase_name(phase)
        self.marker = marker
        width = self._width
        full, eighths = bar_cells(level, width, whole_cells=self.whole_cells)
        mark = -1 if marker is None or width <= 0 else marker_cell(marker, width)
        key = (full, eighths, mark, phase, width)
        old = self._drawn
        if key == old:
            return False
        self._drawn = key
        self._strip = None
        self.repaints += 1
        if old is None or old[3:] != key[3:] or not self.is_mounted:
            self.refresh()
            return True
        height = self._height
        old_full, _, old_mark = old[:3]
        # The edge: every cell from the old one to the new one, the partial cell included.
        x0, x1 = min(old_full, full), max(old_full, full)
        if (old_full, old[1]) != (full, eighths):
            self.refresh(Region(x0, 0, x1 - x0 + 1, height))
        if old_mark != mark:
            for x in {old_mark, mark} - {-1}:
                self.refresh(Region(x, 0, 1, height))
        return True

    @property
    def content_width(self) -> int:
        """Cells across, as of the last resize."""
        return self._width

    def set_whole_cells(self, whole_cells: bool) -> None:
        self.whole_cells = whole_cells
        self._drawn = None
        self.show(self.level, self.phase, self.marker)

    def set_palette(self, palette: Palette) -> None:
        if palette != self.palette:
            self.palette = palette
            self._looks.clear()
            self._drawn = None
            self.show(self.level, self.phase, self.marker)

    def notify_style_update(self) -> None:
        # The theme changed (or NO_COLOR): the cached strip holds old colours.
        super().notify_style_update()
        self._strip = None
        self._looks.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._width = event.size.width
        self._height = max(1, event.size.height)
        self._drawn = None
        self.show(self.level, self.phase, self.marker)

    def _look(self, phase: str) -> BarLook:
        """Styles for a phase, built once per palette."""
        look = self._looks.get(phase)
        if look is None:
            palette = self.palette or palette_for("truecolor", dark=True)
            colour = Color.parse(palette.phase(phase))
            track_bg = Color.parse(palette.track)
            background = Color.parse(palette.background)
            look = self._looks[phase] = BarLook(
                fill=Style(color=colour, bgcolor=track_bg),
                track=Style(color=Color.parse(palette.track_char_color), bgcolor=track_bg),
                track_char=palette.track_char,
                notch=Style(color=colour, bgcolor=background),
                tick=Style(color=colour, bgcolor=track_bg),
            )
        return look

    def _build_strip(self, width: int) -> Strip:
        full, eighths = bar_cells(self.level, width, whole_cells=self.whole_cells)
        look = self._look(self.phase)
        mark = -1 if self.marker is None or width <= 0 else marker_cell(self.marker, width)
        segments = []
        if full:
            segments.append(Segment(FULL * full, look.fill))
        rest = width - full
        if eighths and rest > 0:
            segments.append(Segment(EIGHTHS[eighths], look.fill))
            rest -= 1
        if rest > 0:
            segments.append(Segment(look.track_char * rest, look.track))
        strip = Strip(segments, width)
        if mark >= 0:
            # A half cell: cut out of a filled cell, or drawn on the empty track.
            cell = Segment("▌", look.notch) if mark < full else Segment("▐", look.tick)
            marker = Strip([cell], 1)
            strip = Strip.join([strip.crop(0, mark), marker, strip.crop(mark + 1, width)])
        return strip

    def render_lines(self, crop: Region) -> list[Strip]:
        # Every row is the same: let Textual style and filter one (the first asked for; a
        # change dirties every row alike), then repeat it. A taller bar costs no more.
        if crop.height <= 1:
            return super().render_lines(crop)
        row = super().render_lines(Region(crop.x, crop.y, crop.width, 1))
        return row * crop.height

    def render_line(self, y: int) -> Strip:
        if self._strip is None:
            self._strip = self._build_strip(self._width)
        return self._strip
