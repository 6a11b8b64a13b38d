"""Text output that degrades instead of failing: with `LANG=C` or `PYTHONIOENCODING=ascii`,
`·` is written `-` and `→` `->`, never a UnicodeEncodeError halfway through a listing."""

from __future__ import annotations

import codecs
import contextlib
from typing import TextIO

ERRORS = "breathe-degrade"
_FALLBACKS = {
    "·": "-",
    "—": "-",
    "–": "-",
    "→": "->",
    "…": "...",
    "×": "x",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "•": "*",
    "\u00a0": " ",
}


def _degrade(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_FALLBACKS.get(ch, "?") for ch in bad), error.end


codecs.register_error(ERRORS, _degrade)


def degrade_unencodable(stream: TextIO | None) -> None:
    """Make `stream` (a real text stream; others are left alone) write what it cannot encode
    as the nearest ASCII."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    with contextlib.suppress(ValueError, OSError):  # closed, or already written to
        reconfigure(errors=ERRORS)
