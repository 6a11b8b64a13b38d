"""Issue 14, defect 16: odd export targets and a huge unknown id get sensible messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import run_main


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
