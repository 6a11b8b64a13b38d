"""Keep the computer awake while a session runs, and let it sleep again afterwards.

Linux: `systemd-inhibit` holding an idle/sleep lock for a child that ends when our pipe
closes, so even a killed breathe leaves no lock behind. macOS: `caffeinate -w <our pid>`.
Windows: `SetThreadExecutionState`. Anywhere else, or when the tool is missing or refuses
(no system bus in a container), the session carries on without it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator

WHO = "breathe"
# A child that blocks until its stdin reaches end of file: when breathe exits in any way,
# the pipe closes, the child ends and systemd-inhibit drops the lock.
_HOLDER = ("cat",)


class KeepAwake:
    """One hold on the system's sleep; `active` is checked live (a failing tool exits)."""

    def __init__(
        self,
        method: str,
        process: subprocess.Popen[bytes] | None = None,
        undo: Callable[[], None] | None = None,
    ) -> None:
        self.method = method  # "systemd-inhibit", "caffeinate", "windows" or "none"
        self._process = process
        self._undo = undo
        self._released = method == "none"
        if not self._released:
            atexit.register(self.release)

    @property
    def active(self) -> bool:
        if self._released:
            return False
        if self._process is not None:
            return self._process.poll() is None
        return self._undo is not None

    def __bool__(self) -> bool:
        return self.active

    def release(self) -> None:
        """Let the system sleep again; safe to call twice and from atexit."""
        if self._released:
            return
        self._released = True
        atexit.unregister(self.release)
        if self._undo is not None:
            with contextlib.suppress(OSError):
                self._undo()
        if self._process is not None:
            _stop(self._process)


def _stop(process: subprocess.Popen[bytes]) -> None:
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
        if hasattr(os, "killpg"):
            os.killpg(process.pid, sig)
        else:  # pragma: no cover - Windows has no process groups of this kind
            process.send_signal(sig)


def _spawn(method: str, argv: list[str], *, hold_stdin: bool) -> KeepAwake:
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if hold_stdin else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches us, not the child; we release in order
            close_fds=True,
        )
    except OSError:
        return KeepAwake("none")
    return KeepAwake(method, process=process)


def _windows() -> KeepAwake:
    if sys.platform != "win32":
        return KeepAwake("none")
    import ctypes

    es_continuous = 0x80000000
    es_system_required = 0x00000001
    set_state = ctypes.windll.kernel32.SetThreadExecutionState
    if not set_state(es_continuous | es_system_required):
        return KeepAwake("none")
    return KeepAwake("windows", undo=lambda: set_state(es_continuous))


def acquire(reason: str, *, platform: str = sys.platform) -> KeepAwake:
    """Ask the system not to sleep; never raises, returns a hold that may be inactive."""
    if platform == "win32":
        return _windows()
    if platform == "darwin":
        tool = shutil.which("caffeinate")
        if tool is None:
            return KeepAwake("none")
        return _spawn("caffeinate", [tool, "-i", "-w", str(os.getpid())], hold_stdin=False)
    tool = shutil.which("systemd-inhibit")
    if tool is None:
        return KeepAwake("none")
    argv = [
        tool,
        "--what=idle:sleep",
        f"--who={WHO}",
        f"--why={reason}",
        "--mode=block",
        *_HOLDER,
    ]
    return _spawn("systemd-inhibit", argv, hold_stdin=True)


@contextlib.contextmanager
def keep_awake(reason: str, *, platform: str = sys.platform) -> Iterator[KeepAwake]:
    """Hold the system awake for the `with` body; released on exit, exception and Ctrl-C."""
    hold = acquire(reason, platform=platform)
    try:
        yield hold
    finally:
        hold.release()
