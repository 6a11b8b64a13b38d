"""The floor any Textual app pays: one ProgressBar, optionally animated at 30 fps.

Run as `python -m benchmarks.floor_app [--animate]`; prints READY on its first paint.
"""

from __future__ import annotations

import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Label, ProgressBar


class FloorApp(App[None]):
    def __init__(self, animate: bool) -> None:
        super().__init__()
        self.animate_bar = animate

    def compose(self) -> ComposeResult:
        yield Label("READY")
        yield ProgressBar(total=100, show_eta=False)

    def on_mount(self) -> None:
        self.start = time.monotonic()
        if self.animate_bar:
            self.set_interval(1 / 30, self.tick)

    def tick(self) -> None:
        t = (time.monotonic() - self.start) % 10
        self.query_one(ProgressBar).update(progress=t * 10)


if __name__ == "__main__":
    FloorApp(animate="--animate" in sys.argv).run()
