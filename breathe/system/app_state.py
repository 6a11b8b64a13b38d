"""Small facts the app remembers between runs (e.g. the safety text was seen); not settings.

Stored as JSON at `paths.state_file()`. A missing or damaged file reads as "nothing seen yet",
and writes replace the file atomically so a crash never leaves half a file behind.
"""

from __future__ import annotations

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
