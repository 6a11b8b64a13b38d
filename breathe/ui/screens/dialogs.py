"""Small modal screens: end the session early?, the safety text, and help."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from breathe.core.catalogue import SAFETY_TEXT
from breathe.ui.widgets.rating_entry import RatingEntry

SESSION_KEYS = (
    ("space", "pause or resume (the bar freezes; timing resumes exactly)"),
    ("m", "mute or unmute the sound cues"),
    ("+ / -", "louder or softer (kept for next time)"),
    ("q / Esc", "end the session early (asks first)"),
    ("r", "reduced motion: the bar moves in whole steps, twice a second"),
    ("?", "this help"),
)

HOME_KEYS = (
    ("↑ ↓, Enter", "pick an exercise or routine; Enter starts it"),
    ("e", "switch the exhale: hum (lips closed) or ha (mouth open); kept for next time"),
    ("+ / -", "more or fewer breaths (or minutes) per set"),
    ("] / [", "more or fewer sets"),
    ("h", "history"),
    ("ctrl+p", "command palette: start any exercise by name"),
    ("q", "quit"),
)


def _keys_text(keys: tuple[tuple[str, str], ...]) -> str:
    width = max(len(k) for k, _ in keys)
    return "\n".join(f"{k.rjust(width)}  {what}" for k, what in keys)


class ConfirmEndScreen(ModalScreen[bool]):
    """Asks once whether to end the session; True ends it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # A second q confirms; Enter presses the focused button, "Keep going" at first.
        Binding("y,q", "answer(True)", "End session"),
        Binding("n,escape", "answer(False)", "Keep going"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog"):
            yield Static("End this session early?", classes="dialog-title")
            yield Static("It is saved as ended early, with the breaths done so far.")
            yield Static("y or q: end  ·  n or Esc: keep going", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("End (y)", id="yes", variant="error")
                yield Button("Keep going (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, end: bool) -> None:
        self.dismiss(end)


class SafetyScreen(ModalScreen[bool]):
    """The safety text before the very first session; True means read and go on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "answer(True)", "Start"),
        Binding("escape,q", "answer(False)", "Not now"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog"):
            yield Static("Before your first session", classes="dialog-title")
            yield Static(SAFETY_TEXT, id="safety-text")
            yield Static("Enter: start  ·  Esc: not now", classes="dialog-hint")

    def action_answer(self, go_on: bool) -> None:
        self.dismiss(go_on)


class HelpScreen(ModalScreen[None]):
    """Safety first, then the keys of the screen it was opened from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,enter", "close", "Close")
    ]

    def __init__(self, keys: tuple[tuple[str, str], ...] = SESSION_KEYS) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog"):
            yield Static("Safety", classes="dialog-title")
            yield Static(SAFETY_TEXT, id="safety-text")
            yield Static("Keys", classes="dialog-title")
            yield Static(_keys_text(self.keys), id="help-keys")
            yield Static("Esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)


class TensionBeforeScreen(ModalScreen[int | None]):
    """Neck and upper back before the session, 0-10; Enter with nothing typed skips."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "answer", "Start"),
        Binding("backspace", "erase", "Erase", show=False),
        Binding("escape", "skip", "Skip"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog"):
            yield Static("Before you start", classes="dialog-title")
            yield Static("Neck and upper back: how tense do they feel, 0-10?")
            yield RatingEntry(id="tension-entry")
            yield Static("Type 0-10 and press Enter, or Enter to skip.", classes="dialog-hint")

    @property
    def entry(self) -> RatingEntry:
        return self.query_one("#tension-entry", RatingEntry)

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        self.entry.type_digit(event.character)

    def action_erase(self) -> None:
        self.entry.erase()

    def action_answer(self) -> None:
        self.dismiss(self.entry.value)

    def action_skip(self) -> None:
        self.dismiss(None)
