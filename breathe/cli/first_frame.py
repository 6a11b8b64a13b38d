"""A session's first frame, painted before Textual loads.

Loading Textual is most of a start-up (about 0.2 s of 0.35 s on the 2-core development
machine), and a terminal that shows nothing meanwhile looks stuck. So `breathe run ID` takes
the screen at once: the session screen's background and panels, and GET READY in its block
letters. Textual's first frame replaces it when it has loaded; the clock starts after that, as
before. Painted only where its colours surely match the app's (256 colours or more, no
NO_COLOR, a theme whose lightness is known), so the hand-over shows no flash.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from breathe.ui.widgets.block_font import big_rows, fit, word_size
from breathe.ui.widgets.palette import Palette, hex_rgb, palette_for

WORDS = ("GET READY", "READY")
# Textual's built-in themes that are light; any other name is drawn dark, as Textual's are.
LIGHT_THEMES = frozenset(
    {
        "textual-light",
        "catppuccin-latte",
        "solarized-light",
        "rose-pine-dawn",
        "atom-one-light",
        "ansi-light",
    }
)
ENTER = "\x1b[?1049h\x1b[?25l"  # the alternate screen, no cursor: what Textual asks for too
LEAVE = "\x1b[0m\x1b[?25h\x1b[?1049l"
SYNC_START, SYNC_END = "\x1b[?2026h", "\x1b[?2026l"  # shown whole, never half drawn
_CUBE = (0, 95, 135, 175, 215, 255)


def color_system(env: Mapping[str, str]) -> str | None:
    """The colour system Rich (so Textual) will find: "truecolor" or "256"; None where the
    frame is not drawn (fewer colours, NO_COLOR, a dumb terminal)."""
    if env.get("NO_COLOR"):
        return None
    forced = env.get("TEXTUAL_COLOR_SYSTEM", "auto")
    if forced != "auto":
        return forced if forced in ("truecolor", "256") else None
    if env.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    colors = env.get("TERM", "").strip().lower().rpartition("-")[2]
    return "256" if colors in ("256color", "kitty") else None


def _nearest_level(channel: int) -> int:
    return min(range(6), key=lambda i: abs(_CUBE[i] - channel))


def xterm_index(rgb: tuple[int, int, int]) -> int:
    """The nearest of xterm's 256 colours among the cube and the grey ramp (the palettes for
    256 colours hold only such colours, so this is exact for them)."""
    cube = [_nearest_level(c) for c in rgb]
    cube_rgb = tuple(_CUBE[i] for i in cube)
    grey = min(range(24), key=lambda i: sum(abs(8 + 10 * i - c) for c in rgb))
    grey_rgb = (8 + 10 * grey,) * 3

    def distance(other: tuple[int, ...]) -> int:
        return sum((a - b) ** 2 for a, b in zip(rgb, other, strict=True))

    if distance(grey_rgb) < distance(cube_rgb):
        return 232 + grey
    return 16 + 36 * cube[0] + 6 * cube[1] + cube[2]


def sgr(colour: str, system: str, *, background: bool) -> str:
    """The SGR parameters for a `#rrggbb` colour in this colour system."""
    rgb = hex_rgb(colour)
    base = 48 if background else 38
    if system == "truecolor":
        return f"{base};2;{rgb[0]};{rgb[1]};{rgb[2]}"
    return f"{base};5;{xterm_index(rgb)}"


def frame_text(columns: int, rows: int, palette: Palette, system: str) -> str:
    """The whole frame: background, the top and bottom panels, the word in the middle."""
    back = sgr(palette.background, system, background=True)
    panel = sgr(palette.panel, system, background=True)
    out = [SYNC_START, ENTER, f"\x1b[0;{back}m\x1b[2J"]
    for row in (1, rows):
        out.append(f"\x1b[{row};1H\x1b[0;{panel}m{' ' * columns}")
    fitted = fit(WORDS, columns - 2, word_size(columns, rows))
    if fitted is not None:
        word_rows = big_rows(*fitted) or ()
        ink = sgr(palette.phase("lead-in"), system, background=False)
        top = max(2, (rows - len(word_rows)) // 2 + 1)
        for i, line in enumerate(word_rows):
            left = max(1, (columns - len(line)) // 2 + 1)
            out.append(f"\x1b[{top + i};{left}H\x1b[0;1;{ink};{back}m{line}")
    # Left in the background colour: a terminal that clears as Textual takes over fills with it.
    out.append(f"\x1b[0;{back}m{SYNC_END}")
    return "".join(out)


class FirstFrame:
    """The frame on one terminal stream, and taking it back if Textual never takes over."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.painted = False

    def paint(self, theme: str | None, env: Mapping[str, str] | None = None) -> bool:
        """Draw the frame if this terminal's colours are sure to match the app's."""
        env = os.environ if env is None else env
        system = color_system(env)
        if system is None or not self._stream.isatty():
            return False
        try:
            columns, rows = os.get_terminal_size(self._stream.fileno())
        except (OSError, ValueError):
            return False
        if columns < 20 or rows < 6:
            return False
        palette = palette_for(system, dark=(theme or "") not in LIGHT_THEMES)
        try:
            self._stream.write(frame_text(columns, rows, palette, system))
            self._stream.flush()
        except (OSError, ValueError):
            return False
        self.painted = True
        return True

    def withdraw(self) -> None:
        """Back to the shell's screen: for when the app could not start after the paint."""
        if self.painted:
            self.painted = False
            try:
                self._stream.write(LEAVE)
                self._stream.flush()
            except (OSError, ValueError):
                pass
