"""Running the command line as a user would: in this process, or as a real subprocess."""

from __future__ import annotations

import io
import sys
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
