"""Running the command line as a user would: in this process, or as a real subprocess."""

from __future__ import annotations

import io
import sys

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
