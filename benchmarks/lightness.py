"""The figures of issue 23 ("light on the machine"), each side by side with the floor app in
the same run: first paint, `breathe list`, peak memory and steady CPU with the sound going to a
paced card, the home screen idle, the heart path's cost, and the bar's frame rate."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import (
    QUIT_APP,
    QUIT_FLOOR,
    breathe_cmd,
    child_env,
    floor_cmd,
    phase_on_screen,
    text_shown,
)
from benchmarks.paced import Steady, steady
from benchmarks.pty_screen import PtyScreen
from benchmarks.table import Result, at_least, cpu_result, ratio_result

PAINT_ARGS = ["run", "wall", "--lead-in", "0", "--no-sound"]
STEADY_ARGS = ["run", "resonance", "--lead-in", "0"]  # a 10-minute session
SOUND_ON = ["--audio", "miniaudio", "--guide"]
SOUND_OFF = ["--no-sound"]
MOVING = ("INHALE", "EXHALE")
BAR_FLOOR = [sys.executable, "-m", "benchmarks.bar_floor"]


@dataclass(frozen=True)
class Lengths:
    short: float  # seconds of the short run (start-up, count-in), subtracted
    long: float


FULL = Lengths(5, 35)
QUICK = Lengths(3, 10)


def _first_paint(tmp: Path, argv: list[str], quit_keys: bytes, app: bool) -> tuple[float, float]:
    """Seconds to the first paint (for breathe: any phase word, GET READY included), and to
    the screen a user acts on (breathe: the session's first phase, drawn by Textual)."""
    screen = PtyScreen(argv, 80, 24, env=child_env(tmp))
    found = (lambda lines: phase_on_screen(lines) is not None) if app else text_shown("READY")
    seen = screen.wait_for(found, timeout=30)
    up = seen
    if app and seen is not None and phase_on_screen(screen.screen.display) != "INHALE":
        up = screen.wait_for(lambda lines: phase_on_screen(lines) == "INHALE", timeout=30)
    screen.stop(keys=quit_keys)
    if seen is None or up is None:
        raise RuntimeError(f"the first screen never appeared for {argv}:\n{screen.text()}")
    return seen - screen.started, up - screen.started


@dataclass(frozen=True)
class Paint:
    first: float  # median seconds to the first paint
    session: float  # median seconds to the session screen (Textual's first frame)


def bench_first_paint(tmp: Path, runs: int) -> tuple[list[Result], Paint]:
    """First paint of a session (no count-in, no sound) against the floor's, alternated so both
    meet the same machine state; then `breathe list` against that first paint."""
    app, floor = [], []
    for _ in range(runs):
        app.append(_first_paint(tmp, [*breathe_cmd(), *PAINT_ARGS], QUIT_APP, app=True))
        floor.append(_first_paint(tmp, floor_cmd(False), QUIT_FLOOR, app=False)[0])
    a = statistics.median(t for t, _ in app)
    up = statistics.median(t for _, t in app)
    f = statistics.median(floor)
    results = [
        ratio_result(f"first paint, run wall (median of {runs})", a, "s", f, 0.8),
        Result("session screen up (Textual's frame)", up, "s", f, "(information)", True),
    ]
    return results, Paint(a, up)


def bench_list(tmp: Path, runs: int, paint: Paint) -> list[Result]:
    env = {**os.environ, **child_env(tmp)}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*breathe_cmd(), "list"], env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    wall = statistics.median(times)
    name = "breathe list wall time"
    return [
        ratio_result(name, wall, "s", paint.first, 0.5, "run's first paint"),
        Result(f"{name} / session screen up", wall, "s", paint.session, "(information)", True),
    ]


def _app(tmp: Path, extra: list[str], lengths: Lengths, size: tuple[int, int]) -> Steady:
    sound = extra is SOUND_ON
    return steady(
        [*breathe_cmd(), *STEADY_ARGS, *extra],
        child_env(tmp),
        lengths.short,
        lengths.long,
        size,
        sound=sound,
    )


def bench_steady(tmp: Path, lengths: Lengths) -> list[Result]:
    """Steady CPU and peak memory of a resonance session, sound on through a paced card."""
    floor = steady(floor_cmd(True), child_env(tmp), lengths.short, lengths.long)
    on = _app(tmp, SOUND_ON, lengths, (100, 30))
    off = _app(tmp, [*SOUND_OFF, "--hr", "off"], lengths, (100, 30))
    bar = steady(BAR_FLOOR, child_env(tmp), lengths.short, lengths.long)
    wide = _app(tmp, SOUND_ON, lengths, (200, 60))
    secs = f"{lengths.long - lengths.short:g} s"
    results = [
        cpu_result(
            f"CPU resonance 100x30 sound on, {secs}", on.cpu_percent, floor.cpu_percent, 2.5, 0.3
        ),
        cpu_result(
            f"CPU resonance 200x60 sound on, {secs}", wide.cpu_percent, floor.cpu_percent, 4.0
        ),
        Result(  # no goal of its own: what the sound-on figures pay for the sound
            "CPU resonance 100x30 sound off",
            off.cpu_percent,
            "%",
            floor.cpu_percent,
            "(information)",
            True,
        ),
        Result(  # what any bar drawn through Textual costs at the session's frame rate
            "CPU Textual's least bar, 22 fps, 100x30",
            bar.cpu_percent,
            "%",
            floor.cpu_percent,
            "(information)",
            True,
        ),
        ratio_result("peak RSS, sound off", off.peak_rss_mib, "MiB", floor.peak_rss_mib, 1.15),
        ratio_result("peak RSS, sound on", on.peak_rss_mib, "MiB", floor.peak_rss_mib, 1.35),
    ]
    took = on.audio_s / lengths.long
    results.append(
        Result(
            "sound the card took, of the run",
            100 * took,
            "%",
            None,
            ">= 80 % (sound played)",
            took >= 0.8,
        )
    )
    return results


def bench_heart(tmp: Path, lengths: Lengths, pairs: int = 3) -> list[Result]:
    """What the heart path costs: `--hr sim` minus `--hr off`, sound off on both. A difference
    of two runs swings by about a point on a shared machine: the median of `pairs` pairs, each
    pair run back to back."""
    costs, offs = [], []
    for _ in range(pairs):
        off = _app(tmp, [*SOUND_OFF, "--hr", "off"], lengths, (100, 30))
        sim = _app(tmp, [*SOUND_OFF, "--hr", "sim"], lengths, (100, 30))
        costs.append(sim.cpu_percent - off.cpu_percent)
        offs.append(off.cpu_percent)
    name = f"heart path (--hr sim - --hr off), median of {pairs}"
    return [cpu_result(name, statistics.median(costs), statistics.median(offs), 0.3)]


def bench_home_idle(tmp: Path, lengths: Lengths) -> list[Result]:
    home = steady([*breathe_cmd(), "--no-sound"], child_env(tmp), lengths.short, lengths.long)
    floor = steady(floor_cmd(False), child_env(tmp), lengths.short, lengths.long)
    secs = f"{lengths.long - lengths.short:g} s"
    return [cpu_result(f"home screen idle, {secs}", home.cpu_percent, floor.cpu_percent, 0.2)]


class FrameCounter:
    """Screen changes while the phase word says the bar moves (inhale, exhale), per second."""

    def __init__(self) -> None:
        self.frames = 0
        self.seconds = 0.0
        self._last: tuple[float, str | None, list[str]] | None = None

    def __call__(self, now: float, lines: list[str]) -> None:
        word = phase_on_screen(lines)
        if self._last is not None:
            then, was, before = self._last
            if was in MOVING:
                self.seconds += now - then
                if word == was and lines != before:
                    self.frames += 1
        self._last = (now, word, list(lines))

    def fps(self) -> float:
        return self.frames / self.seconds if self.seconds else float("nan")


def bench_frame_rate(tmp: Path, seconds: float) -> list[Result]:
    """Frames the terminal receives during inhales and exhales (a frame: the screen text
    changed within one phase), resonance at 100x30, sound off."""
    argv = [*breathe_cmd(), *STEADY_ARGS, *SOUND_OFF]
    screen = PtyScreen(argv, 100, 30, env=child_env(tmp))
    counter = FrameCounter()
    try:
        if screen.wait_for(lambda lines: phase_on_screen(lines) is not None, 30) is None:
            raise RuntimeError(f"{argv} never painted:\n{screen.text()}")
        screen.watch(seconds, counter)
    finally:
        screen.stop(keys=QUIT_APP)
    fps = counter.fps()
    return [
        Result(
            "bar frame rate, inhales and exhales", fps, "fps", None, ">= 20 fps", at_least(fps, 20)
        )
    ]
