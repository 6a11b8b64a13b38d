"""The end of a session: what was done, and an optional 0-10 rating of neck and upper back."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from breathe.core.pace import FELT_LABELS, Felt, parse_felt
from breathe.core.session import SessionResult
from breathe.core.summary import SessionSummary
from breathe.ui.widgets.big_word import BigWord
from breathe.ui.widgets.fitting_footer import FittingFooter
from breathe.ui.widgets.rating_entry import MAX_RATING, RatingEntry

RATING_QUESTION = "Neck and upper back: how do they feel, 0-10?"

RatingCallback = Callable[[SessionResult, int], None]
PaceCallback = Callable[[SessionResult, str], None]
PACE_KEYS = "Pace: e too easy  ·  r about right  ·  h too hard"


def status_word(result: SessionResult) -> str:
    return {"completed": "DONE", "ended_early": "ENDED EARLY"}.get(result.status, "STOPPED")


def summary_lines(
    result: SessionResult,
    before: int | None = None,
    after: int | None = None,
    felt: Felt | None = None,
) -> list[str]:
    rows = SessionSummary.of(result).rows()
    if before is not None and after is not None:
        rows.append(("Tension", f"before {before} -> after {after}"))
    elif before is not None:
        rows.append(("Tension", f"before {before}"))
    if felt is not None:
        rows.append(("Pace", FELT_LABELS[felt]))
    return [f"{label:<9}{value}" for label, value in rows]


class SummaryScreen(Screen[None]):
    """Enter saves the typed rating (or skips); then Enter goes home and q leaves the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "rate", "Save/skip rating", key_display="Enter"),
        Binding("enter", "home", "Home", key_display="Enter"),
        Binding("enter", "shell", "Back to the shell", key_display="Enter"),
        Binding("backspace", "erase", "Erase", show=False),
        Binding("e", "pace('easy')", "Too easy", show=False),
        Binding("r", "pace('right')", "About right", show=False),
        Binding("h", "pace('hard')", "Too hard", show=False),
        Binding("q", "leave", "Quit"),
    ]

    def __init__(
        self,
        result: SessionResult,
        on_rating: RatingCallback | None = None,
        *,
        leave_after: bool = False,
        tension_before: int | None = None,
        on_pace: PaceCallback | None = None,
        heart: str | None = None,
    ) -> None:
        super().__init__()
        self.heart = heart  # the session's heart figures, under the others
        self.on_pace = on_pace
        self.felt: Felt | None = None
        self.tension_before = tension_before
        self.result = result
        # A one-shot run from the command line: Enter, like q, goes back to the shell.
        self.leave_after = leave_after
        self.on_rating = on_rating
        self.rating: int | None = None
        self.rating_done = False

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-body"), Vertical(id="summary-card"):
            yield BigWord(status_word(self.result), id="summary-word")
            yield Static(self._facts(), id="summary-facts", markup=False)
            yield Static(RATING_QUESTION, id="rating-question", markup=False)
            yield RatingEntry(id="rating-entry")
            yield Static(PACE_KEYS, id="pace-keys", markup=False)
            yield Static(self._hint_text(), id="summary-hint", markup=False)
        yield FittingFooter()

    def _facts(self) -> str:
        lines = summary_lines(self.result, self.tension_before, self.rating, self.felt)
        return "\n".join([*lines, self.heart] if self.heart else lines)

    def _hint_text(self) -> str:
        if self.rating_done:
            if self.leave_after:
                return "Enter or q: back to the shell"
            return "Enter: back to the list  ·  q: quit"
        return "Type 0-10 and press Enter, or Enter to skip.  q: quit"

    @property
    def entry(self) -> RatingEntry:
        return self.query_one("#rating-entry", RatingEntry)

    def _refresh_texts(self) -> None:
        if self.rating_done:
            saved = f"Saved: {self.rating} of {MAX_RATING}."
            self.entry.update(saved if self.rating is not None else "Skipped.")
        self.query_one("#summary-facts", Static).update(self._facts())
        self.query_one("#summary-hint", Static).update(self._hint_text())
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("erase", "rate"):
            return not self.rating_done
        if action == "home":
            return self.rating_done and not self.leave_after
        if action == "shell":
            return self.rating_done and self.leave_after
        return True

    def on_key(self, event: events.Key) -> None:
        if self.rating_done or event.character is None or not event.character.isdigit():
            return
        event.stop()
        self.entry.type_digit(event.character)

    def action_erase(self) -> None:
        self.entry.erase()

    def action_rate(self) -> None:
        if self.rating_done:
            return
        value = self.entry.value
        if value is not None:
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

    def action_pace(self, felt: str) -> None:
        """The pace check: kept at once, changed by another key."""
        value = parse_felt(felt)
        if value is None or value == self.felt:
            return
        if self.on_pace is not None:
            try:
                self.on_pace(self.result, value)
            except Exception as exc:
                self.app.notify(
                    f"Could not save the pace check: {exc}", title="Error", severity="error"
                )
                return
        self.felt = value
        self.query_one("#pace-keys", Static).update(
            f"Pace: {FELT_LABELS[value]}  (e, r or h to change)"
        )
        self.query_one("#summary-facts", Static).update(self._facts())

    def action_home(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        self.app.exit(0)

    def action_shell(self) -> None:
        self.app.exit(0)
