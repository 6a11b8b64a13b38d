"""`python -m benchmarks [--drift] [--quick]`: figures against baselines measured in the same run.

Each line prints the figure, its baseline, the ratio and the goal; the exit status is 1 when
a goal is missed. Needs the package installed with the `bench` extra (pyte).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.pty_screen import PtyScreen
from breathe.widgets.big_word import big_lines

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


@dataclass
class Result:
    name: str
    figure: float
    unit: str
    baseline: float | None
    goal: str
    ok: bool

    def line(self) -> str:
        base = f"{self.baseline:10.3f}" if self.baseline is not None else " " * 10
        ratio = (
            f"{self.figure / self.baseline:6.2f}x" if self.baseline not in (None, 0) else " " * 7
        )
        mark = "ok  " if self.ok else "MISS"
        return (
            f"{mark} {self.name:<34} {self.figure:10.3f} {self.unit:<4} {base} {ratio}  {self.goal}"
        )


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
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
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


def first_paint(argv: list[str], found: Callable[[list[str]], bool], env: dict[str, str]) -> float:
    screen = PtyScreen(argv, 80, 24, env=env)
    seen = screen.wait_for(found, timeout=30)
    screen.stop(keys=b"\x03")
    if seen is None:
        raise RuntimeError(f"the first screen never appeared for {argv}:\n{screen.text()}")
    return seen - screen.started


def bench_startup(tmp: Path, runs: int) -> list[Result]:
    app, floor = [], []
    for _ in range(runs):  # alternate, so both meet the same machine state
        app.append(
            first_paint(
                [*breathe_cmd(), "run", "wall", "--no-sound"],
                lambda lines: phase_on_screen(lines) == "GET READY",
                child_env(tmp),
            )
        )
        floor.append(first_paint(floor_cmd(False), text_shown("READY"), child_env(tmp)))
    a, f = statistics.median(app), statistics.median(floor)
    return [Result("start-up to first paint", a, "s", f, "<= 1.15x floor", a <= 1.15 * f)]


def watch_session(
    tmp: Path, argv: list[str], seconds: float, size: tuple[int, int] = (100, 30)
) -> tuple[float, int, list[tuple[float, str]], list[dict[str, object]]]:
    """CPU seconds, peak RSS and (time, phase word) sightings of a session, plus its trace."""
    trace = tmp / f"trace-{os.getpid()}-{len(list(tmp.iterdir()))}.jsonl"
    env = child_env(tmp, BREATHE_TRACE=str(trace))
    screen = PtyScreen(argv, *size, env=env)
    sightings: list[tuple[float, str]] = []
    last: str | None = None

    def on_change(now: float, lines: list[str]) -> None:
        nonlocal last
        word = phase_on_screen(lines)
        if word and word != last:
            sightings.append((now, word))
        last = word

    screen.watch(seconds, on_change)
    usage = screen.stop(keys=b"q")
    events = [json.loads(line) for line in trace.read_text().splitlines()] if trace.exists() else []
    return usage.cpu_seconds, usage.max_rss_kib, sightings, events


def onset_errors(
    sightings: list[tuple[float, str]], events: list[dict[str, object]]
) -> list[float]:
    """Seconds from each scheduled boundary to the first sighting of its phase word."""
    errors = []
    for ev in events:
        if ev.get("event") != "segment" or ev.get("kind") not in KIND_WORD:
            continue
        due = float(ev["scheduled"])  # type: ignore[arg-type]
        word = KIND_WORD[str(ev["kind"])]
        seen = next((t for t, w in sightings if w == word and t >= due - 0.5), None)
        if seen is not None and seen - due < 5:
            errors.append(seen - due)
    return errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_session(tmp: Path, seconds: float) -> list[Result]:
    cpu, rss, sightings, events = watch_session(
        tmp, [*breathe_cmd(), "run", "box", "--no-sound"], seconds
    )
    f_cpu, f_rss, _, _ = watch_session(tmp, floor_cmd(True), seconds)
    pct, f_pct = 100 * cpu / seconds, 100 * f_cpu / seconds
    results = [
        Result(
            "CPU while breathing, 100x30",
            pct,
            "%",
            f_pct,
            "<= 3% and <= floor",
            pct <= 3 and pct <= f_pct,
        ),
        Result("peak RSS", rss / 1024, "MiB", f_rss / 1024, "<= 1.2x floor", rss <= 1.2 * f_rss),
    ]
    errors = onset_errors(sightings, events)
    if errors:
        ms = [1000 * e for e in errors]
        results += [
            Result(
                f"phase onset mean ({len(ms)} boundaries)",
                statistics.mean(ms),
                "ms",
                None,
                "",
                True,
            ),
            Result(
                "phase onset p95",
                percentile(ms, 0.95),
                "ms",
                None,
                "< 20 ms",
                percentile(ms, 0.95) < 20,
            ),
            Result("phase onset max", max(ms), "ms", None, "", True),
        ]
    else:
        results.append(Result("phase onset", float("nan"), "ms", None, "no sightings", False))
    return results


def bench_drift(tmp: Path, minutes: float) -> list[Result]:
    _, _, sightings, events = watch_session(
        tmp, [*breathe_cmd(), "run", "box", "--no-sound"], minutes * 60
    )
    errors = onset_errors(sightings, events)
    if len(errors) < 2:
        return [Result("drift", float("nan"), "ms", None, "no sightings", False)]
    drift = 1000 * abs(errors[-1] - errors[0])
    return [Result(f"drift over {minutes:g} min", drift, "ms", None, "< 10 ms", drift < 10)]


def _mark_safety_text_seen(tmp: Path) -> None:
    """The safety text is shown before a first session; the benchmarks are not first."""
    from breathe import app_state

    before = os.environ.get("BREATHE_DATA_DIR")
    os.environ["BREATHE_DATA_DIR"] = child_env(tmp)["BREATHE_DATA_DIR"]
    try:
        app_state.mark_safety_seen()
    finally:
        if before is None:
            del os.environ["BREATHE_DATA_DIR"]
        else:
            os.environ["BREATHE_DATA_DIR"] = before


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer runs, 15 s sessions")
    parser.add_argument("--drift", action="store_true", help="also the 10-minute drift run")
    args = parser.parse_args()
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        _mark_safety_text_seen(tmp)
        results += bench_startup(tmp, 3 if args.quick else 7)
        results += bench_session(tmp, 15 if args.quick else 60)
        if args.drift:
            results += bench_drift(tmp, 10)
    print(
        f"{'':4} {'benchmark':<34} {'figure':>10} {'unit':<4} {'baseline':>10} {'ratio':>7}  goal"
    )
    for r in results:
        print(r.line())
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
