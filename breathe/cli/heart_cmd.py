"""`breathe heart test|scan|sweep`: the heart source on its own, the straps about, and the
resonance sweep. Nothing of the heart (nor bleak) is imported until one of them runs."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING, Any, TextIO

from breathe.cli.argtypes import add_hr_option, number
from breathe.core.text import printable
from breathe.system.exits import EXIT_FAILURE, EXIT_OK

if TYPE_CHECKING:
    from breathe.cli.run_options import RunOptions
    from breathe.core.heart.packet import Measurement
    from breathe.core.heart.text import HeartState

TEST_SECONDS = 20.0


def add_heart_command(sub: Any) -> None:
    heart = sub.add_parser(
        "heart",
        help="heart rate: test a source, find straps, the resonance sweep",
        description="'breathe heart test' shows live beats for 20 s; 'breathe heart scan' "
        "lists the heart-rate straps nearby and remembers the one chosen; 'breathe heart "
        "sweep' paces 6.5 to 4.5 breaths/min and finds your resonance rate.",
    )
    heart.add_argument("action", choices=["test", "scan", "sweep"])
    add_hr_option(heart)
    heart.add_argument(
        "--seconds",
        type=number("--seconds", 600, allow_zero=False, unit=" s"),
        default=None,
        metavar="N",
        help="test: how long to show beats (default 20)",
    )
    heart.add_argument(
        "--minutes",
        type=number("--minutes", 10, allow_zero=False),
        default=None,
        metavar="M",
        help="sweep: minutes at each rate (default 2, fractions allowed)",
    )
    heart.add_argument("--plain", action="store_true", help="sweep: plain mode, one line a phase")
    heart.add_argument("--no-sound", action="store_true", help="sweep: no audio cues")
    heart.add_argument(
        "--lead-in",
        type=number("--lead-in", 60, allow_zero=True, unit=" s"),
        default=None,
        metavar="SECONDS",
        help="sweep: count-in before the first breath",
    )


def _say(out: TextIO, line: str) -> None:
    print(printable(line), file=out, flush=True)


class _BeatPrinter:
    """`heart test`'s listener: one line per packet, the state when it changes."""

    def __init__(self, out: TextIO, start: float) -> None:
        from breathe.core.heart.tracker import HeartTracker

        self.out = out
        self.start = start
        self.tracker = HeartTracker()
        self.packets = 0

    def on_measurement(self, m: Measurement) -> None:
        from breathe.core.text import format_clock

        self.packets += 1
        now = time.monotonic() - self.start
        self.tracker.add_measurement(m, now=now)
        rr = "  ".join(f"rr {round(r)} ms" for r in m.rr_ms) or "no beat intervals"
        contact = "" if m.contact is not False else "  no skin contact"
        _say(self.out, f"{format_clock(now)}  {m.bpm} bpm  {rr}{contact}")

    def on_state(self, state: HeartState) -> None:
        from breathe.core.heart.text import state_words

        _say(self.out, state_words(state))


def heart_test(value: str, out: TextIO, err: TextIO, seconds: float = TEST_SECONDS) -> int:
    """Live beats from the source for `seconds`, then its summary; 1 with one line when
    there is no source to be had."""
    from breathe.core.heart.rrfile import RRFileError
    from breathe.core.heart.sim import SteadyPacer
    from breathe.core.heart.spec import parse_source
    from breathe.system.heart_sources import make_source
    from breathe.system.heart_strap import StrapError

    spec = parse_source("strap" if value in ("off", "auto") else value)
    try:
        source = make_source(spec, SteadyPacer(6.0))
    except (RRFileError, StrapError) as exc:
        _say(err, f"breathe: {exc}")
        return EXIT_FAILURE
    assert source is not None  # only `off` and `auto` give none
    import asyncio  # not at the top: every command imports this module for its parser

    printer = _BeatPrinter(out, time.monotonic())

    async def feed() -> None:
        await asyncio.wait_for(source.run(printer), seconds)

    try:
        asyncio.run(feed())
    except (TimeoutError, asyncio.TimeoutError):
        pass  # the time asked for is up
    except StrapError as exc:
        _say(err, f"breathe: {exc}")
        return EXIT_FAILURE
    if not printer.packets:
        _say(err, f"breathe: no heart data in {seconds:g} s")
        return EXIT_FAILURE
    _say(out, printer.tracker.summary())
    return EXIT_OK


def heart_scan(out: TextIO, err: TextIO, pick: Any = None) -> int:
    """The straps nearby; one found is remembered, of several the one picked (on a terminal)."""
    import asyncio

    from breathe.system.heart_strap import StrapError, StrapSource, remember_strap

    source = StrapSource()
    try:
        found = asyncio.run(source.scan())
    except StrapError as exc:
        _say(err, f"breathe: {exc}")
        return EXIT_FAILURE
    if not found:
        from breathe.system.heart_strap import not_found_line

        _say(err, f"breathe: {not_found_line(source.scan_seconds)}")
        return EXIT_FAILURE
    for i, device in enumerate(found, 1):
        _say(out, f"{i}. {device.name or 'unnamed strap'}  {device.address}")
    chosen = found[0] if len(found) == 1 else None
    if chosen is None and pick is not None:
        answer = pick()
        if answer is not None and answer.strip().isdigit() and 0 < int(answer) <= len(found):
            chosen = found[int(answer) - 1]
    if chosen is None:
        _say(out, "none remembered: run it again with only your strap awake")
        return EXIT_OK
    remember_strap(source.memory, chosen)
    _say(out, f"remembered {chosen.name or chosen.address} for this machine")
    return EXIT_OK


def cmd_heart(args: argparse.Namespace, options: RunOptions, out: TextIO, err: TextIO) -> int:
    """`options.hr`: the source from `--hr` over the config's `hr`; the sweep's sound and
    count-in from the flags over the settings, as `run` reads them."""
    if args.action == "scan":
        import sys

        from breathe.cli.plain import read_line

        pick = read_line if sys.stdin is not None and sys.stdin.isatty() else None
        return heart_scan(out, err, pick)
    if args.action == "test":
        return heart_test(options.hr, out, err, args.seconds or TEST_SECONDS)
    from breathe.cli.heart_sweep import cmd_sweep

    return cmd_sweep(args, options, out, err)
