"""A footer that keeps the keys that matter when the terminal is narrow.

Textual's footer shows every binding in order and cuts the line where the width ends, so at
80 columns "q Quit" fell off and at 40 the palette key was split. This one drops the least
important keys first (the last ones listed), always keeps quit, help and the way back, and
hides the palette key where there is no room for it.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Actions that stay in the footer at every width: leaving and asking for help.
ALWAYS = frozenset(
    {
        "app.quit",
        "quit",
        "leave",
        "help",
        "close",
        "answer(False)",
        "skip",
        "cancel",
        "done",
        "end_early",
    }
)
PALETTE_MIN_WIDTH = 70
COMPACT_BELOW = 100


def key_cost(key_display: str, description: str, compact: bool) -> int:
    """Cells one key takes in the footer: ` key description ` plus its gap."""
    return cell_len(key_display) + cell_len(description) + (2 if compact else 3)


def fitting(entries: list[tuple[str, str, str]], width: int, compact: bool) -> list[int]:
    """Indexes of (action, key display, description) entries that fit in `width` cells, in
    their order; the ALWAYS ones first, then the others as listed."""
    order = [i for i, e in enumerate(entries) if e[0] in ALWAYS] + [
        i for i, e in enumerate(entries) if e[0] not in ALWAYS
    ]
    kept: set[int] = set()
    used = 0
    for i in order:
        _, key, description = entries[i]
        cost = key_cost(key, description, compact)
        if used + cost > width and entries[i][0] not in ALWAYS:
            continue
        kept.add(i)
        used += cost
    return sorted(kept)


class FittingFooter(Footer):
    """The footer to use on every screen of ours (dialogs too: each shows its own keys)."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=True, compact=False)
        self._width = 0

    def on_resize(self, event: events.Resize) -> None:
        width = self.app.size.width
        if width != self._width:
            self._width = width
            self.compact = width < COMPACT_BELOW
            self.show_command_palette = width >= PALETTE_MIN_WIDTH
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.app.size.width
        compact = width < COMPACT_BELOW
        palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        active = self.screen.active_bindings
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        items = list(shown.values())
        entries = [(b.action, self.app.get_key_display(b), b.description) for b, _, _ in items]
        room = width - ((12 if compact else 14) if palette else 0)
        for i in fitting(entries, room, compact):
            binding, enabled, tooltip = items[i]
            yield FooterKey(
                binding.key,
                entries[i][1],
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if palette:
            try:
                _node, binding, enabled, tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            except KeyError:
                return
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )
