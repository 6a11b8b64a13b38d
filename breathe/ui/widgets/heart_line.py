"""The heart under the bar: `72 bpm · swing 9 · RMSSD 48 ms` and the last minute's heart rate
as a trace of block characters, so the rise with each inhale can be seen. It asks the
services once a second (like the sound status), so the screen draws no more for it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.widgets import Static

from breathe.ui.services import HeartShown

BLOCKS = "▁▂▃▄▅▆▇█"
TRACE_CELLS = 30
TROUBLE = ("lost", "no contact")


def sparkline(values: Sequence[float], cells: int = TRACE_CELLS) -> str:
    """The last `cells` values (averaged in pairs when there are twice as many) as blocks,
    scaled between their own low and high: a flat line when they do not move."""
    if not values:
        return ""
    step = max(1, len(values) // cells)
    points = [
        sum(values[i : i + step]) / len(values[i : i + step]) for i in range(0, len(values), step)
    ][-cells:]
    lo, hi = min(points), max(points)
    if hi - lo < 1e-9:
        return BLOCKS[0] * len(points)
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[round((p - lo) / (hi - lo) * top)] for p in points)


def heart_text(view: HeartShown) -> str:
    trace = "" if view.state in TROUBLE else sparkline(view.trace)
    return f"{view.line}  {trace}" if trace else view.line


class HeartLine(Static):
    """Hidden without a heart source; `-trouble` when the strap is lost or has no contact."""

    def __init__(self, status: Callable[[], HeartShown | None], **kwargs: str) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self._status = status
        self._text = ""
        self.display = False

    def on_mount(self) -> None:
        self.show_heart()
        self.set_interval(1.0, self.show_heart)

    def show_heart(self) -> None:
        view = self._status()
        self.display = view is not None
        if view is None:
            return
        self.set_class(view.state in TROUBLE, "-trouble")
        text = heart_text(view)
        if text != self._text:
            self._text = text
            # One row across the screen (app.tcss): its size never depends on the text, so
            # no layout pass, which costs more than the repaint.
            self.update(text, layout=False)
