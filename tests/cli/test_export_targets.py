"""Issue 14, defect 16: odd export targets and a huge unknown id get sensible messages."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.cli import breathe_cmd, run_main


def test_export_to_dev_null_is_fine(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(["export", "--output", "/dev/null"], capsys) == (0, "", "")


def test_export_to_proc_says_no_file_can_be_made_there(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["export", "--output", "/proc/version"], capsys)
    assert code == 1
    assert err == (
        "breathe: cannot write /proc/version (cannot create a new file in /proc: "
        "No such file or directory)\n"
    )


def test_export_to_a_directory_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_main(["export", "--output", str(tmp_path)], capsys)
    assert code == 1 and "is a directory; not replacing it" in err


def test_a_5000_character_unknown_id_is_not_echoed_in_full(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_main(["run", "x" * 5000, "--plain"], capsys)
    assert code == 2
    assert err.startswith("breathe: unknown exercise 'xxxx") and "...'" in err
    assert len(err) < 300 and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "wall", "--exhale", "x" * 5000],
        ["run", "wall", "--audio", "x" * 5000],
        ["x" * 5000],
        ["run", "wall", "--" + "x" * 5000],
        ["run", "wall", "--pattern", "x" * 5000],
        ["list", "x" * 5000],
    ],
    ids=["exhale", "audio", "command", "option", "pattern", "extra"],
)
def test_a_5000_character_word_anywhere_is_one_short_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(argv, capsys)
    assert code == 2
    # One line: the word cut to ~40 characters (the rest is the list of valid choices).
    assert err.count("\n") == 1 and len(err) < 300 and "x" * 100 not in err, len(err)


def test_export_to_dev_stdout_into_a_pipe_works(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "c"))
    done = subprocess.run(
        breathe_cmd("export", "--format", "json", "--output", "/dev/stdout"),
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "[]", "")


def test_export_to_a_named_pipe_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREATHE_")}
    env.update(BREATHE_DATA_DIR=str(tmp_path / "d"), BREATHE_CONFIG_DIR=str(tmp_path / "c"))
    done = subprocess.run(
        breathe_cmd("export", "--output", str(fifo)),
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"breathe: cannot write {fifo} (a pipe that no program is reading from)\n"
    )


def test_export_help_names_every_field_the_export_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header row of a real export, field by field, in `breathe export --help`."""
    import re

    monkeypatch.setenv("BREATHE_DATA_DIR", str(tmp_path / "data"))
    session = ["run", "wall", "--plain", "--no-sound", "--breaths", "1", "--pattern", "0.1-0-0.1-0"]
    assert run_main([*session, "--lead-in", "0"], capsys)[0] == 0
    code, out, _ = run_main(["export", "--format", "csv"], capsys)
    assert code == 0
    header = out.splitlines()[0].split(",")
    helped = subprocess.run(
        breathe_cmd("export", "--help"), capture_output=True, text=True, timeout=60, check=True
    ).stdout
    words = " ".join(helped.split())
    missing = [f for f in header if not re.search(rf"\b{f}\b", words)]
    assert len(header) > 20 and not missing, missing
