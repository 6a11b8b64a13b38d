"""The command line as a user or a script meets it: output, exit codes, one-line errors."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from breathe.core.catalogue import EXERCISES, ROUTINES
from tests.helpers.cli import breathe_cmd, run_main


def test_list_shows_every_exercise_and_routine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["list"], capsys)
    assert code == 0 and err == ""
    words = " ".join(out.split())  # a long name may wrap within its column at 80
    for ex in EXERCISES:
        assert f"  {ex.id} " in out
        assert all(word in words for word in ex.name.split())
    for r in ROUTINES:
        assert f"  {r.id} " in out
    wall = next(line for line in out.splitlines() if line.startswith("  wall "))
    assert "3 · 0 · 6 · 3" in wall and "4 breaths x 3" in wall and wall.endswith("ha")


def test_paths_honour_the_overrides(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BREATHE_CONFIG_DIR", str(tmp_path / "conf"))
    code, out, _ = run_main(["paths"], capsys)
    assert code == 0
    assert f"history  {tmp_path / 'data' / 'history.sqlite3'}" in out
    assert f"config   {tmp_path / 'conf' / 'config.toml'}" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "wal"], "breathe: unknown exercise 'wal'; did you mean 'wall'?"),
        (["run", "zzzzzz"], "breathe: unknown exercise 'zzzzzz'; try: wall, goal-post"),
        (["run", "wall", "--pattern", "4-x-8"], "'x' is not a number of seconds"),
        (["run", "wall", "--pattern", "4--8"], "an empty part"),
        (["run", "wall", "--pattern=-1-2-3-0"], "cannot be negative"),
        (["run", "wall", "--pattern", "0-0-0-0"], "needs an inhale and an exhale"),
        (["run", "wall", "--pattern", "121-0-1-0"], "longer than the 120 s limit"),
        (
            ["run", "wall", "--breaths", "0"],
            "breathe: --breaths must be a whole number from 1 to 1000, not '0'",
        ),
        (["run", "wall", "--breaths", "two"], "--breaths must be a whole number"),
        (["run", "wall", "--breaths", "3", "--minutes", "2"], "not allowed with argument"),
        (["run", "hooklying", "--minutes", "300"], "more than 0 and up to 240, not '300'"),
        (["run", "wall", "--minutes", "1e999"], "up to 240, not '1e999'"),
        (
            ["run", "mid-run", "--every", "1e999"],
            "--every must be a number more than 0 and up to 60",
        ),
        (["run", "wall", "--pattern", "-1-2-3-0"], "cannot be negative"),
        (
            ["run", "wall", "--minutes", "240", "--pattern", "0.01-0.01"],
            "breaths a set; at most 1000",
        ),
        (["run", "wall", "--pattern", "0.001-1"], "shorter than 0.01 s"),
        (["run", "box", "--minutes", "100", "--sets", "3"], "over the 4 hour limit"),
        (["run", "wall", "--lead-in", "-1"], "--lead-in must be a number from 0 up to 60 s"),
        (["run", "wall", "--exhale", "hmm"], "--exhale must be hum or ha, not 'hmm'"),
        (["run", "pre-run", "--pattern", "1-1"], "--pattern applies to a single exercise"),
        (["fly"], "unknown command 'fly'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("breathe: ")
    assert message in err
    assert "Traceback" not in err


def _breathe(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        breathe_cmd(*args),
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
    )


def test_version_and_help() -> None:
    version = _breathe("--version")
    assert version.returncode == 0 and version.stdout.startswith("breathe ")
    helptext = _breathe("run", "--help")
    assert helptext.returncode == 0
    for option in (
        "--breaths",
        "--minutes",
        "--sets",
        "--exhale",
        "--pattern",
        "--lead-in",
        "--no-sound",
        "--plain",
    ):
        assert option in helptext.stdout


@pytest.mark.device
def test_one_quick_breath_in_plain_mode_takes_two_seconds() -> None:
    started = time.monotonic()
    proc = _breathe(
        "run",
        "wall",
        "--plain",
        "--breaths",
        "1",
        "--pattern",
        "1-0-1-0",
        "--lead-in",
        "0",
        "--no-sound",
    )
    took = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "00:00 inhale 1s  breath 1/1"
    assert lines[1] == "00:01 exhale 1s  breath 1/1  haaa, mouth open"
    assert lines[-1] == "completed: Wall breathing, 1 breath, 00:02"
    assert took >= 2.0  # the schedule, not the machine, sets the pace


@pytest.mark.device
def test_output_to_a_pipe_is_plain_even_without_the_flag() -> None:
    proc = _breathe(
        "run",
        "4-7-8",
        "--breaths",
        "1",
        "--pattern",
        "0.5-0.25-0.5",
        "--lead-in",
        "0.25",
        "--exhale",
        "hum",
        "--no-sound",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1:4] == [
        "00:00 inhale 0.5s  breath 1/1",
        "00:00 hold 0.25s  breath 1/1",
        "00:01 exhale 0.5s  breath 1/1  hum, lips closed",
    ]


def test_the_app_without_a_terminal_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main([], capsys)
    assert code == 2 and out == ""
    assert err == (
        "breathe: the app needs a terminal; for a session in a pipe or a log use "
        "'breathe run ID --plain' (see 'breathe list')\n"
    )


def test_a_top_up_inhale_is_said_as_one_in_plain_mode(capsys: pytest.CaptureFixture[str]) -> None:
    """`2+0.5`: the short second inhale is a top-up, as the app's TOP UP says, so a screen
    reader does not read two inhales."""
    argv = ["run", "sigh", "--plain", "--no-sound", "--breaths", "2", "--lead-in", "0"]
    code, out, _ = run_main([*argv, "--pattern", "0.06+0.03-0-0.06-0"], capsys)
    assert code == 0
    lines = [line.split("  ")[0][6:] for line in out.splitlines()[:6]]
    assert lines == ["inhale 0.06s", "top up 0.03s", "exhale 0.06s"] * 2
    assert out.splitlines()[1].endswith("breath 1/2  a short sip more, to full")
