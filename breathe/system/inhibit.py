"""The logind fallback as a wakepy method, in its own module so that wakepy is imported only
when keep-awake has a method to try (see `keepawake.nothing_could_work`)."""

from __future__ import annotations

import shutil
import subprocess

from wakepy import Method, ModeName
from wakepy.core import PlatformType

from breathe.system import logind_lock


class SystemdInhibit(Method):
    """A logind idle/sleep lock: the system stays awake, though a desktop may still blank the
    screen (its D-Bus methods, tried first, cover that)."""

    name = logind_lock.INHIBIT
    mode_name = ModeName.KEEP_PRESENTING
    supported_platforms = (PlatformType.LINUX,)
    # A child that blocks until its stdin reaches end of file: when breathe exits in any way,
    # the pipe closes, the child ends and systemd-inhibit drops the lock.
    holder = ("cat",)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._process: subprocess.Popen[bytes] | None = None

    def caniuse(self) -> bool | str | None:
        return logind_lock.inhibit_unusable()

    def enter_mode(self) -> None:
        tool = shutil.which(logind_lock.INHIBIT) or logind_lock.INHIBIT
        argv = [
            tool,
            "--what=idle:sleep",
            f"--who={logind_lock.WHO}",
            f"--why={logind_lock.current_reason()}",
            "--mode=block",
            *self.holder,
        ]
        self._process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches us, not the child; we release in order
            close_fds=True,
        )

    def exit_mode(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            logind_lock.stop_holder(process)
