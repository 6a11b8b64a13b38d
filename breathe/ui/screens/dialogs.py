"""Small modal screens: end the session early?, the safety text, and help."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.table import Table
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from breathe.core.catalogue import SAFETY_TEXT
from breathe.core.engine import Dose
from breathe.ui.widgets.fitting_footer import FittingFooter
from breathe.ui.widgets.rating_entry import RatingEntry

# Short enough to sit two to a row at 80 columns, so every key shows without scrolling.
SESSION_KEYS = (
    ("space", "pause or resume"),
    ("m", "mute or unmute"),
    ("+ / -", "louder or softer"),
    ("g / v", "guide sound / voice on or off"),
    ("b", "bell, when no device"),
    ("q / Esc", "end early (asks first)"),
    ("r", "reduced motion"),
    ("?", "this help"),
)

HOME_KEYS = (
    ("↑ ↓", "pick one"),
    ("Enter", "start it"),
    ("e", "hum or ha, this one only"),
    ("+ / -", "more or fewer breaths"),
    ("] / [", "more or fewer sets"),
    ("+ - ] [", "on a routine: adjust it"),
    ("k", "keep a routine's changes"),
    ("p / P", "hold / reset this one's step"),
    ("g", "weekly goal: sessions, minutes, none"),
    ("h", "history"),
    ("ctrl+p", "start one by name; History, Help, Weekly goal"),
    ("q", "quit"),
)

HISTORY_KEYS = (
    ("↑ ↓ PgUp PgDn", "scroll the sessions"),
    ("1 2 3", "change the last pace check"),
    ("Esc / q", "back to the list"),
)

# What `3 · 0 · 6 · 3` and `2+0.5` mean, as `breathe list` says it under its table.
CADENCE_LEGEND = (
    "Cadence: 3 · 0 · 6 · 3 is seconds to breathe in · hold · out · rest; "
    "2+0.5 is an inhale, then a short top-up inhale."
)

KEY_GROUPS = (("Session", SESSION_KEYS), ("Home", HOME_KEYS), ("History", HISTORY_KEYS))
TWO_COLUMNS_FROM = 64  # dialog content width


def keys_table(keys: tuple[tuple[str, str], ...], pairs_per_row: int) -> Table:
    """Keys in a grid: a wrapped description keeps its column instead of losing its indent."""
    table = Table.grid(padding=(0, 1), expand=True)
    for _ in range(pairs_per_row):
        table.add_column(justify="right", no_wrap=True, style="bold")
        table.add_column(ratio=1)
    for start in range(0, len(keys), pairs_per_row):
        row: list[str] = []
        for key, what in keys[start : start + pairs_per_row]:
            row += [key, what]
        row += [""] * (2 * pairs_per_row - len(row))
        table.add_row(*row)
    return table


# Below 18 rows (40x12) the screen has the class -short: the tcss keeps what matters.
_SHORT_BELOW_18: list[tuple[int, str]] = [(0, "-short"), (18, "-tall")]


class ConfirmEndScreen(ModalScreen[bool]):
    """Asks once whether to end the session; True ends it."""

    VERTICAL_BREAKPOINTS = _SHORT_BELOW_18

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
        yield FittingFooter()

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
        yield FittingFooter()

    def action_answer(self, go_on: bool) -> None:
        self.dismiss(go_on)


class HelpScreen(ModalScreen[None]):
    """Every key, grouped (the screen it was opened from first), then the safety text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,enter", "close", "Close", key_display="Esc")
    ]

    def __init__(self, keys: tuple[tuple[str, str], ...] = SESSION_KEYS) -> None:
        super().__init__()
        self.keys = keys
        first = [g for g in KEY_GROUPS if g[1] is keys]
        self.groups = tuple(first + [g for g in KEY_GROUPS if g[1] is not keys])

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog help-dialog"):
            for name, _ in self.groups:
                yield Static(f"Keys: {name.lower()}", classes="dialog-title help-group")
                yield Static(id=f"help-keys-{name.lower()}", classes="help-keys")
            yield Static(CADENCE_LEGEND, id="help-cadence", classes="help-keys", markup=False)
            yield Static("Safety", classes="dialog-title help-safety-title")
            yield Static(SAFETY_TEXT, id="safety-text")
        yield FittingFooter()

    def on_resize(self, event: events.Resize) -> None:
        dialog = self.query_one("#dialog")
        pairs = 2 if dialog.content_region.width >= TWO_COLUMNS_FROM else 1
        for name, keys in self.groups:
            self.query_one(f"#help-keys-{name.lower()}", Static).update(keys_table(keys, pairs))

    def on_mount(self) -> None:
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        self.on_resize(events.Resize(self.size, self.size))

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
        yield FittingFooter()

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


class RoutineEditScreen(ModalScreen["tuple[Dose, ...] | None"]):
    """Each step's dose of a routine: ↑ ↓ pick a step, + - breaths or minutes, ] [ sets;
    Enter keeps the change for this app's runs, Esc leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Step", key_display="↑↓", show=False),
        Binding("down", "move(1)", "Step", key_display="↓", show=False),
        Binding("plus,equals_sign", "amount(1)", "More/less", key_display="+/-"),
        Binding("minus,underscore", "amount(-1)", "Less", show=False),
        Binding("right_square_bracket", "sets(1)", "Sets", key_display="]/["),
        Binding("left_square_bracket", "sets(-1)", "Sets-", show=False),
        Binding("enter", "done", "Done", key_display="Enter"),
        Binding("escape", "cancel", "Cancel", key_display="Esc"),
    ]

    def __init__(
        self,
        name: str,
        steps: Sequence[str],
        doses: Sequence[Dose],
        amount: Callable[[Dose, int], Dose],
        sets: Callable[[Dose, int], Dose],
    ) -> None:
        super().__init__()
        self.routine_name = name
        self.steps = tuple(steps)
        self.doses = list(doses)
        self.current = 0
        self._amount = amount
        self._sets = sets

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog"):
            yield Static(f"{self.routine_name}: each step's dose", classes="dialog-title")
            yield Static(self._rows(), id="routine-steps", markup=False)
            yield Static(
                "↑ ↓ step  ·  + - breaths or minutes  ·  ] [ sets  ·  Enter: use for now "
                "(k on the list keeps it)  ·  Esc: cancel",
                classes="dialog-hint",
            )
        yield FittingFooter()

    def _rows(self) -> str:
        width = max(len(s) for s in self.steps)
        return "\n".join(
            f"{'▸' if i == self.current else ' '} {name.ljust(width)}  {dose.describe()}"
            for i, (name, dose) in enumerate(zip(self.steps, self.doses, strict=True))
        )

    def _show(self) -> None:
        self.query_one("#routine-steps", Static).update(self._rows())

    def action_move(self, step: int) -> None:
        self.current = (self.current + step) % len(self.steps)
        self._show()

    def action_amount(self, step: int) -> None:
        self.doses[self.current] = self._amount(self.doses[self.current], step)
        self._show()

    def action_sets(self, step: int) -> None:
        self.doses[self.current] = self._sets(self.doses[self.current], step)
        self._show()

    def action_done(self) -> None:
        self.dismiss(tuple(self.doses))

    def action_cancel(self) -> None:
        self.dismiss(None)
