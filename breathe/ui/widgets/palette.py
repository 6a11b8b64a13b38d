"""Phase colours for the session screen, designed per colour system and light or dark.

A terminal shows what it can: Textual draws in 24-bit colour and the output is downgraded to
256 or 16 colours by nearest match. So each table below holds colours the downgrade maps to
themselves (xterm's 256-colour cube and grey ramp, the 16 standard colours) and so were
chosen, not inherited: no navy panels in tmux, no bright red hold with TERM=xterm. Every phase
colour keeps a WCAG contrast of at least 4.5:1 against the background and the bar's track;
`tests/test_palette.py` checks it on the rendered screen.

Pure: no Textual import, so it costs nothing at start-up and is easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass

# The phases the screen colours: the engine's segment kinds, plus paused, the top-up of a
# split inhale, and "set N done" while waiting for the next strength set.
PHASES = (
    "lead-in",
    "inhale",
    "top-up",
    "hold",
    "exhale",
    "rest",
    "set-rest",
    "transition",
    "paused",
)

MIN_CONTRAST = 4.5


@dataclass(frozen=True)
class Palette:
    """Colours as `#rrggbb`; `track_char` fills the bar's empty part when its colour alone
    would not show the bar's extent (16 colours, NO_COLOR)."""

    name: str
    background: str
    text: str
    muted: str
    panel: str  # header and footer
    panel_text: str
    track: str
    track_char: str
    track_char_color: str
    phases: dict[str, str]

    def phase(self, phase: str) -> str:
        return self.phases.get(phase, self.text)


def _phases(
    lead: str, inhale: str, hold: str, exhale: str, rest: str, set_rest: str, paused: str
) -> dict[str, str]:
    return {
        "lead-in": lead,
        "inhale": inhale,
        "top-up": inhale,
        "hold": hold,
        "exhale": exhale,
        "rest": rest,
        "set-rest": set_rest,
        "transition": lead,
        "paused": paused,
    }


# Calm hues: sky for breathing in, lavender for a hold, sage for breathing out, warm sand for
# rest. Light themes use the same hues, deep.
_TRUECOLOR_DARK = Palette(
    name="truecolor-dark",
    background="#111417",
    text="#dfe3e8",
    muted="#a3abb5",
    panel="#1c2126",
    panel_text="#c9d0d8",
    track="#232a31",
    track_char=" ",
    track_char_color="#232a31",
    phases=_phases(
        lead="#dfe3e8",
        inhale="#7fc4ea",
        hold="#b9a8f0",
        exhale="#8fd1a8",
        rest="#dcc9a0",
        set_rest="#e8c48e",
        paused="#aab1ba",
    ),
)

_TRUECOLOR_LIGHT = Palette(
    name="truecolor-light",
    background="#f6f4ef",
    text="#23272c",
    muted="#545b63",
    panel="#e8e4dc",
    panel_text="#2f353b",
    track="#e3ded4",
    track_char=" ",
    track_char_color="#e3ded4",
    phases=_phases(
        lead="#23272c",
        inhale="#1d5f8a",
        hold="#5a4aa0",
        exhale="#2d6a48",
        rest="#78561b",
        set_rest="#7a4e10",
        paused="#4e555d",
    ),
)

# xterm 256: the 6x6x6 cube (0, 95, 135, 175, 215, 255) and the grey ramp (8 + 10k).
_256_DARK = Palette(
    name="256-dark",
    background="#121212",  # 233
    text="#d0d0d0",  # 252
    muted="#a8a8a8",  # 248
    panel="#262626",  # 235
    panel_text="#bcbcbc",  # 250
    track="#303030",  # 236
    track_char=" ",
    track_char_color="#303030",
    phases=_phases(
        lead="#d0d0d0",  # 252
        inhale="#87d7ff",  # 117 sky
        hold="#d7afff",  # 183 lavender
        exhale="#87d7af",  # 115 sage
        rest="#d7d7af",  # 187 sand
        set_rest="#ffd7af",  # 223 peach
        paused="#a8a8a8",  # 248
    ),
)

_256_LIGHT = Palette(
    name="256-light",
    background="#eeeeee",  # 255
    text="#262626",  # 235
    muted="#4e4e4e",  # 239
    panel="#dadada",  # 253
    panel_text="#262626",
    track="#e4e4e4",  # 254
    track_char=" ",
    track_char_color="#e4e4e4",
    phases=_phases(
        lead="#262626",
        inhale="#005f87",  # 24
        hold="#5f0087",  # 54 violet
        exhale="#005f00",  # 22
        rest="#5f5f00",  # 58
        set_rest="#005f5f",  # 23
        paused="#4e4e4e",  # 239
    ),
)

# The 16 standard colours, as Rich's palette spells them (the downgrade matches these exactly);
# the terminal shows its own shades of them. Chosen to pass 4.5:1 both in that palette and in
# xterm's defaults: no blue or grey on black, no green or cyan on white.
BLACK, WHITE, BRIGHT_BLACK, BRIGHT_WHITE = "#000000", "#aaaaaa", "#555555", "#ffffff"
BLUE, MAGENTA = "#0000aa", "#aa00aa"
BRIGHT_GREEN, BRIGHT_YELLOW, BRIGHT_CYAN = "#55ff55", "#ffff55", "#55ffff"

_16_DARK = Palette(
    name="16-dark",
    background=BLACK,
    text=WHITE,
    muted=WHITE,
    panel=BLACK,
    panel_text=WHITE,
    track=BLACK,
    track_char="░",
    track_char_color=BRIGHT_BLACK,
    phases=_phases(
        lead=BRIGHT_WHITE,
        inhale=BRIGHT_CYAN,
        hold=BRIGHT_WHITE,
        exhale=BRIGHT_GREEN,
        rest=WHITE,
        set_rest=BRIGHT_YELLOW,
        paused=WHITE,
    ),
)

_16_LIGHT = Palette(
    name="16-light",
    background=BRIGHT_WHITE,
    text=BLACK,
    muted=BLACK,
    panel=BRIGHT_WHITE,
    panel_text=BLACK,
    track=BRIGHT_WHITE,
    track_char="░",
    track_char_color=BRIGHT_BLACK,
    phases=_phases(
        lead=BLACK,
        inhale=BLUE,
        hold=MAGENTA,
        exhale=BLACK,
        rest=BLACK,
        set_rest=BLUE,
        paused=BLACK,
    ),
)

# NO_COLOR: Textual turns every colour to its grey. Words and bar are plain light on dark (or
# dark on light); the phase shows in the word and the bar's shape, the track as a texture.
_MONO_DARK = Palette(
    name="mono-dark",
    background="#000000",
    text="#e4e4e4",
    muted="#bcbcbc",
    panel="#000000",
    panel_text="#e4e4e4",
    track="#000000",
    track_char="░",
    track_char_color="#767676",
    phases=_phases(*(["#e4e4e4"] * 7)),
)

_MONO_LIGHT = Palette(
    name="mono-light",
    background="#ffffff",
    text="#1c1c1c",
    muted="#3a3a3a",
    panel="#ffffff",
    panel_text="#1c1c1c",
    track="#ffffff",
    track_char="░",
    track_char_color="#8a8a8a",
    phases=_phases(*(["#1c1c1c"] * 7)),
)

PALETTES = {
    p.name: p
    for p in (
        _TRUECOLOR_DARK,
        _TRUECOLOR_LIGHT,
        _256_DARK,
        _256_LIGHT,
        _16_DARK,
        _16_LIGHT,
        _MONO_DARK,
        _MONO_LIGHT,
    )
}


def palette_for(color_system: str | None, *, dark: bool, no_color: bool = False) -> Palette:
    """The palette for Rich's colour system name ("truecolor", "256", "standard", "windows")."""
    if no_color or color_system is None:
        depth = "mono"
    elif color_system == "truecolor":
        depth = "truecolor"
    elif color_system == "256":
        depth = "256"
    else:
        depth = "16"
    return PALETTES[f"{depth}-{'dark' if dark else 'light'}"]


# WCAG 2.x contrast ----------------------------------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance, 0 (black) to 1 (white)."""
    r, g, b = rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
