"""Frames of visible change per second while breathing, as a user's terminal receives them.

    python -m benchmarks.frames [--seconds 20] [--size 100x30] [--reduced-motion]

Runs `breathe run box --pattern 4-4-4-4 --lead-in 0 --no-sound` in a pseudo-terminal read by
a terminal emulator (pyte), and counts, per phase word on screen, how often the bar's row
reads differently from the read before: the rate at which the bar visibly moves. The goal:
at least 20 a second in inhales and exhales (where the bar's sub-cell changes that often),
and in holds and rests only what the marker and the numbers need (about 2 a second). CPU
of the app over the window is printed too. `frame_rates()` is the entry point for
`python -m benchmarks`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.pty_screen import PtyScreen, cpu_seconds
from breathe.ui.widgets.block_font import big_rows
from breathe.ui.widgets.breath_bar import EIGHTHS, FULL

ROOT = Path(__file__).resolve().parent.parent
SESSION = ["run", "box", "--pattern", "4-4-4-4", "--lead-in", "0", "--no-sound", "--minutes", "5"]
PHASES = ("INHALE", "HOLD", "EXHALE", "REST")
BAR_CHARS = frozenset(FULL + EIGHTHS.strip() + "▌▐")
SETTLE_SECONDS = 2.0
GOAL_FPS = 20.0


@dataclass
class PhaseFrames:
    seconds: float = 0.0
    changes: int = 0

    @property
    def per_second(self) -> float:
        return self.changes / self.seconds if self.seconds else 0.0


@dataclass
class FrameRates:
    phases: dict[str, PhaseFrames] = field(default_factory=dict)
    cpu_percent: float = 0.0
    window: float = 0.0


def phase_of(lines: Sequence[str]) -> str | None:
    """The phase word in big letters on screen (its rows are a prefix of "INHALE 3"'s)."""
    for word in PHASES:
        rows = big_rows(word, 0)
        assert rows is not None
        for i in range(len(lines) - 2):
            if all(rows[k] in lines[i + k] for k in range(3)):
                return word
    return None


def bar_row(lines: Sequence[str]) -> int | None:
    """The first row drawn mostly in bar characters (the bar's rows all read the same)."""
    for i, line in enumerate(lines):
        drawn = sum(ch in BAR_CHARS for ch in line)
        if drawn >= max(3, len(line.strip()) * 3 // 4):
            return i
    return None


def frame_rates(
    seconds: float = 20.0, size: tuple[int, int] = (100, 30), reduced_motion: bool = False
) -> FrameRates:
    """Watch a box session for `seconds` after it settles; changes of the bar per phase."""
    tmp = Path(tempfile.mkdtemp(prefix="breathe-frames-"))
    env = {
        "BREATHE_DATA_DIR": str(tmp / "data"),
        "BREATHE_CONFIG_DIR": str(tmp / "config"),
        "PYTHONPATH": str(ROOT),
    }
    (tmp / "data").mkdir()
    (tmp / "data" / "state.json").write_text('{"safety_seen": true}\n')
    if reduced_motion:
        env["TEXTUAL_ANIMATIONS"] = "none"
    breathe = Path(sys.executable).with_name("breathe")
    screen = PtyScreen([str(breathe), *SESSION], *size, env=env)
    out = FrameRates()
    row: int | None = None
    last: tuple[float, str | None, str] | None = None

    def on_change(now: float, lines: list[str]) -> None:
        nonlocal row, last
        if row is None:
            row = bar_row(lines)
            if row is None:
                return
        phase, bar = phase_of(lines), lines[row]
        if last is not None and last[1] is not None and phase == last[1]:
            frames = out.phases.setdefault(phase, PhaseFrames())
            frames.seconds += now - last[0]
            frames.changes += bar != last[2]
        last = (now, phase, bar)

    try:
        if screen.wait_for(lambda lines: phase_of(lines) is not None, timeout=30) is None:
            raise RuntimeError(f"the session never painted:\n{screen.text()}")
        screen.watch(SETTLE_SECONDS, lambda now, lines: None)
        cpu0, t0 = cpu_seconds(screen.pid), time.monotonic()
        screen.watch(seconds, on_change)
        out.cpu_percent = 100 * (cpu_seconds(screen.pid) - cpu0) / (time.monotonic() - t0)
        out.window = time.monotonic() - t0
    finally:
        screen.stop(keys=b"\x03")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--size", default="100x30")
    parser.add_argument("--reduced-motion", action="store_true")
    args = parser.parse_args()
    columns, lines = (int(n) for n in args.size.split("x"))
    rates = frame_rates(args.seconds, (columns, lines), args.reduced_motion)
    ok = True
    for phase in PHASES:
        frames = rates.phases.get(phase, PhaseFrames())
        goal = ""
        if phase in ("INHALE", "EXHALE") and not args.reduced_motion:
            passed = frames.per_second >= GOAL_FPS
            ok &= passed
            goal = f"{'ok  ' if passed else 'MISS'} >= {GOAL_FPS:.0f}/s"
        print(
            f"{phase:<7} {frames.per_second:6.1f} changes/s "
            f"({frames.changes} in {frames.seconds:5.1f} s)  {goal}"
        )
    print(f"CPU {rates.cpu_percent:.2f} % of a core over {rates.window:.1f} s (sound off)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
