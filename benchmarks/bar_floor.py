"""The least a Textual bar can cost: one 10-row bar whose edge moves a cell 22 times a second,
each frame booked on the event loop and refreshing only the two cells that change, drawn
through Textual's Line API with one cached strip per frame. What is left is Textual's own
work per frame (its update timer, compositor and output), which no app drawing through it can
avoid. Run as `python -m benchmarks.bar_floor`; prints READY on its first paint.
"""

from __future__ import annotations

import asyncio

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label

FPS = 22  # the session screen's cap while the bar moves
ROWS = 10  # the bar's height at 100x30
FILL = Style(color="#7fc4ea", bgcolor="#232a31")
TRACK = Style(bgcolor="#232a31")


class Bar(Widget):
    DEFAULT_CSS = f"Bar {{ height: {ROWS}; }}"

    def __init__(self) -> None:
        super().__init__()
        self.cells = 0
        self._strip: Strip | None = None

    def advance(self) -> None:
        width = self.size.width or 1
        self.cells = (self.cells + 1) % width
        self._strip = None
        self.refresh(Region(max(0, self.cells - 1), 0, 2, ROWS))

    def render_line(self, y: int) -> Strip:
        if self._strip is None:
            width = self.size.width
            segments = [Segment("█" * self.cells, FILL), Segment(" " * (width - self.cells), TRACK)]
            self._strip = Strip(segments, width)
        return self._strip


class BarFloorApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("READY")
        yield Bar()

    def on_mount(self) -> None:
        self.bar = self.query_one(Bar)
        asyncio.get_running_loop().call_later(1 / FPS, self.frame)

    def frame(self) -> None:
        self.bar.advance()
        asyncio.get_running_loop().call_later(1 / FPS, self.frame)


if __name__ == "__main__":
    BarFloorApp().run()
