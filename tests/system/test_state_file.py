"""A damaged app state file (`state.json`) reads as "nothing kept" with one warning naming it,
never a hang, a traceback or an overwrite; a directory in its place is named as the problem.

Each case runs the real command in a subprocess under a timeout, so a hang fails the test."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from breathe.system import app_state
from breathe.system.jsontext import JsonProblem, loads
from tests.helpers.cli import breathe_cmd, run_main

TIMEOUT = 10


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "data"), BREATHE_CONFIG_DIR=str(tmp_path / "cfg"))
    return env


def _breathe(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command with this test's folders, under a timeout (a hang fails)."""
    return subprocess.run(
        breathe_cmd(*args),
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def _state(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    return folder / "state.json"


def nested(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000)


def not_json(path: Path) -> None:
    path.write_bytes(b"\x00\xff garbage {")


def huge_number(path: Path) -> None:
    path.write_text('{"progress": ' + "9" * 5000 + "}")


def fifo(path: Path) -> None:
    os.mkfifo(path)


def dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def a_list(path: Path) -> None:
    path.write_text("[1, 2, 3]")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "nested 100,000 deep": nested,
    "not JSON": not_json,
    "a 5000-digit number": huge_number,
    "a FIFO": fifo,
    "a link to /dev/zero": dev_zero,
    "not an object": a_list,
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_state_file_reads_as_nothing_kept_with_one_warning(
    tmp_path: Path, damage: str
) -> None:
    state = _state(tmp_path)
    DAMAGE[damage](state)
    done = _breathe(tmp_path, "progress")
    assert done.returncode == 0, done.stderr
    assert "wall" in done.stdout  # every exercise at its starting step: nothing kept is used
    warnings = [line for line in done.stderr.splitlines() if "state file" in line]
    assert len(warnings) == 1, done.stderr
    assert str(state) in warnings[0] and "nothing kept in it is used" in warnings[0]
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr


@pytest.mark.parametrize("damage", ["not JSON", "a FIFO", "a link to /dev/zero"])
def test_writing_over_a_damaged_state_file_moves_it_aside_first(
    tmp_path: Path, damage: str
) -> None:
    state = _state(tmp_path)
    DAMAGE[damage](state)
    done = _breathe(tmp_path, "progress", "wall", "--hold")
    assert done.returncode == 0, done.stderr
    kept = json.loads(state.read_text())
    assert kept["progress"]["wall"]["held"] is True
    aside = [p for p in state.parent.iterdir() if p.name.startswith("state.json.damaged-")]
    assert len(aside) == 1, list(state.parent.iterdir())
    assert "moved aside" in done.stderr and aside[0].name in done.stderr


def test_a_directory_in_place_of_the_state_file_is_named_as_the_problem(tmp_path: Path) -> None:
    state = _state(tmp_path)
    state.mkdir()
    done = _breathe(tmp_path, "progress", "wall", "--hold")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"breathe: the app state file {state} is a directory; move it away so breathe can "
        "keep small facts there"
    )
    assert "output" not in done.stderr
    assert state.is_dir()  # left as it was


def test_the_fifo_state_file_is_read_without_waiting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = _state(tmp_path)
    os.mkfifo(state)
    assert app_state.load_state(state) == {}
    assert app_state.problem(state) is not None and str(state) in str(app_state.problem(state))
    # Not the state file in use: a command in this process does not warn about it.
    assert app_state.problem() is None
    code, _, err = run_main(["progress"], capsys)
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[" * 100_000, "line 1, column 65"),
        ('{"a":' * 50_000, "line 1, column"),
        ("[\n" + "1" * 5000 + "]", "line 2, column 1"),
        ('{"x": NaN}', "line 1"),
        ('{"x": 1e999}', "line 1"),
        ('{"a": [1, 2', "line 1"),
    ],
)
def test_json_a_parser_cannot_take_is_one_located_problem(text: str, where: str) -> None:
    with pytest.raises(JsonProblem) as caught:
        loads(text)
    assert where in str(caught.value)


def test_ordinary_json_is_unchanged() -> None:
    text = json.dumps({"a": [1, 2.5, "x[{"], "b": {"c": None, "d": True}, "e": '\\"['})
    assert loads(text) == json.loads(text)


def test_a_second_damaged_state_file_in_the_same_second_keeps_the_first_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two damaged files moved aside at one clock second: both kept, the second as `-2` (the
    name had no collision check and the second replaced the first)."""
    from datetime import datetime, timezone

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Frozen:
            return cls(2026, 3, 2, 7, 30, 0, tzinfo=timezone.utc)

    monkeypatch.setattr(app_state, "datetime", Frozen)
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / "data"))
    state = _state(tmp_path)
    for n in (1, 2):
        state.write_text(f"damaged {n} {{")
        code, _, err = run_main(["progress", "wall", "--hold"], capsys)
        assert code == 0, err
    first = state.with_name("state.json.damaged-20260302T073000Z")
    second = state.with_name("state.json.damaged-20260302T073000Z-2")
    assert (first.read_text(), second.read_text()) == ("damaged 1 {", "damaged 2 {")
