"""The logind fallback as a wakepy method, in its own module so that wakepy is imported only
when keep-awake has a method to try (see `keepawake.nothing_could_work`)."""

from __future__ import annotations

import shutil
import subprocess

from wakepy import Method, ModeName
from wakepy.core import PlatformType

from breathe.system import keepawake


class SystemdInhibit(Method):
    """A logind idle/sleep lock: the system stays awake, though a desktop may still blank the
    screen (its D-Bus methods, tried first, cover that)."""

    name = keepawake.INHIBIT
    mode_name = ModeName.KEEP_PRESENTING
    supported_platforms = (PlatformType.LINUX,)
    # A child that blocks until its stdin reaches end of file: when breathe exits in any way,
    # the pipe closes, the child ends and systemd-inhibit drops the lock.
    holder = ("cat",)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._process: subprocess.Popen[bytes] | None = None

    def caniuse(self) -> bool | str | None:
        return keepawake.inhibit_unusable()

    def enter_mode(self) -> None:
        tool = shutil.which(keepawake.INHIBIT) or keepawake.INHIBIT
        argv = [
            tool,
            "--what=idle:sleep",
            f"--who={keepawake.WHO}",
            f"--why={keepawake.current_reason()}",
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
            keepawake.stop_holder(process)
