"""Small facts the app remembers between runs (e.g. the safety text was seen); not settings.

Stored as JSON at `paths.state_file()`. A missing or damaged file reads as "nothing seen yet",
and writes replace the file atomically so a crash never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from breathe.system import paths
from breathe.system.atomic import write_atomic

SAFETY_SEEN = "safety_seen"


def load_state(path: Path | None = None) -> dict[str, Any]:
    path = path or paths.state_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_state(updates: dict[str, Any], path: Path | None = None) -> None:
    """Merge `updates` into the stored state, keeping keys other parts of the app wrote."""
    path = path or paths.state_file()
    data = load_state(path)
    data.update(updates)
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    write_atomic(path, text, make_dirs=True)


def safety_seen(path: Path | None = None) -> bool:
    return load_state(path).get(SAFETY_SEEN) is True


def mark_safety_seen(path: Path | None = None) -> None:
    save_state({SAFETY_SEEN: True}, path)


WARNED = "config_warned"
_KEEP_TERMINALS = 20  # old terminal sessions are forgotten, so the file stays small


def terminal_session(stream: object) -> str | None:
    """Names the terminal session `stream` writes to (its tty and the session id), or None
    when it is not a terminal (a log or a pipe should hear every warning)."""
    import os

    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
        if not os.isatty(fd):
            return None
        return f"{os.ttyname(fd)}:{os.getsid(0)}"
    except (AttributeError, OSError, ValueError):
        return None


def first_time_in_terminal(terminal: str, lines: list[str], path: Path | None = None) -> bool:
    """True when these lines have not yet been shown in this terminal session; remembers
    them (a digest) so the next command there stays quiet until they change."""
    import hashlib

    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
    seen = load_state(path).get(WARNED)
    seen = dict(seen) if isinstance(seen, dict) else {}
    if seen.get(terminal) == digest:
        return False
    seen.pop(terminal, None)
    seen[terminal] = digest
    # Cannot remember: say it again next time rather than never.
    with contextlib.suppress(OSError):
        save_state({WARNED: dict(list(seen.items())[-_KEEP_TERMINALS:])}, path)
    return True


KEPT_ROUTINES = "kept_routines"


def kept_routines(path: Path | None = None) -> dict[str, Any]:
    """Routine adjustments the user asked to keep (`k` on home), by routine id; as stored."""
    kept = load_state(path).get(KEPT_ROUTINES)
    return dict(kept) if isinstance(kept, dict) else {}


def keep_routine(routine_id: str, choice: dict[str, Any] | None, path: Path | None = None) -> None:
    """Remember one routine's adjustments for the next runs; None forgets them."""
    kept = kept_routines(path)
    if choice is None:
        kept.pop(routine_id, None)
    else:
        kept[routine_id] = choice
    save_state({KEPT_ROUTINES: kept}, path)
