"""What the benchmark parts share: the commands, their environment, and reading the screen."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from breathe.ui.widgets.block_font import big_lines

ROOT = Path(__file__).resolve().parent.parent

# The session screen draws the phase word in three-row letters: look for those rows.
BIG_WORDS = {
    w: tuple(row.rstrip() for row in big_lines(w) or ())
    for w in ("GET READY", "INHALE", "HOLD", "EXHALE", "REST")
}
KIND_WORD = {
    "lead-in": "GET READY",
    "inhale": "INHALE",
    "hold": "HOLD",
    "exhale": "EXHALE",
    "rest": "REST",
}

# Box breathing at 2 s a side: a real exercise, with the bar moving half the time and still
# the other half as in any box session, and a boundary every 2 s for the onset figures.
SESSION = ["run", "box", "--pattern", "2-2-2-2", "--minutes", "12", "--no-sound"]
SESSION_LABEL = "box 2-2-2-2"
SETTLE_SECONDS = 2.0  # after the first paint, before the CPU window opens
QUIT_APP = b"\x03"  # ctrl+c: the app leaves at once (a running session is saved)
NOTES: list[str] = []  # printed under the table
QUIT_FLOOR = b"\x11"  # ctrl+q: Textual's own quit (its ctrl+c only shows a hint)


def breathe_cmd() -> list[str]:
    exe = shutil.which("breathe")
    return [exe] if exe else [sys.executable, "-m", "breathe"]


def floor_cmd(animate: bool) -> list[str]:
    cmd = [sys.executable, "-m", "benchmarks.floor_app"]
    return [*cmd, "--animate"] if animate else cmd


def child_env(tmp: Path, **extra: str) -> dict[str, str]:
    return {
        "BREATHE_DATA_DIR": str(tmp / "data"),
        "BREATHE_CONFIG_DIR": str(tmp / "config"),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def phase_on_screen(lines: list[str]) -> str | None:
    """The big phase word the screen shows, if any."""
    for word, rows in BIG_WORDS.items():
        for i in range(len(lines) - 2):
            if rows[0] in lines[i] and rows[1] in lines[i + 1] and rows[2] in lines[i + 2]:
                return word
    return None


def text_shown(needle: str) -> Callable[[list[str]], bool]:
    return lambda lines: any(needle in line for line in lines)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
