"""Keep the screen on and the system awake while a session runs, and let go afterwards.

Through wakepy's "keep.presenting" mode: the desktop's own D-Bus inhibitors on Linux
(org.freedesktop.ScreenSaver for KDE, Xfce and others, org.gnome.SessionManager for GNOME),
`caffeinate -d` on macOS, `SetThreadExecutionState` on Windows. wakepy has no method for a
machine without a desktop bus (a console, an SSH login), so one is added here and tried last:
a logind idle/sleep lock through `systemd-inhibit`, held by a child that ends when our pipe
closes, so even a killed breathe leaves no lock behind. When nothing works the session runs
anyway, and the user is told once.

wakepy (with jeepney, ctypes and its other platforms' methods, ~1 MiB) is imported only when
one of its methods could work: on Linux without a session bus (`DBUS_SESSION_BUS_ADDRESS`,
all jeepney reads) and without a usable `systemd-inhibit`, none can, and the answer is known
without it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from breathe.system import logind_lock

if TYPE_CHECKING:
    from wakepy import Mode

NOT_KEPT = "The screen may go dark during the session: nothing on this system would keep it on."

# Tests choose fake methods here (wakepy's `methods=`: use these and only these).
USE_ONLY: tuple[str, ...] | None = None

_told = False  # the "nothing works" line is said once per process


def nothing_could_work() -> bool:
    """True when no method could keep this system awake, known without loading wakepy:
    Linux without a session bus (the desktops' methods) and without `systemd-inhibit`.
    Tests' methods (`USE_ONLY`) and wakepy's fake-success hook always go to wakepy."""
    if USE_ONLY is not None or "WAKEPY_FAKE_SUCCESS" in os.environ:
        return False
    if not sys.platform.startswith("linux") or os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    return logind_lock.inhibit_unusable() is not None


class KeepAwake:
    """One hold on the screen and the system's sleep, released once (also at exit)."""

    def __init__(self, mode: Mode | None) -> None:
        self._mode = mode
        self.active = bool(mode is not None and mode.active)
        self.method = mode.active_method.name if mode is not None and mode.active_method else "none"
        if mode is not None:
            atexit.register(self.release)

    def __bool__(self) -> bool:
        return self.active

    def release(self) -> None:
        """Let the screen and the system sleep again; safe to call twice and from atexit."""
        mode, self._mode = self._mode, None
        self.active = False
        if mode is None:
            return
        atexit.unregister(self.release)
        with contextlib.suppress(Exception):
            mode.__exit__(None, None, None)


def acquire(reason: str, *, tell: Callable[[str], None] | None = None) -> KeepAwake:
    """Keep the screen on; never raises. When no method works, `tell` hears so once."""
    global _told
    logind_lock.set_reason(reason)
    mode: Mode | None = None
    if not nothing_could_work():
        mode = _presenting()
    hold = KeepAwake(mode)
    if not hold.active and not _told:
        _told = True
        if tell is not None:
            tell(NOT_KEPT)
    return hold


def _presenting() -> Mode | None:
    """wakepy's keep.presenting, entered; None when wakepy itself fails."""
    try:
        from wakepy import keep

        import breathe.system.inhibit  # noqa: F401  (registers the systemd-inhibit method)

        mode = keep.presenting(
            methods=USE_ONLY,
            methods_priority=None if USE_ONLY else ["*", logind_lock.INHIBIT],
            on_fail="pass",
        )
        mode.__enter__()
    except Exception:  # a broken bus or wakepy itself must never stop a session
        return None
    return mode
