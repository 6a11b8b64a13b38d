"""The safety text before a person's first session in plain mode, as the app's welcome shows it.

Printed once, and only to a terminal: a script reading plain mode's lines gets them unchanged.
"""

from __future__ import annotations

import contextlib
import os
import textwrap
from typing import TextIO

from breathe.core.catalogue import SAFETY_TEXT

WIDEST = 88


def tell_safety_once(out: TextIO) -> None:
    """Print the safety text if it was never shown on this machine and `out` is a terminal."""
    try:
        if not out.isatty():
            return
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):
        return
    from breathe.system import app_state

    if app_state.safety_seen():
        return
    try:
        width = min(WIDEST, os.get_terminal_size(fd).columns)
    except OSError:
        width = 80
    lines = textwrap.wrap(SAFETY_TEXT, max(20, width - 2))
    text = "\n".join(["Before your first session:", *(f"  {line}" for line in lines), ""])
    print(text, file=out, flush=True)
    # Not kept: shown again next time, better than never.
    with contextlib.suppress(OSError, app_state.StateFileError):
        app_state.mark_safety_seen()
