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

from breathe.core.pace import FELT_DIGITS, FELT_LABELS, Felt, asks_pace
from breathe.core.session import SessionResult
from breathe.core.summary import SessionSummary
from breathe.ui.widgets.big_word import BigWord
from breathe.ui.widgets.fitting_footer import FittingFooter
from breathe.ui.widgets.rating_entry import MAX_RATING, RatingEntry

RATING_QUESTION = "Neck and upper back: how do they feel, 0-10?"

RatingCallback = Callable[[SessionResult, int], None]
PaceCallback = Callable[[SessionResult, str], None]
PACE_KEYS = "1 too easy  ·  2 about right  ·  3 too hard"


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


# Below 18 rows (40x12) the screen has the class -short: the tcss keeps what matters.
_SHORT_BELOW_18: list[tuple[int, str]] = [(0, "-short"), (18, "-tall")]


class SummaryScreen(Screen[None]):
    """Enter saves the typed rating (or skips); then Enter goes home and q leaves the app."""

    VERTICAL_BREAKPOINTS = _SHORT_BELOW_18

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "rate", "Save/skip rating", key_display="Enter"),
        Binding("enter", "home", "Home", key_display="Enter"),
        Binding("enter", "shell", "Back to the shell", key_display="Enter"),
        Binding("backspace", "erase", "Erase", show=False),
        Binding("q", "leave", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
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
        # Asked after the rating (its digits first), and only where the answer moves a step.
        self.asks_pace = on_pace is not None and asks_pace(result)
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
            if self.asks_pace:
                yield Static(self._pace_text(), id="pace-keys", markup=False)
            yield Static(self._hint_text(), id="summary-hint", markup=False)
        yield FittingFooter()

    def _pace_text(self) -> str:
        if self.felt is not None:
            return f"Pace: {FELT_LABELS[self.felt]}  (1, 2 or 3 to change)"
        return f"{'Pace' if self.rating_done else 'Then the pace'}: {PACE_KEYS}"

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
        if self.asks_pace:
            self.query_one("#pace-keys", Static).update(self._pace_text())
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
        # Enter is taken here too, in turn with the digits: through the binding it would run
        # after a digit typed just behind it ("Enter 3" would rate 3, not skip and answer 3).
        if event.key == "enter" and not self.rating_done:
            event.stop()
            self.action_rate()
            return
        key = event.character
        if key is None or not key.isdigit():
            return
        event.stop()
        if not self.rating_done:
            self.entry.type_digit(key)
        elif key in FELT_DIGITS:
            self.action_pace(FELT_DIGITS[key])

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

    def action_pace(self, value: Felt) -> None:
        """The pace check: kept at once, changed by another digit."""
        if not self.asks_pace or value == self.felt:
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
        self._refresh_texts()

    def action_help(self) -> None:
        """Help is one key away on every screen with a footer (issue 13), this one included."""
        from breathe.ui.screens.dialogs import SESSION_KEYS, HelpScreen

        self.app.push_screen(HelpScreen(SESSION_KEYS))

    def action_home(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        self.app.exit(0)

    def action_shell(self) -> None:
        self.app.exit(0)
