"""The phase word and the bar keep a WCAG contrast of 4.5:1 in every colour mode and phase.

Read from the rendered screen, not from the palette's constants: the cells Textual composes
(NO_COLOR's grey filter included), then each colour as the terminal would show it after the
downgrade to 256 or 16 colours (16 colours: in Rich's palette and in xterm's own).
"""

from __future__ import annotations

import io

import pytest
from rich.color import Color, ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region

from breathe.system import app_state
from breathe.ui.app import BreatheApp
from breathe.ui.screens.session import SessionScreen
from breathe.ui.widgets.palette import MIN_CONTRAST, contrast, hex_rgb
from tests.helpers.clock import FakeClock
from tests.helpers.screen import PHASES, every_phase_app

pytestmark = pytest.mark.app

XTERM_16 = [
    *("#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5"),
    *("#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"),
]

# name: (TEXTUAL_COLOR_SYSTEM, theme, NO_COLOR, how the terminal shows a colour)
MODES = {
    "truecolor dark": ("truecolor", None, False, "truecolor"),
    "truecolor light": ("truecolor", "textual-light", False, "truecolor"),
    "256 dark": ("256", None, False, "256"),
    "256 light": ("256", "textual-light", False, "256"),
    "16 dark (rich)": ("standard", None, False, "16"),
    "16 light (rich)": ("standard", "textual-light", False, "16"),
    "16 dark (xterm)": ("standard", None, False, "xterm"),
    "16 light (xterm)": ("standard", "textual-light", False, "xterm"),
    "NO_COLOR dark": ("truecolor", None, True, "truecolor"),
    "NO_COLOR light": ("truecolor", "textual-light", True, "truecolor"),
}

RGB = tuple[int, int, int]


def shown(color: Color | None, how: str) -> RGB:
    assert color is not None, "every cell of the session screen has a colour"
    if how == "256":
        color = color.downgrade(ColorSystem.EIGHT_BIT)
    elif how in ("16", "xterm"):
        color = color.downgrade(ColorSystem.STANDARD)
        if how == "xterm":
            assert color.number is not None
            return hex_rgb(XTERM_16[color.number])
    triplet = color.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def cells(app: BreatheApp) -> list[list[tuple[str, Style]]]:
    """The screen as composed: one (character, style) per cell."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    update = app.screen._compositor.render_update(full=True)
    rows = []
    for line in Segment.split_lines(console.render(update)):
        row = []
        for seg in line:
            if not seg.control:
                row.extend((char, seg.style or Style()) for char in seg.text)
        rows.append(row)
    return rows[:height]


def within(grid: list[list[tuple[str, Style]]], region: Region) -> list[tuple[str, Style]]:
    return [
        grid[y][x] for y in range(region.y, region.bottom) for x in range(region.x, region.right)
    ]


def ratios(app: BreatheApp, how: str) -> dict[str, float]:
    """Least contrast of the word's strokes, and of the bar's fill or marker, against what
    they stand on: the screen's background and the bar's track."""
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    grid = cells(app)
    word = [(c, s) for c, s in within(grid, screen.word.region) if c.strip()]
    assert word, "the word is drawn"
    background = shown(word[0][1].bgcolor, how)
    out = {"word": min(contrast(shown(s.color, how), background) for _, s in word)}
    bar = within(grid, screen.bar.region)
    marks = [(c, s) for c, s in bar if c in "█▌▐"]
    track = next((s for c, s in bar if c not in "█▌▐"), None)
    if marks:
        against = [background] + ([shown(track.bgcolor, how)] if track else [])
        out["bar"] = min(contrast(shown(s.color, how), b) for _, s in marks for b in against)
    return out


@pytest.fixture(autouse=True)
def _steady(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app_state.mark_safety_seen()


@pytest.mark.parametrize("mode", list(MODES))
async def test_word_and_bar_contrast_in_every_phase(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    system, theme, no_color, how = MODES[mode]
    monkeypatch.setattr("textual.constants.COLOR_SYSTEM", system)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    clock = FakeClock()
    app = every_phase_app(clock, theme)
    found: dict[str, dict[str, float]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        # Paused first: it freezes the session clock, so the phases after keep their times.
        for phase in ["paused", *(p for p in PHASES if p != "paused")]:
            seconds, pause = PHASES[phase]
            clock.at(seconds)
            if pause:
                screen.action_toggle_pause()
            screen.tick()
            await pilot.pause()
            found[phase] = ratios(app, how)
            if pause:
                screen.action_toggle_pause()
    print(
        f"\n{mode:>18}: "
        + "  ".join(
            f"{phase} {r['word']:.1f}/{r.get('bar', float('nan')):.1f}"
            for phase, r in found.items()
        )
    )
    for phase, r in found.items():
        assert r["word"] >= MIN_CONTRAST, (phase, r)
        if phase != "set-rest":  # waiting for the next set: an empty track, no marker
            assert r["bar"] >= MIN_CONTRAST, (phase, r)
