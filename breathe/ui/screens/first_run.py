"""The very first `breathe`: a suggested first session for each purpose, one key to start.

A new user should not have to read a list of fourteen items to begin. This offers three,
each with its reason and length, over the home screen; the safety text is on the same
screen, so the one key that starts also says it was read. Esc leaves the offer for the list
(and the safety text then comes before the first session, as it always did).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from breathe.core.catalogue import SAFETY_TEXT
from breathe.core.home import FirstSession
from breathe.ui.widgets.fitting_footer import FittingFooter

# Below 18 rows (40x12) the screen has the class -short: less padding, the choices stay.
_SHORT_BELOW_18: list[tuple[int, str]] = [(0, "-short"), (18, "-tall")]
FULL_ROWS_FROM = 52  # dialog content width that fits `1  Before a run: Before the run, ...`


def offer_row(number: int, offer: FirstSession, *, full: bool) -> str:
    """One choice: key, purpose, and length; the item's name when there is room."""
    what = f"{offer.name}, {offer.length}" if full else offer.length
    return f"{number}  {offer.purpose}: {what}"


class FirstRunScreen(ModalScreen["str | None"]):
    """Dismissed with the chosen item's id, or None for the full list."""

    DEFAULT_CSS = """
    FirstRunScreen {
        align: center middle;
    }
    FirstRunScreen #first-choices {
        height: auto;
        border: none;
        padding: 0;
        margin-top: 1;
    }
    FirstRunScreen #first-safety {
        margin-top: 1;
    }
    FirstRunScreen.-short #first-choices {
        margin-top: 0;
    }
    """

    VERTICAL_BREAKPOINTS = _SHORT_BELOW_18

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose(0)", "Start", key_display="1-3"),
        Binding("2", "choose(1)", "Start", show=False),
        Binding("3", "choose(2)", "Start", show=False),
        Binding("escape,q", "list", "The full list", key_display="Esc"),
        # Over the choices' own page keys (three rows need none): the dialog scrolls. PgDn is
        # in the footer while the safety text goes on below the fold (40x12 and 80x24 alike).
        Binding("pagedown", "scroll(1)", "More", key_display="PgDn", priority=True),
        # At the end PgDn is out of the footer, and must still not reach the choices (it would
        # move the highlight, and Enter would start another session): kept here, unseen.
        Binding("pagedown", "stay", show=False, priority=True),
        Binding("pageup", "scroll(-1)", "Back up", key_display="PgUp", show=False, priority=True),
    ]

    def __init__(self, offers: Sequence[FirstSession]) -> None:
        super().__init__()
        self.offers = tuple(offers[:3])

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog"):
            yield Static("Welcome: pick a first session", classes="dialog-title")
            yield OptionList(
                *(Option(offer_row(n, o, full=True), id=o.id) for n, o in self._numbered()),
                id="first-choices",
            )
            keys = [str(n) for n, _ in self._numbered()]
            either = f"{', '.join(keys[:-1])} or {keys[-1]}" if len(keys) > 1 else keys[0]
            yield Static(
                f"{either} (or Enter) starts it, and says you have read the safety text "
                "below. Esc: the full list.",
                classes="dialog-hint",
                id="first-hint",
            )
            yield Static("Safety", classes="dialog-title", id="first-safety")
            yield Static(SAFETY_TEXT, id="safety-text")
        yield FittingFooter()

    def _numbered(self) -> list[tuple[int, FirstSession]]:
        return list(enumerate(self.offers, start=1))

    def on_mount(self) -> None:
        choices = self.query_one("#first-choices", OptionList)
        choices.highlighted = 0
        choices.focus()
        self.call_after_refresh(self._fit_rows)
        self.watch(self.query_one("#dialog"), "scroll_y", self._scrolled, init=False)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_rows()

    def _scrolled(self) -> None:
        self.refresh_bindings()

    def _more_below(self) -> bool:
        dialog = self.query_one("#dialog", VerticalScroll)
        return dialog.scroll_y < dialog.max_scroll_y

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "scroll" and parameters == (1,):
            return self._more_below()  # out of the footer once the end is in view
        return True

    def _fit_rows(self) -> None:
        width = self.query_one("#dialog").content_region.width
        choices = self.query_one("#first-choices", OptionList)
        for n, offer in self._numbered():
            row = offer_row(n, offer, full=width >= FULL_ROWS_FROM)
            choices.replace_option_prompt(offer.id, row)
        self.call_after_refresh(self.refresh_bindings)  # the fold moves with the size

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self, index: int) -> None:
        if index < len(self.offers):
            self.dismiss(self.offers[index].id)

    def action_stay(self) -> None:
        """PgDn with nothing more below: nothing moves."""

    def action_list(self) -> None:
        self.dismiss(None)

    def action_scroll(self, pages: int) -> None:
        dialog = self.query_one("#dialog", VerticalScroll)
        if pages > 0:
            dialog.scroll_page_down()
        else:
            dialog.scroll_page_up()
