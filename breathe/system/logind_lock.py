"""The logind idle/sleep lock through `systemd-inhibit`: whether it can be had here, what it
is for, and letting its holder go. Apart from wakepy, so that keep-awake knows whether any
method could work before it loads wakepy, and the wakepy method (`inhibit`) uses the same."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

WHO = "breathe"
INHIBIT = "systemd-inhibit"

_SYSTEM_BUS_SOCKET = Path("/run/dbus/system_bus_socket")
_reason = "breathing session"


def set_reason(reason: str) -> None:
    global _reason
    _reason = reason


def inhibit_unusable() -> str | None:
    """Why `systemd-inhibit` cannot hold a lock here, or None when it can."""
    if shutil.which(INHIBIT) is None:
        return f"{INHIBIT} is not installed"
    if "DBUS_SYSTEM_BUS_ADDRESS" not in os.environ and not _SYSTEM_BUS_SOCKET.exists():
        return "no system D-Bus (a container?)"
    return None


def current_reason() -> str:
    """What the hold being taken is for (systemd-inhibit's --why)."""
    return _reason


def stop_holder(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        _signal_group(process, signal.SIGTERM)
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=2)


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    # The child leads its own process group (start_new_session), so this reaches its child
    # too; only while the leader is unreaped, so the group id cannot have been reused.
    if process.returncode is not None:
        return
    with contextlib.suppress(OSError):
        os.killpg(process.pid, sig)
