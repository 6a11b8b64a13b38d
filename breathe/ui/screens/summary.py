"""The end of a session: what was done, and an optional 0-10 rating of neck and upper back."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from breathe.core.session import SessionResult
from breathe.core.text import SessionSummary
from breathe.ui.widgets.big_word import BigWord

RATING_QUESTION = "Neck and upper back: how do they feel, 0-10?"
MAX_RATING = 10

RatingCallback = Callable[[SessionResult, int], None]


def status_word(result: SessionResult) -> str:
    return {"completed": "DONE", "ended_early": "ENDED EARLY"}.get(result.status, "STOPPED")


def summary_lines(result: SessionResult) -> list[str]:
    return [f"{label:<9}{value}" for label, value in SessionSummary.of(result).rows()]


class SummaryScreen(Screen[None]):
    """Enter saves the typed rating (or skips); then Enter goes home and q leaves the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "rate", "Save/skip rating", key_display="Enter"),
        Binding("enter", "home", "Home", key_display="Enter"),
        Binding("backspace", "erase", "Erase", show=False),
        Binding("q", "leave", "Quit"),
    ]

    def __init__(self, result: SessionResult, on_rating: RatingCallback | None = None) -> None:
        super().__init__()
        self.result = result
        self.on_rating = on_rating
        self.typed = ""
        self.rating: int | None = None
        self.rating_done = False

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-body"), Vertical(id="summary-card"):
            yield BigWord(status_word(self.result), id="summary-word")
            yield Static("\n".join(summary_lines(self.result)), id="summary-facts", markup=False)
            yield Static(RATING_QUESTION, id="rating-question", markup=False)
            yield Static(self._rating_text(), id="rating-entry", markup=False)
            yield Static(self._hint_text(), id="summary-hint", markup=False)
        yield Footer()

    def _rating_text(self) -> str:
        if self.rating_done:
            return f"Saved: {self.rating} of 10." if self.rating is not None else "Skipped."
        return f"[ {self.typed or ' '} ]"

    def _hint_text(self) -> str:
        if self.rating_done:
            return "Enter: back to the list  ·  q: quit"
        return "Type 0-10 and press Enter, or Enter to skip.  q: quit"

    def _refresh_texts(self) -> None:
        self.query_one("#rating-entry", Static).update(self._rating_text())
        self.query_one("#summary-hint", Static).update(self._hint_text())
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("erase", "rate"):
            return not self.rating_done
        if action == "home":
            return self.rating_done
        return True

    def on_key(self, event: events.Key) -> None:
        if self.rating_done or event.character is None or not event.character.isdigit():
            return
        event.stop()
        candidate = self.typed + event.character
        # "1" then "0" makes 10; anything past 10 starts again from the new digit.
        self.typed = candidate if int(candidate) <= MAX_RATING else event.character
        self._refresh_texts()

    def action_erase(self) -> None:
        self.typed = self.typed[:-1]
        self._refresh_texts()

    def action_rate(self) -> None:
        if self.rating_done:
            return
        if self.typed:
            value = int(self.typed)
            if self.on_rating is not None:
                try:
                    self.on_rating(self.result, value)
                except Exception as exc:
                    self.app.notify(
                        f"Could not save the rating: {exc}", title="Error", severity="error"
                    )
                    return
            self.rating = value
        self.rating_done = True
        self._refresh_texts()

    def action_home(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        self.app.exit(0)
