"""`python -m benchmarks [--quick] [--drift]`: figures against baselines measured in the same run.

Each line prints the figure, its baseline, the ratio and the goal; the exit status is 1 when
a goal is missed. Needs the package installed with the `bench` extra (pyte), Linux (/proc, a
pseudo-terminal) and libasound for the audio figure (it plays into a null ALSA sink).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import (
    KIND_WORD,
    NOTES,
    QUIT_APP,
    QUIT_FLOOR,
    ROOT,
    SESSION,
    SESSION_LABEL,
    SETTLE_SECONDS,
    breathe_cmd,
    child_env,
    floor_cmd,
    percentile,
    phase_on_screen,
    text_shown,
)
from benchmarks.pty_screen import PtyScreen, cpu_seconds
from benchmarks.table import Result, exit_status, render

# Start-up -------------------------------------------------------------------------------------


# A session on the virtual screen: CPU, memory, phase onsets -----------------------------------


@dataclass
class Watched:
    cpu_percent: float  # of one core, over the window after start-up
    window: float
    peak_rss_kib: int
    sightings: list[tuple[float, str]]
    events: list[dict[str, object]]
    parse_seconds: list[float]


def watch_session(
    tmp: Path,
    argv: list[str],
    seconds: float,
    ready: Callable[[list[str]], bool],
    quit_keys: bytes,
    size: tuple[int, int] = (100, 30),
    env: dict[str, str] | None = None,
) -> Watched:
    """Start `argv`, wait for its first paint and SETTLE_SECONDS, then watch for `seconds`:
    CPU from /proc over that window only, phase-word sightings, and its timing trace."""
    trace = tmp / f"trace-{time.monotonic_ns()}.jsonl"
    screen = PtyScreen(argv, *size, env=child_env(tmp, BREATHE_TRACE=str(trace), **(env or {})))
    sightings: list[tuple[float, str]] = []
    last: str | None = None

    def on_change(now: float, lines: list[str]) -> None:
        nonlocal last
        word = phase_on_screen(lines)
        if word and word != last:
            sightings.append((now, word))
        last = word

    try:
        if screen.wait_for(ready, timeout=30) is None:
            raise RuntimeError(f"{argv} never painted:\n{screen.text()}")
        screen.watch(SETTLE_SECONDS, on_change)
        cpu0, t0 = cpu_seconds(screen.pid), time.monotonic()
        screen.watch(seconds, on_change)
        cpu1, t1 = cpu_seconds(screen.pid), time.monotonic()
    finally:
        usage = screen.stop(keys=quit_keys)
    events = [json.loads(line) for line in trace.read_text().splitlines()] if trace.exists() else []
    return Watched(
        cpu_percent=100 * (cpu1 - cpu0) / (t1 - t0),
        window=t1 - t0,
        peak_rss_kib=usage.max_rss_kib,
        sightings=sightings,
        events=events,
        parse_seconds=screen.parse_seconds,
    )


def boundaries(events: list[dict[str, object]]) -> list[tuple[float, str]]:
    """(scheduled instant, phase word) of every segment after the count-in: the count-in's
    own start is the start-up, not a boundary."""
    out = []
    for ev in events:
        if ev.get("event") != "segment" or ev.get("kind") not in KIND_WORD:
            continue
        if ev.get("index") == 0:
            continue
        out.append((float(ev["scheduled"]), KIND_WORD[str(ev["kind"])]))  # type: ignore[arg-type]
    return out


def onset_errors(
    sightings: list[tuple[float, str]], events: list[dict[str, object]]
) -> list[float]:
    """Seconds from each scheduled boundary to the first sighting of its phase word before the
    next boundary (the word changes at every boundary, so each sighting counts once)."""
    due = boundaries(events)
    errors = []
    for i, (start, word) in enumerate(due):
        end = due[i + 1][0] if i + 1 < len(due) else start + 5
        # A little before the boundary still counts, so an early frame would show as negative.
        seen = next((t for t, w in sightings if w == word and start - 0.05 <= t < end), None)
        if seen is not None:
            errors.append(seen - start)
    return errors


def onset_results(errors: list[float], label: str) -> list[Result]:
    if not errors:
        return [Result(f"{label} onset", float("nan"), "ms", None, "no sightings", False)]
    ms = [1000 * e for e in errors]
    p95 = percentile(ms, 0.95)
    return [
        Result(
            f"{label} onset mean ({len(ms)} boundaries)", statistics.mean(ms), "ms", None, "", True
        ),
        Result(f"{label} onset p95", p95, "ms", None, "< 20 ms", p95 < 20),
        Result(f"{label} onset max", max(ms), "ms", None, "", True),
    ]


def bench_session(tmp: Path, seconds: float) -> tuple[list[Result], Watched]:
    app = watch_session(
        tmp,
        [*breathe_cmd(), *SESSION],
        seconds,
        lambda lines: phase_on_screen(lines) is not None,
        QUIT_APP,
    )
    floor = watch_session(tmp, floor_cmd(True), seconds, text_shown("READY"), QUIT_FLOOR)
    pct, f_pct = app.cpu_percent, floor.cpu_percent
    results = [
        Result(
            f"CPU box 2-2-2-2, 100x30, {seconds:g} s",
            pct,
            "%",
            f_pct,
            "(box, sound off: information)",
            True,
        ),
        Result(
            "peak RSS of a session",
            app.peak_rss_kib / 1024,
            "MiB",
            floor.peak_rss_kib / 1024,
            "(information)",
            True,
        ),
    ]
    results += onset_results(onset_errors(app.sightings, app.events), "screen")
    parse = [1000 * t for t in app.parse_seconds]
    NOTES.append(
        "harness: reading the screen (pyte + word search) took "
        f"p95 {percentile(parse, 0.95):.1f} ms, max {max(parse):.1f} ms a read; "
        "onset times are taken before it"
    )
    return results, app


def bench_drift(tmp: Path, minutes: float) -> list[Result]:
    """Whether the screen falls behind the schedule over a long session: the median onset
    error of the last ten boundaries against that of the first ten."""
    watched = watch_session(
        tmp,
        [*breathe_cmd(), *SESSION],
        minutes * 60,
        lambda lines: phase_on_screen(lines) is not None,
        QUIT_APP,
    )
    errors = onset_errors(watched.sightings, watched.events)
    if len(errors) < 20:
        return [Result("drift", float("nan"), "ms", None, "too few sightings", False)]
    first, last = statistics.median(errors[:10]), statistics.median(errors[-10:])
    drift = 1000 * (last - first)
    return [
        *onset_results(errors, f"{minutes:g} min"),
        Result(
            f"drift over {minutes:g} min (last 10 vs first 10)",
            drift,
            "ms",
            None,
            "< 10 ms",
            abs(drift) < 10,
        ),
    ]


# Audio ----------------------------------------------------------------------------------------

ALSA_FIFO_CONFIG = (
    'pcm.!default {{ type file; slave.pcm "nullsink"; file "{fifo}"; format "raw" }}\n'
    "pcm.nullsink {{ type null }}\n"
)


def _drain(fd: int, done: threading.Event, rate: float) -> None:
    """Read the FIFO at the real-time byte rate, as a sound card would consume it."""
    t0, total = time.monotonic(), 0
    while not done.is_set():
        want = min(65536, int((time.monotonic() - t0 + 0.25) * rate) - total)
        if want <= 0:
            time.sleep(0.005)
            continue
        try:
            data = os.read(fd, want)
        except BlockingIOError:
            data = b""
        if not data:
            time.sleep(0.002)
            continue
        total += len(data)


def bench_audio(tmp: Path) -> list[Result]:
    """Cue onsets through real ALSA (miniaudio) into a file sink, from plain mode's trace.

    The trace's first-frame times are left out: through ALSA's file plugin they measure that
    plugin's buffer (~80 ms here), not what a sound card's 10 ms period would give."""
    from breathe.audio.cues import SAMPLE_RATE

    fifo = tmp / "pcm.fifo"
    os.mkfifo(fifo)
    conf = tmp / "asound.conf"
    conf.write_text(ALSA_FIFO_CONFIG.format(fifo=fifo))
    trace = tmp / "audio-trace.jsonl"
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    done = threading.Event()
    drain = threading.Thread(target=_drain, args=(fd, done, SAMPLE_RATE * 2), daemon=True)
    drain.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULSE_")}
    env.update(
        child_env(tmp, BREATHE_AUDIO_TRACE=str(trace)),
        ALSA_CONFIG_PATH=str(conf),
        PULSE_SERVER="unix:/nonexistent/pulse",  # only the ALSA config above may play
    )
    argv = [*breathe_cmd(), "run", "box", "--plain", "--audio", "miniaudio"]
    argv += ["--pattern", "1-1-1-1", "--breaths", "6", "--lead-in", "1"]
    try:
        run = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    finally:
        done.set()
        drain.join(2)
        os.close(fd)
    rows = [json.loads(line) for line in trace.read_text().splitlines()] if trace.exists() else []
    if run.returncode != 0 or not rows:
        why = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no trace written"]
        return [Result("audio cue onset", float("nan"), "ms", None, f"failed: {why[0]}", False)]
    backend = rows[0]["backend"]
    late = [float(r["late_ms"]) for r in rows]
    p95 = percentile(late, 0.95)
    results = [
        Result(
            f"audio play() returned p95 ({len(late)} cues)", p95, "ms", None, "< 10 ms", p95 < 10
        ),
        Result("audio play() returned max", max(late), "ms", None, f"backend {backend}", True),
    ]
    return results


# History at scale -----------------------------------------------------------------------------


def bench_history(tmp: Path, sessions: int, repeat: int) -> list[Result]:
    from benchmarks.history_scale import sessions as fake_sessions
    from breathe.history.store import HistoryStore

    data = tmp / "history-data"
    empty = tmp / "history-empty"
    path = data / "history.sqlite3"
    data.mkdir()
    empty.mkdir()
    with HistoryStore.open(path) as store:
        store.record_many(fake_sessions(sessions))
    with HistoryStore.open(empty / "history.sqlite3"):
        pass

    def timed(argv: list[str], data_dir: Path) -> float:
        env = {**os.environ, **child_env(tmp), "BREATHE_DATA_DIR": str(data_dir)}
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    def paint(data_dir: Path) -> float:
        """The history screen's first paint, headless, in a fresh process (see history_scale)."""
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.history_scale",
                "--paint",
                str(data_dir / "history.sqlite3"),
                "--repeat",
                str(repeat),
            ],
            env={**os.environ, **child_env(tmp)},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        (median, _best), _settled = json.loads(out)
        return float(median)

    k = f"{sessions // 1000}k" if sessions >= 1000 else str(sessions)
    listing = timed([*breathe_cmd(), "history", "--limit", "20"], data)
    listing_empty = timed([*breathe_cmd(), "history", "--limit", "20"], empty)
    screen, screen_empty = paint(data), paint(empty)
    export = timed([*breathe_cmd(), "export", "--format", "csv"], data)
    export_empty = timed([*breathe_cmd(), "export", "--format", "csv"], empty)
    return [
        Result(
            f"history --limit 20, {k} sessions",
            listing,
            "ms",
            listing_empty,
            "< 200 ms",
            listing < 200,
        ),
        Result(
            f"history screen first paint, {k}", screen, "ms", screen_empty, "< 200 ms", screen < 200
        ),
        Result(f"export --format csv, {k}", export, "ms", export_empty, "< 1000 ms", export < 1000),
    ]


def bench_sound_session(tmp: Path, seconds: float) -> list[Result]:
    """The app breathing with sound into a real-time ALSA sink: guide on, guide off, and the
    Textual floor app. The guide may add at most 0.5 % of one core."""
    from breathe.audio.cues import SAMPLE_RATE

    fifo = tmp / "sound-session.fifo"
    os.mkfifo(fifo)
    conf = tmp / "asound-session.conf"
    conf.write_text(ALSA_FIFO_CONFIG.format(fifo=fifo))
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    done = threading.Event()
    drain = threading.Thread(target=_drain, args=(fd, done, SAMPLE_RATE * 2), daemon=True)
    drain.start()
    sound_env = {"ALSA_CONFIG_PATH": str(conf), "PULSE_SERVER": "unix:/nonexistent/pulse"}
    argv = [*breathe_cmd(), *SESSION[:-1], "--audio", "miniaudio"]  # SESSION ends --no-sound
    try:
        on, off = (
            watch_session(
                tmp,
                argv,
                seconds,
                lambda lines: phase_on_screen(lines) is not None,
                QUIT_APP,
                env={**sound_env, "BREATHE_GUIDE": guide},
            ).cpu_percent
            for guide in ("on", "off")
        )
    finally:
        done.set()
        drain.join(2)
        os.close(fd)
    floor = watch_session(tmp, floor_cmd(True), seconds, text_shown("READY"), QUIT_FLOOR)
    return [
        Result(
            f"CPU breathing, sound + guide, {seconds:g} s",
            on,
            "%",
            off,
            "guide adds <= 0.5%",
            on - off <= 0.5,
        ),
        Result(
            "CPU breathing, sound + guide vs floor",
            on,
            "%",
            floor.cpu_percent,
            "",
            True,
        ),
    ]


def bench_guide(repeat: int) -> list[Result]:
    """The guide layer's CPU: the mixer's render() per second of sound, guide on against off
    (in process, on a fake clock: see benchmarks/guide_cpu.py)."""
    from benchmarks.guide_cpu import guide_cost

    results = []
    for exercise, (off, on) in guide_cost(repeat).items():
        added = on - off
        results.append(
            Result(
                f"guide render CPU, {exercise}",
                on,
                "%",
                off,
                "adds <= 0.5% of a core",
                added <= 0.5,
            )
        )
    return results


# ----------------------------------------------------------------------------------------------


def _mark_safety_text_seen(tmp: Path) -> None:
    """The safety text is shown before a first session; the benchmarks are not first."""
    from breathe.system import app_state

    before = os.environ.get("BREATHE_DATA_DIR")
    os.environ["BREATHE_DATA_DIR"] = child_env(tmp)["BREATHE_DATA_DIR"]
    try:
        app_state.mark_safety_seen()
    finally:
        if before is None:
            del os.environ["BREATHE_DATA_DIR"]
        else:
            os.environ["BREATHE_DATA_DIR"] = before


PARTS = ["paint", "steady", "home", "heart", "frames", "session", "audio", "history", "guide"]
EXTRA_PARTS = ["drift", "sound-session"]  # only when asked for


def steps(tmp: Path, quick: bool) -> list[tuple[str, Callable[[], list[Result]]]]:
    from benchmarks import lightness as light

    lengths = light.QUICK if quick else light.FULL

    def first_paint() -> list[Result]:
        results, paint = light.bench_first_paint(tmp, 5 if quick else 15)
        return results + light.bench_list(tmp, 5 if quick else 15, paint)

    return [
        ("paint", first_paint),
        ("steady", lambda: light.bench_steady(tmp, lengths)),
        ("home", lambda: light.bench_home_idle(tmp, lengths)),
        ("heart", lambda: light.bench_heart(tmp, lengths)),
        ("frames", lambda: light.bench_frame_rate(tmp, 10 if quick else 30)),
        ("session", lambda: bench_session(tmp, 15 if quick else 60)[0]),
        ("audio", lambda: bench_audio(tmp)),
        ("history", lambda: bench_history(tmp, 50_000, 3 if quick else 7)),
        ("drift", lambda: bench_drift(tmp, 10)),
        ("guide", lambda: bench_guide(1 if quick else 3)),
        ("sound-session", lambda: bench_sound_session(tmp, 15 if quick else 60)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer, shorter runs (a smoke test)")
    parser.add_argument("--drift", action="store_true", help="also the 10-minute drift run")
    parser.add_argument(
        "--only",
        nargs="*",
        metavar="PART",
        choices=PARTS + EXTRA_PARTS,
        help="run only these parts",
    )
    args = parser.parse_args()
    parts = set(args.only or PARTS)
    if args.drift:
        parts.add("drift")
    # An installed package has bytecode; a source checkout run with PYTHONDONTWRITEBYTECODE
    # would compile breathe afresh at every start while Textual's is cached: not a fair race.
    compileall.compile_dir(ROOT / "breathe", quiet=1)
    compileall.compile_dir(ROOT / "benchmarks", quiet=1)
    results: list[Result] = []
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        _mark_safety_text_seen(tmp)
        for part, step in steps(tmp, args.quick):
            if part in parts:
                print(f"... {part}", file=sys.stderr, flush=True)
                results += step()
    print(render(results, NOTES))
    print(f"({time.monotonic() - began:.0f} s; session figures: {SESSION_LABEL})")
    return exit_status(results)


if __name__ == "__main__":
    sys.exit(main())
