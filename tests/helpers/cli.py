"""Running the command line as a user would: in this process, or as a real subprocess."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Sequence

import pytest

from breathe.cli.main import main


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`breathe ARGV` in this process: exit status, standard output, standard error."""
    out = io.StringIO()
    code = main(argv, out=out)
    return code, out.getvalue(), capsys.readouterr().err


def breathe_cmd(*args: str) -> list[str]:
    """The argv of `breathe ARGS` as a subprocess, with this interpreter."""
    return [sys.executable, "-m", "breathe", *args]


def run_on_a_terminal(
    args: Sequence[str], env: dict[str, str], timeout: float = 60
) -> tuple[int, str, str]:
    """`breathe ARGS` with standard output on a pseudo-terminal and standard input from
    /dev/null: exit status, what the terminal got (newlines as "\\n"), standard error."""
    import os
    import pty
    import subprocess

    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            breathe_cmd(*args),
            stdout=slave,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        os.close(slave)
        chunks: list[bytes] = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        _, err = proc.communicate(timeout=timeout)
    finally:
        os.close(master)
    return proc.returncode, b"".join(chunks).decode().replace("\r\n", "\n"), err.decode()


class PtyOutput:
    """Everything a program wrote to the pseudo-terminal whose master side is `master`,
    gathered on a thread as it comes."""

    def __init__(self, master: int) -> None:
        import threading

        self.master = master
        self.output = bytearray()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # EIO: the other side closed
                return
            if not chunk:
                return
            self.output += chunk

    def raw(self) -> bytes:
        return bytes(self.output)

    def text(self) -> str:
        return self.output.decode(errors="replace").replace("\r\n", "\n")

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def wait_for(self, needle: str, after: int = 0, timeout: float = 40) -> int:
        """Where `needle` shows in the text (from `after` on), once it does."""
        deadline = time.monotonic() + timeout
        while (at := self.text().find(needle, after)) < 0:
            if time.monotonic() > deadline or self.gone():
                raise AssertionError(f"{needle!r} never came:\n{self.text()}")
            time.sleep(0.05)
        return at

    def gone(self) -> bool:
        return False


class Terminal(PtyOutput):
    """`breathe ARGS` with its input and output on one pseudo-terminal, as typed in a shell
    (`size`: the terminal's columns and rows)."""

    def __init__(
        self, args: Sequence[str], env: dict[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        import fcntl
        import pty
        import struct
        import subprocess
        import termios

        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.proc = subprocess.Popen(
            breathe_cmd(*args), stdin=slave, stdout=slave, stderr=slave, env=env
        )
        os.close(slave)
        super().__init__(master)

    def gone(self) -> bool:
        return self.proc.poll() is not None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        os.close(self.master)
