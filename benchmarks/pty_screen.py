"""Run a program in a pseudo-terminal and watch its screen through a terminal emulator (pyte)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import resource
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyte


@dataclass
class ChildUsage:
    cpu_seconds: float
    max_rss_kib: int
    wall_seconds: float


class PtyScreen:
    """One child process on a virtual screen of a given size."""

    def __init__(
        self,
        argv: Sequence[str],
        columns: int = 100,
        lines: int = 30,
        env: dict[str, str] | None = None,
    ) -> None:
        self.columns, self.lines = columns, lines
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # child
            os.environ.update(env or {})
            os.environ["TERM"] = "xterm-256color"
            os.environ["COLUMNS"], os.environ["LINES"] = str(columns), str(lines)
            os.execvp(argv[0], list(argv))
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.usage: ChildUsage | None = None

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, timeout: float) -> bool:
        """Read what the child wrote within timeout; False once the child has gone."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.stream.feed(data)
        return True

    def watch(self, seconds: float, on_change: Callable[[float, str], None] | None = None) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            before = self.screen.dirty.copy() if on_change else None
            if not self.pump(min(left, 0.05)):
                return
            if on_change and (self.screen.dirty or before):
                now = time.monotonic()
                self.screen.dirty.clear()
                on_change(now, self.text())

    def wait_for(self, needle: str, timeout: float = 30.0) -> float | None:
        """Monotonic time at which needle first appeared, or None on timeout."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.pump(0.01):
                break
            if needle in self.text():
                return time.monotonic()
        return None

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def stop(self, keys: bytes = b"", grace: float = 5.0) -> ChildUsage:
        """Ask the child to leave (keys, then SIGTERM, then SIGKILL) and reap it with its usage."""
        if self.usage is not None:
            return self.usage
        if keys:
            with contextlib.suppress(OSError):
                self.send(keys)
        deadline = time.monotonic() + grace
        sent_term = False
        while True:
            pid, _status, ru = os.wait4(self.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL if sent_term else signal.SIGTERM)
                sent_term, deadline = True, time.monotonic() + grace
            with contextlib.suppress(OSError):
                self.pump(0.05)
        with contextlib.suppress(OSError):
            os.close(self.fd)
        self.usage = ChildUsage(
            cpu_seconds=ru.ru_utime + ru.ru_stime,
            max_rss_kib=ru.ru_maxrss,
            wall_seconds=time.monotonic() - self.started,
        )
        return self.usage


def self_usage() -> resource.struct_rusage:
    return resource.getrusage(resource.RUSAGE_CHILDREN)
