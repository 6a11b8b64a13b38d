"""How the history store scales: 50,000 sessions, timed the way a user meets them.

Prints the median of several runs for `breathe history --limit 20` (a fresh process each time),
the history screen's data load (open + summary) and first paint, the whole-file check paid at
session start, the longest the UI thread stalls after the screen's first frame, and `breathe
export --format csv`, against the goals of 200 ms, 200 ms, 50 ms and 1 s.

    python benchmarks/history_scale.py [--sessions 50000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from breathe.history.records import SessionEnd, SessionStart
from breathe.history.store import HistoryStore

EXERCISES = [
    ("wall", "Wall breathing", "3-0-6-3", "ha"),
    ("goal-post", "Goal-post arms", "4-0-6-2", "ha"),
    ("hooklying", "Hooklying reset", "4-0-8-2", "hum"),
    ("resonance", "Resonance breathing", "4-0-6-0", "hum"),
    ("box", "Box breathing", "4-4-4-4", "hum"),
]


def sessions(count: int, seed: int = 7) -> Iterator[tuple[SessionStart, SessionEnd]]:
    """`count` sessions, several a day, ending now."""
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    moment = now - timedelta(minutes=count * 30)
    for _ in range(count):
        moment += timedelta(minutes=rng.randint(5, 55))
        ex_id, name, pattern, exhale = rng.choice(EXERCISES)
        active = rng.uniform(60, 600)
        status = rng.choices(["completed", "ended_early", "interrupted"], [90, 8, 2])[0]
        yield (
            SessionStart(
                started_at=moment,
                exercise_id=ex_id,
                exercise_name=name,
                pattern=pattern,
                exhale=exhale,
                planned="5 min",
                tension_before=rng.randint(3, 9) if rng.random() < 0.5 else None,
            ),
            SessionEnd(
                status=status,
                ended_at=moment + timedelta(seconds=active),
                breaths=int(active // 12),
                active_s=active,
                tension_after=rng.randint(0, 6) if rng.random() < 0.5 else None,
            ),
        )


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, best) in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def breathe(*args: str) -> Callable[[], object]:
    command = [sys.executable, "-m", "breathe", *args]

    def run() -> None:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    return run


def first_paint_ms(path: Path, repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Headless: from opening the store and pushing the screen to its first refresh, and to
    when every queued message (the rest of the session rows) is handled."""
    from textual.app import App

    from breathe.history.access import StoreView
    from breathe.ui.screens.history import HistoryScreen

    painted: list[float] = []
    settled: list[float] = []

    async def once() -> None:
        class Bench(App[None]):
            pass

        app = Bench()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            start = time.perf_counter()
            store = HistoryStore.open(path, check=False)  # a quick look, as the app does
            screen = HistoryScreen(StoreView(store))
            await app.push_screen(screen)
            screen.call_after_refresh(lambda: painted.append(time.perf_counter() - start))
            await pilot.pause()
            settled.append(time.perf_counter() - start)
            store.close()

    for _ in range(repeat):
        asyncio.run(once())

    def ms(values: list[float]) -> tuple[float, float]:
        return statistics.median(values) * 1000, min(values) * 1000

    return ms(painted), ms(settled)


def longest_stall_ms(path: Path, repeat: int, window: float = 1.0) -> tuple[float, float]:
    """Headless: the longest the UI's event loop went without a turn in the `window` seconds
    after the history screen's first frame (the rest of the rows, the odd-rows scan)."""
    from textual.app import App

    from breathe.history.access import StoreView
    from breathe.ui.screens.history import HistoryScreen

    stalls: list[float] = []

    async def once() -> None:
        class Bench(App[None]):
            pass

        app = Bench()
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            painted = asyncio.Event()
            store = HistoryStore.open(path, check=False)
            screen = HistoryScreen(StoreView(store))
            await app.push_screen(screen)
            screen.call_after_refresh(painted.set)
            await painted.wait()
            longest, last = 0.0, time.perf_counter()
            end = last + window
            while last < end:
                await asyncio.sleep(0.001)
                now = time.perf_counter()
                longest, last = max(longest, now - last), now
            stalls.append(longest)
            await app.pop_screen()
            await pilot.pause()
            store.close()

    for _ in range(repeat):
        asyncio.run(once())
    return statistics.median(stalls) * 1000, min(stalls) * 1000


def report(label: str, figures: tuple[float, float], goal_ms: float) -> bool:
    median, best = figures
    ok = median <= goal_ms
    print(
        f"{label:<48} median {median:8.1f} ms  best {best:8.1f} ms  "
        f"goal {goal_ms:6.0f} ms  {median / goal_ms:5.2f}x goal  {'ok' if ok else 'SLOW'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--paint", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--stall", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.paint:
        print(json.dumps(first_paint_ms(Path(args.paint), args.repeat)))
        return 0
    if args.stall:
        print(json.dumps(longest_stall_ms(Path(args.stall), args.repeat)))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BREATHE_DATA_DIR"] = tmp
        path = Path(tmp) / "history.sqlite3"
        start = time.perf_counter()
        with HistoryStore.open(path) as store:
            store.record_many(sessions(args.sessions))
            count = store.count()
        print(f"seeded {count} sessions in {time.perf_counter() - start:.2f} s")
        print(f"file size {path.stat().st_size / 1e6:.1f} MB\n")

        baseline = timed(breathe("--version"), args.repeat)
        print(f"{'(python + breathe --version, for scale)':<48} median {baseline[0]:8.1f} ms")

        def load() -> None:
            with HistoryStore.open(path, check=False) as store:
                store.summary()

        def open_checked() -> None:
            HistoryStore.open(path, check=True).close()

        # A fresh process, as the app would be: this one is full of seeding's leftovers.
        measured = subprocess.run(
            [sys.executable, __file__, "--paint", str(path), "--repeat", str(args.repeat)],
            check=True,
            capture_output=True,
            text=True,
        )
        paint, settled = (tuple(pair) for pair in json.loads(measured.stdout))
        stalled = subprocess.run(
            [sys.executable, __file__, "--stall", str(path), "--repeat", str(args.repeat)],
            check=True,
            capture_output=True,
            text=True,
        )
        stall = tuple(json.loads(stalled.stdout))
        results = [
            report(
                "breathe history --limit 20",
                timed(breathe("history", "--limit", "20"), args.repeat),
                200,
            ),
            report("screen data load (open + summary)", timed(load, args.repeat), 200),
            report(
                "open with quick_check (at session start)", timed(open_checked, args.repeat), 200
            ),
            report("screen first paint (open + load + push + paint)", paint, 200),
            report("screen settled (all 200 rows added)", settled, 200),
            report("longest UI stall after the screen's first frame", stall, 50),
            report(
                "breathe export --format csv",
                timed(breathe("export", "--format", "csv"), args.repeat),
                1000,
            ),
        ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
