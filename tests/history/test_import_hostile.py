"""`breathe import` of a file that never ends, or of JSON the parser cannot take: one located
line at once, exit 1, nothing imported (each run under a timeout, so a hang fails)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import breathe_cmd


def _import(tmp_path: Path, target: Path | str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "c"))
    return subprocess.run(
        breathe_cmd("import", str(target)),
        env=env,
        capture_output=True,
        text=True,
        timeout=5,
        stdin=subprocess.DEVNULL,
    )


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


ENDLESS: dict[str, Callable[[Path], Path | str]] = {
    "/dev/zero": lambda tmp: "/dev/zero",
    "/dev/urandom": lambda tmp: "/dev/urandom",
    "/dev/full": lambda tmp: "/dev/full",
    "a FIFO": _fifo,
}


@pytest.mark.parametrize("kind", list(ENDLESS))
def test_a_file_that_never_ends_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    target = ENDLESS[kind](tmp_path)
    done = _import(tmp_path, target)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == f"breathe: cannot import {target}: it is not a regular file"
    assert "nothing was imported" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[" * 100_000, "line 1 column 65"),
        ('{"a":' * 50_000, "line 1 column"),
        ("[" + "9" * 5000 + "]", "line 1 column 2"),
    ],
    ids=["deep arrays", "deep objects", "a 5000-digit number"],
)
def test_json_python_cannot_parse_is_one_located_line(
    tmp_path: Path, text: str, where: str
) -> None:
    file = tmp_path / "bad.json"
    file.write_text(text)
    done = _import(tmp_path, file)
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"breathe: {file}: not valid JSON at {where}"), first
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr
