"""argparse types for numbers, so every option states its whole range the same way."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from fractions import Fraction

from breathe.core.numbers import exact_number
from breathe.core.tension import TENSION_MAX, TENSION_MIN


class UsageError(Exception):
    """Bad input from the user: shown as one line, exit status 2."""


def shown(text: str) -> str:
    """Echo what the user typed, but never a thousand digits of it."""
    return repr(text if len(text) <= 24 else text[:20] + "...")


def whole(name: str, low: int, high: int) -> Callable[[str], int]:
    """A whole number in low..high, e.g. `--breaths must be a whole number from 1 to 1000`."""

    def parse(text: str) -> int:
        stripped = text.strip()
        # At most 12 digits: int() of a 100,000-digit text is slow, and no limit is that big.
        ok = re.fullmatch(r"[+-]?[0-9]{1,12}", stripped) is not None
        value = int(stripped, 10) if ok else None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{name} must be a whole number from {low} to {high}, not {shown(text)}"
            )
        return value

    return parse


# argparse type for --tension, before and after alike.
tension = whole("--tension", TENSION_MIN, TENSION_MAX)


def number(name: str, high: int, *, allow_zero: bool, unit: str = "") -> Callable[[str], Fraction]:
    """A decimal number (read exactly, as a fraction) in 0..high or (0..high]."""

    def parse(text: str) -> Fraction:
        value = exact_number(text)
        low_ok = value is not None and (value >= 0 if allow_zero else value > 0)
        if value is None or not low_ok or value > high:
            low = "from 0" if allow_zero else "more than 0 and"
            raise argparse.ArgumentTypeError(
                f"{name} must be a number {low} up to {high}{unit}, not {shown(text)}"
            )
        return value

    return parse


def heart_source(text: str) -> str:
    """`--hr`: checked as a value now (exit 2 for `sim:fast`); a file is read at the start."""
    if text.strip().lower() in ("off", "auto"):
        return text.strip()  # nothing of the heart to load
    from breathe.core.heart.spec import parse_source

    try:
        parse_source(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text.strip()


def add_hr_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--hr",
        type=heart_source,
        metavar="SOURCE",
        help="heart rate from: off, auto, strap, sim, sim:RATE or an RR file "
        "(default auto, or hr in the config)",
    )
