"""Reading numbers typed by a person, bounded before any arithmetic.

`Fraction("1e999999999")` builds a billion-digit integer and spins for minutes; a NaN or an
infinity slips past every `<=`. Everything the user types goes through `exact_number` first.
"""

from __future__ import annotations

import re
from fractions import Fraction

# A plain decimal (`4`, `0.5`, `.5`, `2.`, `1e3`) or a ratio (`1/3`); no `_`, no nan/inf.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?|[+-]?\d+/\d+", re.ASCII)
MAX_NUMBER_CHARS = 40
MAX_EXPONENT = 30  # far beyond any limit breathe has (4 hours = 14,400 s)


def exact_number(text: str) -> Fraction | None:
    """The number `text` spells, exactly; None for anything else or anything absurd
    (over 40 characters, an exponent beyond +-30, a zero denominator)."""
    text = text.strip()
    if len(text) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(text):
        return None
    exponent = text.lower().partition("e")[2]
    if exponent and abs(int(exponent)) > MAX_EXPONENT:
        return None
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None
