"""`breathe import` of a file that never ends, or of JSON the parser cannot take: one located
line at once, exit 1, nothing imported (each run under a timeout, so a hang fails)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import breathe_cmd
from tests.helpers.history import export_record


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


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("uid", "a" * 100, "uid is 'aaaa"),
        ("exercise", "w" * 100_000, "exercise is 100,000 characters long; at most 6,500"),
        ("note", "n" * 1_000_000, "note is 1,000,000 characters long; at most 2,000"),
        ("routine", "r" * 5000, "routine is 5,000 characters long; at most 200"),
    ],
    ids=["uid", "exercise", "note", "routine"],  # not the values: a test id goes in the env
)
def test_overlong_ids_names_and_notes_are_located_errors(
    tmp_path: Path, field: str, value: str, says: str
) -> None:
    import json

    file = tmp_path / "long.json"
    file.write_text(json.dumps([export_record(**{field: value})]))
    done = _import(tmp_path, file)
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"breathe: {file} item 1: {says}"), first[:200]
    assert len(first) < 200 and "nothing was imported" in done.stderr


def test_a_history_that_is_a_link_to_dev_null_is_named_as_such_for_reads(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "history.sqlite3").symlink_to("/dev/null")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(data), BREATHE_CONFIG_DIR=str(tmp_path / "c"))
    done = subprocess.run(
        breathe_cmd("history"), env=env, capture_output=True, text=True, timeout=10
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"breathe: the history file {data / 'history.sqlite3'} is not a regular file; "
        "move it away and breathe starts a new one\n"
    )
