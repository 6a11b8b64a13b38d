"""`--hr SOURCE` and `hr = "…"` as a value: off, auto, strap, sim, sim:RATE or a file path."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from breathe.core.heart.sim import DEFAULT_RESONANCE

SourceKind = Literal["off", "auto", "strap", "sim", "file"]
RESONANCE_RANGE = (3.0, 10.0)


@dataclass(frozen=True)
class SourceSpec:
    """What to read heart beats from; `resonance` for sim, `path` for file."""

    kind: SourceKind
    resonance: float = DEFAULT_RESONANCE
    path: str = ""


def parse_source(text: str) -> SourceSpec:
    """The source the user named; ValueError with a sentence for `sim:fast` and the like.
    Anything that is not a keyword is a file path (checked when it is read)."""
    value = text.strip()
    word = value.lower()
    if word in ("off", "auto", "strap", "sim"):
        return SourceSpec(word)  # type: ignore[arg-type]
    if word.startswith("sim:"):
        try:
            rate = float(word[4:])
        except ValueError:
            raise ValueError(f"sim:RATE needs a rate in breaths/min, not {value[4:]!r}") from None
        lo, hi = RESONANCE_RANGE
        if not math.isfinite(rate) or not lo <= rate <= hi:
            raise ValueError(f"sim:RATE: the rate must be from {lo:g} to {hi:g} breaths/min")
        return SourceSpec("sim", resonance=rate)
    if not value:
        raise ValueError("--hr needs a source: off, auto, strap, sim, sim:RATE or a file")
    return SourceSpec("file", path=value)
