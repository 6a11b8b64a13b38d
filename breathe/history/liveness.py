"""Is the process that wrote a `running` row still alive? Linux's /proc tells a live
process from a new one that reuses its pid (and from one before a reboot)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """(state, start time in ticks since boot) from /proc, or None where there is no /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = text[text.rfind(")") + 2 :].split()
    return (rest[0], rest[19]) if len(rest) > 19 else None


def process_token(pid: int) -> str | None:
    """Names one process across pid reuse and reboots (Linux); None elsewhere."""
    stat = _proc_stat(pid)
    boot = _boot_id()
    return f"{boot}:{stat[1]}" if stat and boot else None


def process_alive(pid: int, token: str | None) -> bool:
    if sys.platform == "win32":  # no cheap, safe probe; never mark a session as dead there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    except OSError:
        return False
    stat = _proc_stat(pid)
    if stat is not None and stat[0] in ("Z", "X"):
        return False
    if token is not None:
        current = process_token(pid)
        if current is not None and current != token:
            return False  # the pid now belongs to another process
    return True
