"""Small facts the app remembers between runs (e.g. the safety text was seen); not settings.

Stored as JSON at `paths.state_file()`. A missing file reads as "nothing kept"; so does a
damaged one (a FIFO, a link to /dev/zero, nesting 100,000 deep, not JSON), never a hang, and
it is told once (`problem()`). Writes replace the file atomically; a damaged file is moved
aside first, never silently overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from breathe.system import paths
from breathe.system.atomic import write_atomic
from breathe.system.files import aside_name, read_regular
from breathe.system.jsontext import loads

SAFETY_SEEN = "safety_seen"
MAX_STATE_BYTES = 1_000_000

_problems: dict[Path, str] = {}


class StateFileError(Exception):
    """The state file cannot be written: one sentence naming it (not the output's fault)."""


def problem(path: Path | None = None) -> str | None:
    """What was wrong with this state file (the one in use by default), once read; None when
    nothing was. Per file: another file read earlier in the process is not this one's."""
    return _problems.get(path or paths.state_file())


def _damaged(path: Path, why: str) -> dict[str, Any]:
    _problems.setdefault(path, f"the app state file {path} {why}; nothing kept in it is used")
    return {}


def load_state(path: Path | None = None) -> dict[str, Any]:
    path = path or paths.state_file()
    try:
        raw = read_regular(path, MAX_STATE_BYTES)
    except FileNotFoundError:
        return {}
    except OSError as exc:  # UnreadableFile: a FIFO, a device, a directory, too big
        return _damaged(path, getattr(exc, "reason", None) or f"cannot be read ({exc})")
    try:
        data = loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _damaged(path, "is not text")
    except ValueError as exc:
        return _damaged(path, f"is not valid JSON ({exc})")
    if not isinstance(data, dict):
        return _damaged(path, "does not hold a JSON object")
    return data


def _is_directory(path: Path) -> StateFileError:
    return StateFileError(
        f"the app state file {path} is a directory; move it away so breathe can keep "
        "small facts there"
    )


def _move_aside(path: Path) -> None:
    """A damaged file (or link, or FIFO) is kept for the user under a new name."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StateFileError(f"cannot check the app state file {path} ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise _is_directory(path)
    aside = aside_name(path, datetime.now(timezone.utc), "damaged")
    try:
        os.replace(path, aside)
    except OSError as exc:
        raise StateFileError(f"cannot move the damaged {path} aside ({exc.strerror})") from None
    _problems[path] = f"the app state file {path} was damaged; it was moved aside to {aside.name}"


def save_state(updates: dict[str, Any], path: Path | None = None) -> None:
    """Merge `updates` into the stored state, keeping keys other parts of the app wrote."""
    path = path or paths.state_file()
    _problems.pop(path, None)
    data = load_state(path)
    if path in _problems:
        _move_aside(path)
    data.update(updates)
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    try:
        write_atomic(path, text, make_dirs=True)
    except IsADirectoryError:
        raise _is_directory(path) from None


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
