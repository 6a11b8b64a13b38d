"""A footer that keeps the keys that matter when the terminal is narrow.

Textual's footer shows every binding in order and cuts the line where the width ends, so at
80 columns "q Quit" fell off and at 40 the palette key was split. This one drops the least
important keys first (the last ones listed), always keeps quit, help and the way back, and
hides the palette key where there is no room for it. It draws its own keys from the screen's
public `active_bindings`, so no private part of Textual's footer is needed; they look like
Textual's (the same theme variables and component classes).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

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


class FooterKeyLabel(Widget):
    """One key and what it does; a click presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer-key--key", "footer-key--description"}
    DEFAULT_CSS = """
    FooterKeyLabel {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            pointer: pointer;
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &.-disabled {
            text-style: dim;
        }
        &.-compact {
            .footer-key--key {
                padding: 0;
            }
            .footer-key--description {
                padding: 0 0 0 1;
            }
        }
    }
    """

    compact = reactive(True)

    def __init__(
        self,
        binding: Binding,
        key_display: str,
        *,
        enabled: bool = True,
        tooltip: str = "",
        classes: str = "",
    ) -> None:
        super().__init__(classes=f"{classes} -disabled" if not enabled else classes)
        self.shrink = False  # a key is never drawn in part
        self.key = binding.key
        self.key_display = key_display
        self.description = binding.description
        self.action = binding.action
        self.enabled = enabled
        if tooltip:
            self.tooltip = tooltip

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        if not self.description:
            text = Text(self.key_display, key_style)
        else:
            key_pad = self.get_component_styles("footer-key--key").padding
            pad = self.get_component_styles("footer-key--description").padding
            text = Text.assemble(
                (" " * key_pad.left + self.key_display + " " * key_pad.right, key_style),
                (" " * pad.left + self.description + " " * pad.right, description_style),
            )
        text.stylize_before(self.rich_style)
        return text

    def on_mouse_down(self) -> None:
        if self.enabled:
            self.app.simulate_key(self.key)
        else:
            self.app.bell()

    def watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")


class FittingFooter(Footer):
    """The footer to use on every screen of ours (dialogs too: each shows its own keys)."""

    DEFAULT_CSS = """
    FittingFooter {
        FooterKeyLabel.-command-palette {
            dock: right;
            padding-right: 1;
            border-left: vkey $foreground 20%;
        }
        &.-compact {
            FooterKeyLabel {
                margin-right: 1;
            }
            FooterKeyLabel.-command-palette {
                padding-right: 0;
            }
        }
    }
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=True, compact=False)
        self._width = 0
        self._bindings_known = False  # before the screen's bindings are known: draw nothing

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_known = True
        super().bindings_changed(screen)

    def on_resize(self, event: events.Resize) -> None:
        width = self.app.size.width
        if width != self._width:
            self._width = width
            self.compact = width < COMPACT_BELOW
            self.show_command_palette = width >= PALETTE_MIN_WIDTH
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        if not self._bindings_known:
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
            yield FooterKeyLabel(
                binding, entries[i][1], enabled=enabled, tooltip=tooltip
            ).data_bind(compact=Footer.compact)
        if palette and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            yield FooterKeyLabel(
                binding,
                self.app.get_key_display(binding),
                enabled=enabled,
                tooltip=binding.tooltip or binding.description,
                classes="-command-palette",
            )
