"""Run a program in a pseudo-terminal and watch its screen through a terminal emulator (pyte)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


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
        import pyte  # the bench extra: only a run that watches a screen needs it

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
        self.parse_seconds: list[float] = []

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def _pump(self, timeout: float) -> bool:
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

    def watch(self, seconds: float, on_change: Callable[[float, list[str]], None]) -> None:
        """Pump output for `seconds`, calling on_change(time, screen lines) after each read.

        The time is taken as soon as the read returns; `parse_seconds` collects how long the
        emulator and on_change took after each read, which would delay the next read's time.
        """
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if not ready:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            now = time.monotonic()
            self.stream.feed(data)
            on_change(now, self.screen.display)
            self.parse_seconds.append(time.monotonic() - now)

    def wait_for(self, found: Callable[[list[str]], bool], timeout: float = 30.0) -> float | None:
        """Monotonic time of the read after which `found(screen lines)` first held."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.01)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return None
            if not data:
                return None
            now = time.monotonic()
            self.stream.feed(data)
            if found(self.screen.display):
                return now
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
                self._pump(0.05)
        with contextlib.suppress(OSError):
            os.close(self.fd)
        self.usage = ChildUsage(
            cpu_seconds=ru.ru_utime + ru.ru_stime,
            max_rss_kib=ru.ru_maxrss,
            wall_seconds=time.monotonic() - self.started,
        )
        return self.usage


def cpu_seconds(pid: int) -> float:
    """User + system CPU a live process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
